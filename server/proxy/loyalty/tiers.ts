/**
 * Tier rules, light: Mews tiers have only an ordering, Keycard adds `min_points`. After points
 * move, a membership whose program has rules goes to the highest tier it qualifies for.
 * Programs without rules are left alone: their tiers are managed by hand in Mews.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Program, Tier } from '../../../lib/domain/types';
import { recordAudit } from '../audit';
import { isMewsError } from '../mews/errors';
import type { MewsLoyaltyMembership } from '../mews/types';
import type { Database } from '../store/schema';
import type { LoyaltyContext } from './deps';
import type { Actor, LedgerRow } from './ledger';
import { writeMemberships } from './mirror';

/** The tier `points` earns under the program's rules; undefined when no rule applies. */
export function qualifyingTier(program: Program, points: number): Tier | undefined {
  const ruled = program.tiers.filter((t) => t.minPoints !== null);
  if (ruled.length === 0) return undefined;
  return ruled
    .filter((t) => (t.minPoints as number) <= points)
    .sort((a, b) => b.ordering - a.ordering || (b.minPoints as number) - (a.minPoints as number))[0];
}

/**
 * Moves `membership` to its qualifying tier, if that differs. Returns the membership as Mews
 * now has it. A failed tier write is logged, not thrown: the points are already applied, and
 * the next adjustment retries the tier.
 */
export async function applyTierRules(
  ctx: LoyaltyContext,
  conn: Kysely<Database>,
  program: Program | undefined,
  membership: MewsLoyaltyMembership,
  cause: LedgerRow,
  actor: Actor | null,
): Promise<MewsLoyaltyMembership> {
  if (!program) return membership;
  const points = membership.Points ?? 0;
  const target = qualifyingTier(program, points);
  if (!target || target.id === (membership.LoyaltyTierId ?? null)) return membership;
  let updated: MewsLoyaltyMembership;
  try {
    const { LoyaltyMemberships } = await ctx.mews.call('loyaltyMemberships/update', {
      LoyaltyMembershipUpdates: [{ LoyaltyMembershipId: membership.Id, LoyaltyTierId: { Value: target.id } }],
      ChainId: membership.ChainId,
    });
    updated = LoyaltyMemberships.find((m) => m.Id === membership.Id) ?? { ...membership, LoyaltyTierId: target.id };
  } catch (error) {
    if (!isMewsError(error)) throw error;
    ctx.log.warn({ membershipId: membership.Id, tierId: target.id, err: error.toJSON() }, 'tier change failed');
    return membership;
  }
  const now = ctx.now();
  const from = program.tiers.find((t) => t.id === membership.LoyaltyTierId);
  await conn.transaction().execute(async (trx) => {
    await trx.insertInto('ledger').values({
      id: randomUUID(),
      membership_id: membership.Id,
      idempotency_key: `${cause.id}:retier`,
      delta: 0,
      reason: 'correction',
      note: `Tier ${from?.name ?? 'none'} → ${target.name} at ${points} points`,
      points_before: points,
      points_after: points,
      status: 'applied',
      kind: 'retier',
      device_id: cause.device_id,
      device_name: cause.device_name,
      created_at: now.toISOString(),
      applied_at: now.toISOString(),
    }).execute();
    await writeMemberships(trx, [{ ...updated, Points: points }], now.toISOString());
    await recordAudit(trx, {
      device: actor,
      action: 'membership.retiered',
      subjectId: membership.Id,
      before: { tierId: membership.LoyaltyTierId ?? null },
      after: { tierId: target.id, points, ledgerId: cause.id },
      at: now,
    });
  });
  return { ...updated, Points: points };
}
