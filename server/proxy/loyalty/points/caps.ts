/**
 * Desk caps: rolling 24-hour limits on the points desks give, per membership and per desk
 * device. The per-request limit (`deskAdjustmentLimit`) alone bounded nothing: the security
 * review (issue 17) landed ten +1,000 adjustments with different keys on one membership in
 * about a second. Above a cap the desk is told to ask a manager, nothing is written, and the
 * audit log gets a `points.cap-exceeded` alert.
 *
 * What counts: positive adjustments by desk devices, whatever their reason (a positive
 * correction gives points like a bonus does). Points taken away do not count: a removal
 * creates no value and is bounded by the balance (adjustments.ts), and counting absolute
 * values would stop a desk in the middle of a guest's large redemption. Netting them would be
 * worse: redeem 1,000, credit 1,000, and the cap is free again while the guest has both the
 * reward and the points. So a credit that was undone still counts until it is a day old.
 * Who is capped: desk devices. A manager's adjustment is not capped; it is the approval.
 * Stay credits (stays/) are Keycard's own rows, not adjustments, and never count.
 *
 * Exactness: the ledger is the count, shared by every proxy instance. The caller holds the
 * membership's lock, which serialises the membership cap; the device cap spans memberships,
 * so counting and adding the new entry happen in one transaction holding the device's lock
 * (withDeviceLock), and two requests of one desk can never both take the last points.
 */
import type { Kysely } from 'kysely';
import { NEEDS_MANAGER_APPROVAL } from '../../../../lib/contract';
import { forbidden, type ProblemError } from '../../http/problems';
import { recordAudit } from '../../store/audit';
import { deskCreditsSince, insertEntry } from '../../store/ledger-repository';
import type { Database } from '../../store/schema';
import { withDeviceLock } from '../../store/transaction';
import type { Actor, LoyaltyContext } from '../core/deps';
import type { LedgerRow } from './ledger';

const DAY_MS = 24 * 3_600_000;

interface CapUse {
  cap: 'membership' | 'device';
  limit: number;
  /** Points desks gave within the last 24 hours, before this entry. */
  used: number;
}

/**
 * Adds the new `pending` entry (the caller holds its membership's lock) unless a desk cap
 * forbids it; then answers the 403 to send instead, and has written the audit alert.
 *
 * @example
 * const refused = await insertWithinDeskCaps(ctx, conn, entry, device);
 * if (refused) return finalProblem(conn, storeKey, refused);
 */
export async function insertWithinDeskCaps(
  ctx: LoyaltyContext,
  conn: Kysely<Database>,
  entry: LedgerRow,
  device: Actor,
): Promise<ProblemError | null> {
  if (device.role === 'manager' || entry.delta <= 0) {
    await insertEntry(conn, entry);
    return null;
  }
  const since = new Date(ctx.now().getTime() - DAY_MS).toISOString();
  return withDeviceLock(conn, ctx.store.dialect, device.id, async (trx) => {
    const uses: CapUse[] = [
      { cap: 'membership', limit: ctx.config.deskDailyCapPerMembership, used: await deskCreditsSince(trx, { membershipId: entry.membership_id }, since) },
      { cap: 'device', limit: ctx.config.deskDailyCapPerDevice, used: await deskCreditsSince(trx, { deviceId: device.id }, since) },
    ];
    const over = uses.find((use) => use.used + entry.delta > use.limit);
    if (!over) {
      await insertEntry(trx, entry);
      return null;
    }
    await recordAudit(trx, {
      device,
      action: 'points.cap-exceeded',
      subjectId: entry.membership_id,
      before: { points: entry.points_before },
      after: { delta: entry.delta, reason: entry.reason, ...over },
      at: ctx.now(),
    });
    ctx.log.warn({ deviceId: device.id, membershipId: entry.membership_id, delta: entry.delta, ...over }, 'desk cap reached; adjustment refused');
    return needsManager(over);
  });
}

/** 403 naming the cap and what is left; the desk's next step is a manager. */
function needsManager({ cap, limit, used }: CapUse): ProblemError {
  const left = Math.max(0, limit - used);
  const words = { key: cap === 'membership' ? 'capMembership' : 'capDevice', params: { used, limit, left } } as const;
  return forbidden(words, { type: NEEDS_MANAGER_APPROVAL, cap, limit, used, left });
}
