/**
 * The points ledger Mews lacks: reading rows as v1 Adjustments, and the steps every
 * adjustment (and every settlement, fence.ts) shares: read the membership from Mews, and record
 * an applied write (ledger, mirror, audit) or one for review, each in one transaction.
 *
 * Residual risk, by design of the Mews API: Mews has no compare-and-set and no increment, so
 * "read Points, write Points + delta" can lose a change made inside Mews (Mews Operations, or
 * another integration) between our read and our write. Keycard serializes its own writers per
 * membership (withMembershipSessionLock) and keeps the window to two back-to-back calls, but
 * cannot close it; the ledger's points_before/points_after make any such overwrite visible.
 */
import type { Kysely } from 'kysely';
import type { Adjustment, AdjustmentReason } from '../../../../lib/contract';
import { recordAudit } from '../../store/audit';
import type { MewsLoyaltyMembership } from '../../mews/connector-types';
import { setApplied, setReview, type LedgerRow } from '../../store/ledger-repository';
import type { Database } from '../../store/schema';
import type { Actor, LoyaltyContext } from '../core/deps';
import { writeMemberships } from '../../store/mirror-repository';

export type { Actor, LedgerRow };

export function adjustmentFromRow(row: LedgerRow): Adjustment & { kind: string } {
  return {
    id: row.id,
    membershipId: row.membership_id,
    delta: row.delta,
    reason: row.reason as AdjustmentReason,
    note: row.note,
    pointsBefore: row.points_before,
    pointsAfter: row.points_after,
    status: row.status,
    deviceId: row.device_id,
    deviceName: row.device_name,
    createdAt: row.created_at,
    kind: row.kind,
    reservationId: row.stay_id,
  };
}

/** The membership as Mews has it now (deleted ones too), or null. */
export async function readMewsMembership(ctx: LoyaltyContext, membershipId: string): Promise<MewsLoyaltyMembership | null> {
  for (const states of [['Active'], ['Deleted']] as const) {
    const { LoyaltyMemberships } = await ctx.mews.call('loyaltyMemberships/getAll', {
      LoyaltyMembershipIds: [membershipId],
      ActivityStates: [...states],
      Limitation: { Count: 1 },
    });
    const found = LoyaltyMemberships.find((m) => m.Id === membershipId);
    if (found) return states[0] === 'Deleted' ? { ...found, ActivityState: 'Deleted' } : found;
  }
  return null;
}

/**
 * Records that Mews now holds `entry.points_after`: ledger applied, mirror updated, audit
 * written, all in one transaction. `membership` is what Mews answered (or last read).
 */
export async function markApplied(
  ctx: LoyaltyContext,
  conn: Kysely<Database>,
  entry: LedgerRow,
  membership: MewsLoyaltyMembership,
  actor: Actor | null,
  action = 'points.adjusted',
): Promise<LedgerRow> {
  const now = ctx.now();
  const applied: LedgerRow = { ...entry, status: 'applied', applied_at: now.toISOString() };
  await conn.transaction().execute(async (trx) => {
    await setApplied(trx, entry.id, applied.applied_at!);
    await writeMemberships(trx, [{ ...membership, Points: entry.points_after }], now.toISOString());
    await recordAudit(trx, {
      device: actor,
      action,
      subjectId: entry.membership_id,
      before: { points: entry.points_before },
      after: { points: entry.points_after, delta: entry.delta, reason: entry.reason, ledgerId: entry.id },
      at: now,
    });
  });
  return applied;
}

/** Flags an entry for a human: Mews holds neither the before nor the after value. */
export async function markReview(
  ctx: LoyaltyContext,
  conn: Kysely<Database>,
  entry: LedgerRow,
  mewsPoints: number | null,
): Promise<LedgerRow> {
  const now = ctx.now();
  await conn.transaction().execute(async (trx) => {
    await setReview(trx, entry.id);
    await recordAudit(trx, {
      device: null,
      action: 'points.review',
      subjectId: entry.membership_id,
      before: { points: entry.points_before, expectedAfter: entry.points_after, ledgerId: entry.id },
      after: { mewsPoints },
      at: now,
    });
  });
  ctx.log.warn({ ledgerId: entry.id, membershipId: entry.membership_id, mewsPoints }, 'ledger entry needs review');
  return { ...entry, status: 'review' };
}
