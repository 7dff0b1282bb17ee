/**
 * Tier rules, light: Mews tiers have only an ordering, Keycard adds `min_points` and a
 * per-program re-tier mode. After points move, a membership whose program has rules goes to
 * the highest tier it qualifies for: only upwards in mode `up`, either way in mode `both`.
 * Programs without rules are left alone: their tiers are managed by hand in Mews. "Higher" is
 * tier-rank.ts's: by thresholds, else the direction a manager confirmed, never by a guess.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Membership, NextTier, Program, Tier } from '../../../../lib/contract';
import { recordAudit } from '../../store/audit';
import { isMewsError } from '../../mews/errors';
import type { MewsLoyaltyMembership } from '../../mews/connector-types';
import type { Database } from '../../store/schema';
import { DEFAULT_RETIER_MODE, type Catalog } from './catalog';
import type { Actor, LoyaltyContext } from '../core/deps';
import { insertEntry, type LedgerRow } from '../../store/ledger-repository';
import { writeMemberships } from '../../store/mirror-repository';
import { compareTiers } from './tier-rank';

/** The tier `points` earns under the program's rules (the highest threshold reached); undefined when none. */
export function qualifyingTier(program: Program, points: number): Tier | undefined {
  return program.tiers
    .filter((t) => t.minPoints !== null && t.minPoints <= points)
    .sort((a, b) => (compareTiers(program, b, a) ?? 0) || a.id.localeCompare(b.id))[0];
}

/**
 * Where a membership at `points` in `currentTierId` should go, per the program's re-tier
 * mode (`up`: never below the current tier); undefined to stay.
 */
export function retierTarget(program: Program, currentTierId: string | null, points: number): Tier | undefined {
  const target = qualifyingTier(program, points);
  if (!target || target.id === currentTierId) return undefined;
  if ((program.retierMode ?? DEFAULT_RETIER_MODE) === 'both') return target;
  const current = program.tiers.find((t) => t.id === currentTierId);
  // A tier Keycard cannot rank against the target (no threshold, no confirmed direction) stays.
  return !current || (compareTiers(program, target, current) ?? 0) > 0 ? target : undefined;
}

/** The first tier above the current one whose threshold the points do not reach yet. */
export function nextTierOf(program: Program, membership: Pick<Membership, 'tierId' | 'points'>): NextTier | null {
  const current = program.tiers.find((t) => t.id === membership.tierId);
  const above = (t: Tier) => !current || (compareTiers(program, t, current) ?? 0) > 0;
  const next = program.tiers
    .filter((t) => t.minPoints !== null && t.minPoints > membership.points && above(t))
    .sort((a, b) => (a.minPoints as number) - (b.minPoints as number) || (compareTiers(program, a, b) ?? 0))[0];
  return next ? { tierId: next.id, name: next.name, pointsNeeded: (next.minPoints as number) - membership.points } : null;
}

/** peekPrograms' list by id, made once per list (it is shared until the next rules read). */
const programsById = new WeakMap<Program[], Map<string, Program>>();

/**
 * Adds `nextTier` to each membership. Uses the catalog's last good program list, so it never
 * waits on Mews; leaves the field out when no list is known.
 */
export async function withNextTier<T extends Membership>(catalog: Catalog, memberships: T[]): Promise<T[]> {
  if (memberships.length === 0) return memberships;
  const programs = await catalog.peekPrograms().catch(() => undefined);
  if (!programs) return memberships;
  let byId = programsById.get(programs);
  if (!byId) programsById.set(programs, (byId = new Map(programs.map((p) => [p.id, p]))));
  return memberships.map((m) => {
    const program = byId.get(m.programId);
    return { ...m, nextTier: program ? nextTierOf(program, m) : null };
  });
}

/** {@link withNextTier} for every membership of a guest's answer. */
export async function withNextTiers<T extends { memberships: Membership[] }>(catalog: Catalog, answer: T): Promise<T> {
  return { ...answer, memberships: await withNextTier(catalog, answer.memberships) };
}

/** {@link withNextTier} for member records (search results, sync pages). */
export async function withNextTierRecords<T extends { membership: Membership }>(catalog: Catalog, records: T[]): Promise<T[]> {
  const memberships = await withNextTier(catalog, records.map((r) => r.membership));
  return records.map((r, i) => ({ ...r, membership: memberships[i] as Membership }));
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
  const target = retierTarget(program, membership.LoyaltyTierId ?? null, points);
  if (!target) return membership;
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
    await insertEntry(trx, {
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
    });
    await writeMemberships(trx, [{ ...updated, Points: points }], now.toISOString());
    await recordAudit(trx, {
      device: actor,
      action: 'membership.retiered',
      subjectId: membership.Id,
      before: { tierId: membership.LoyaltyTierId ?? null },
      after: { tierId: target.id, points, ledgerId: cause.id, mode: program.retierMode ?? DEFAULT_RETIER_MODE },
      at: now,
    });
  });
  return { ...updated, Points: points };
}
