/**
 * Reconciliation: every ledger entry still `pending` is a Mews write whose outcome nobody saw
 * (a crash, a timeout, a lost answer). Each is settled under its membership's lock by the write
 * fence (fence.ts): seen in Mews → applied; past its bound and Mews still at points_before →
 * written again, applied; past its bound with anything else → `review` for a human. One still
 * inside its bound is left alone (`fenced`) and tried on the next pass: at start-up, then
 * every few seconds while any entry is pending, on every instance (the lock makes that safe).
 */
import { isMewsError } from '../../mews/errors';
import { entryById, pendingEntries } from '../../store/ledger-repository';
import { withMembershipSessionLock } from '../../store/transaction';
import type { LoyaltyContext } from '../core/deps';
import { settlePending } from './fence';

export interface ReconcileReport {
  applied: number;
  review: number;
  /** Inside their fence: Mews may still apply them; the next pass looks again. */
  fenced: number;
  /** Left pending because Mews could not be asked; the next run tries again. */
  failed: number;
}

/**
 * @example
 * const report = await reconcilePending(ctx); // { applied: 1, review: 0, fenced: 0, failed: 0 }
 */
export async function reconcilePending(ctx: LoyaltyContext): Promise<ReconcileReport> {
  const { db, dialect } = ctx.store;
  const report: ReconcileReport = { applied: 0, review: 0, fenced: 0, failed: 0 };
  const pending = await pendingEntries(db);
  for (const { id, membership_id } of pending) {
    try {
      await withMembershipSessionLock(db, dialect, membership_id, async (conn) => {
        // Settled meanwhile (by a retry of the same key)? Then there is nothing to do.
        const entry = await entryById(conn, id);
        if (!entry || entry.status !== 'pending') return;
        const settled = await settlePending(ctx, conn, entry, null, 0);
        if (settled.kind === 'fenced') report.fenced++;
        else if (settled.entry.status === 'applied') report.applied++;
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

/**
 * Runs {@link reconcilePending} every `everyMs` (one local query when nothing is pending), so a
 * fenced entry nobody retries is still settled soon after its bound. Returns the stopper.
 */
export function startReconciler(ctx: LoyaltyContext, everyMs: number): () => Promise<void> {
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = reconcilePending(ctx)
      .catch((error: unknown) => ctx.log.error({ err: error }, 'ledger reconciliation failed'))
      .finally(() => { running = null; });
  }, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
