/**
 * Start-up reconciliation: every ledger entry still `pending` is a Mews write whose outcome
 * nobody saw (a crash, a timeout, a 5xx). Each is settled under its membership's lock:
 * Mews == points_after → applied; Mews == points_before → written again, applied; anything
 * else → `review` (and audited) for a human to decide.
 */
import { isMewsError } from '../mews/errors';
import { withMembershipSessionLock } from '../store/transaction';
import type { LoyaltyContext } from './deps';
import { reconcileEntry } from './ledger';

export interface ReconcileReport {
  applied: number;
  review: number;
  /** Left pending because Mews could not be asked; the next run tries again. */
  failed: number;
}

/**
 * @example
 * const report = await reconcilePending(ctx); // { applied: 1, review: 0, failed: 0 }
 */
export async function reconcilePending(ctx: LoyaltyContext): Promise<ReconcileReport> {
  const { db, dialect } = ctx.store;
  const report: ReconcileReport = { applied: 0, review: 0, failed: 0 };
  const pending = await db.selectFrom('ledger').select(['id', 'membership_id']).where('status', '=', 'pending')
    .orderBy('created_at').execute();
  for (const { id, membership_id } of pending) {
    try {
      await withMembershipSessionLock(db, dialect, membership_id, async (conn) => {
        // Settled meanwhile (by a retry of the same key)? Then there is nothing to do.
        const entry = await conn.selectFrom('ledger').selectAll().where('id', '=', id).executeTakeFirst();
        if (!entry || entry.status !== 'pending') return;
        const settled = await reconcileEntry(ctx, conn, entry, null);
        if (settled.entry.status === 'applied') report.applied++;
        else report.review++;
      });
    } catch (error) {
      if (!isMewsError(error)) throw error;
      report.failed++;
      ctx.log.warn({ ledgerId: id, err: error.toJSON() }, 'could not reconcile ledger entry; will retry');
    }
  }
  if (pending.length > 0) ctx.log.info({ ...report }, 'ledger reconciled');
  return report;
}
