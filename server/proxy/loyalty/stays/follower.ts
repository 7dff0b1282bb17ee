/**
 * Follows reservations to credit stays at check-out. Two ways in, one way through:
 *
 * - the general webhook's ServiceOrderUpdated (when configured): ids queued, read back in one
 *   `reservations/getAll` per 1,000 after a short delay, settled — seconds after check-out;
 * - always, a poll of `reservations/getAll/2023-06-06` by `UpdatedUtc` from a watermark in
 *   `sync_state` (windows within 3 months, pages of 1,000): webhooks can be late, lost or not
 *   configured. The watermark moves only when every stay of the pass is settled, so a crash
 *   or a Mews outage means the next pass reads the same window again, which writes nothing
 *   twice (credit-stay.ts).
 *
 * Several instances poll as one (a lease in `sync_state`, as the membership poller does), to
 * spare the shared Mews budget; correctness does not depend on it.
 */
import { mewsIntegrationActive } from '../core/integration';
import type { MewsReservation } from '../../mews/connector-types';
import { chunk, collectAll } from '../../mews/paginate';
import { MAX_WINDOW_MS, windowsOf } from '../../mews/time';
import { createLease } from '../../store/poller-lease';
import { saveSyncStateValue, syncStateValue } from '../../store/sync-state-repository';
import type { LoyaltyContext } from '../core/deps';
import { createIdQueue } from '../core/id-queue';
import { createRepeating } from '../core/repeating';
import type { Catalog } from '../programs/catalog';
import { settleStays, type StaysReport } from './stays-read';

export const STAYS_WATERMARK = 'mews.reservations.updated_utc';
/** The lease row that makes one instance poll reservations (a crash test clears a killed process's). */
export const STAYS_LEASE = 'stays.lease';

export interface StayFollower {
  /** One poll pass over reservations updated since the watermark. */
  pollOnce(): Promise<StaysReport>;
  /** ServiceOrderUpdated ids from a webhook: settled shortly, after answering Mews. */
  serviceOrdersUpdated(ids: readonly string[]): void;
  /** Resolves when queued webhook work is done (tests; shutdown). */
  drain(): Promise<void>;
  start(): void;
  stop(): Promise<void>;
}

export function createStayFollower(ctx: LoyaltyContext, catalog: Catalog): StayFollower {
  const { db } = ctx.store;
  const interval = ctx.config.stayPollIntervalMs;
  const lease = createLease(db, { name: STAYS_LEASE, ttlMs: Math.max(15_000, 3 * interval), now: () => ctx.now().getTime() });

  async function pollOnce(): Promise<StaysReport> {
    const now = ctx.now();
    const stored = await syncStateValue(db, STAYS_WATERMARK);
    const watermark = stored ? new Date(stored) : new Date(now.getTime() - ctx.config.pollInitialLookbackMs);
    let startMs = watermark.getTime() - ctx.config.pollOverlapMs;
    if (now.getTime() - startMs > MAX_WINDOW_MS * 4) {
      ctx.log.warn({ watermark: watermark.toISOString() }, 'stay watermark older than a year; run a backfill for what came before');
      startMs = now.getTime() - MAX_WINDOW_MS * 4;
    }
    const reservations: MewsReservation[] = [];
    for (const window of windowsOf(new Date(startMs), new Date(now.getTime() + 1000))) {
      reservations.push(...(await collectAll(ctx.mews, 'reservations/getAll/2023-06-06', { UpdatedUtc: window }, 'Reservations')));
    }
    const report = await settleStays(ctx, catalog, reservations);
    if (report.failed.length === 0) await saveSyncStateValue(db, STAYS_WATERMARK, now.toISOString());
    return report;
  }

  async function settleQueued(ids: string[]): Promise<void> {
    const reservations: MewsReservation[] = [];
    for (const part of chunk(ids)) {
      reservations.push(...(await collectAll(ctx.mews, 'reservations/getAll/2023-06-06', { ReservationIds: part }, 'Reservations')));
    }
    // Failures are left to the poll, which reads these reservations again.
    await settleStays(ctx, catalog, reservations);
  }
  const webhookStays = createIdQueue({ windowMs: ctx.config.coalesceWindowMs, log: ctx.log, what: 'webhook stay settlement (the poll retries)', work: settleQueued });

  async function tick(): Promise<void> {
    try {
      if (!(await mewsIntegrationActive(ctx))) return;
      if (await lease.acquire()) await pollOnce();
    } catch (error) {
      ctx.log.warn({ err: error instanceof Error ? error.message : String(error) }, 'stay poll failed; will retry');
    }
  }

  const loop = createRepeating(interval, tick);

  return {
    pollOnce,
    serviceOrdersUpdated(ids) {
      webhookStays.add(ids);
    },
    drain: () => webhookStays.drain(),
    start() {
      loop.start(Math.min(interval, 1_000));
    },
    async stop() {
      await loop.stop();
      await lease.release().catch(() => {});
    },
  };
}
