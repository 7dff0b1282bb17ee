/**
 * Idempotency records are kept for IDEMPOTENCY_RETENTION_DAYS, then swept: without it the
 * table grew by a row per write, forever. The retention outlasts DEVICE_IDLE_DAYS (config.ts
 * refuses less), so any desk whose token still works finds the keys of its own changes.
 * A pass a few seconds after start, then hourly, in batches; every instance may sweep (two
 * deleting the same old rows merely split the work).
 */
import { deleteIdempotencyBefore } from '../../store/idempotency-repository';
import type { LoyaltyContext } from './deps';
import { createRepeating, type Repeating } from './repeating';

/** Rows per DELETE: short statements, so a sweep never holds the table for long. */
export const SWEEP_BATCH = 500;
const FIRST_PASS_DELAY_MS = 5_000;

/**
 * Deletes every record created more than `retentionMs` before `now`; returns how many.
 *
 * @example
 * await sweepIdempotency(ctx, 120 * 86_400_000); // → 1205
 */
export async function sweepIdempotency(ctx: Pick<LoyaltyContext, 'store'>, retentionMs: number, now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - retentionMs).toISOString();
  let deleted = 0;
  for (;;) {
    const batch = await deleteIdempotencyBefore(ctx.store.db, before, SWEEP_BATCH);
    deleted += batch;
    if (batch < SWEEP_BATCH) return deleted;
  }
}

/** The periodic sweep; `start()` after the store is ready, `stop()` before it closes. */
export function createIdempotencySweeper(ctx: LoyaltyContext): { start(): void; stop(): Promise<void> } {
  const { idempotencyRetentionMs, idempotencySweepIntervalMs } = ctx.config;
  const repeating: Repeating = createRepeating(idempotencySweepIntervalMs, async () => {
    try {
      const deleted = await sweepIdempotency(ctx, idempotencyRetentionMs, ctx.now());
      if (deleted > 0) ctx.log.info({ deleted, retentionDays: idempotencyRetentionMs / 86_400_000 }, 'idempotency records past retention deleted');
    } catch (error) {
      // Housekeeping only: the next pass tries again.
      ctx.log.warn({ err: error }, 'idempotency sweep failed');
    }
  });
  return { start: () => repeating.start(FIRST_PASS_DELAY_MS), stop: () => repeating.stop() };
}
