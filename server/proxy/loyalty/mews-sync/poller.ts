/**
 * Keeps the mirror fresh. Mews has no loyalty webhooks or events, so every `pollIntervalMs`
 * the poller asks for memberships updated in [watermark − overlap, now) — active ones and,
 * separately, deleted ones (the membership object does not say which it is) — plus the
 * customers those touch. The watermark lives in `sync_state`, so a restart resumes.
 * Until a first load has finished, every membership is loaded first, page by page:
 * `/v1/sync` must be able to hand an extension the whole member list.
 * Several instances on one store poll as one: a lease (poller-lease.ts) picks the instance
 * that asks Mews; the others serve from the mirror it keeps.
 */
import { mewsIntegrationActive } from '../core/integration';
import { chunk, collectAll, paginate } from '../../mews/paginate';
import { MAX_WINDOW_MS, mewsUtc } from '../../mews/time';
import type { MewsLoyaltyMembership } from '../../mews/connector-types';
import type { LoyaltyContext } from '../core/deps';
import { upsertCustomers, upsertMemberships } from '../../store/mirror-repository';
import { createLease } from '../../store/poller-lease';
import { createRepeating } from '../core/repeating';
import { saveSyncStateValue, syncStateValue } from '../../store/sync-state-repository';

export const WATERMARK = 'mews.memberships.updated_utc';

export interface PollReport {
  memberships: number;
  deleted: number;
  customers: number;
}

export interface Poller {
  /** One pass; resolves with what changed. Tests call it directly. */
  pollOnce(): Promise<PollReport>;
  /** Loads every membership (pages of 1000) and their guests. */
  initialLoad(): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

export function createPoller(ctx: LoyaltyContext): Poller {
  const { db } = ctx.store;
  let stopped = true;
  // Long enough that a slow pass does not lose it, short enough that a successor takes over soon.
  const lease = createLease(db, { ttlMs: Math.max(15_000, 3 * ctx.config.pollIntervalMs), now: () => ctx.now().getTime() });
  let holding = false;

  /** Takes or renews the lease; says so in the log when this instance starts or stops polling. */
  async function hold(): Promise<boolean> {
    const now = await lease.acquire();
    if (now !== holding) ctx.log.info({ holder: lease.holder }, now ? 'this instance polls Mews' : 'another instance polls Mews; serving from the shared mirror');
    holding = now;
    return now;
  }

  async function readWatermark(): Promise<Date | null> {
    const value = await syncStateValue(db, WATERMARK);
    return value !== undefined ? new Date(value) : null;
  }

  async function writeWatermark(at: Date): Promise<void> {
    await saveSyncStateValue(db, WATERMARK, at.toISOString());
  }

  async function mirrorCustomersOf(memberships: readonly MewsLoyaltyMembership[]): Promise<number> {
    let count = 0;
    for (const ids of chunk([...new Set(memberships.map((m) => m.AccountId))])) {
      const customers = await collectAll(ctx.mews, 'customers/getAll', { CustomerIds: ids, Extent: { Customers: true } }, 'Customers');
      count += (await upsertCustomers(db, customers, ctx.now().toISOString())).length;
    }
    return count;
  }

  async function pollOnce(): Promise<PollReport> {
    const now = ctx.now();
    const watermark = (await readWatermark()) ?? new Date(now.getTime() - ctx.config.pollInitialLookbackMs);
    let startMs = watermark.getTime() - ctx.config.pollOverlapMs;
    if (now.getTime() - startMs > MAX_WINDOW_MS) {
      ctx.log.warn({ watermark: watermark.toISOString() }, 'poller watermark older than Mews allows; changes before the window are missed');
      startMs = now.getTime() - MAX_WINDOW_MS;
    }
    const window = { StartUtc: mewsUtc(new Date(startMs)), EndUtc: mewsUtc(new Date(now.getTime() + 1000)) };
    const asOf = Date.now();
    const [active, deleted] = await Promise.all([
      collectAll(ctx.mews, 'loyaltyMemberships/getAll', { UpdatedUtc: window, ActivityStates: ['Active'] }, 'LoyaltyMemberships'),
      collectAll(ctx.mews, 'loyaltyMemberships/getAll', { UpdatedUtc: window, ActivityStates: ['Deleted'] }, 'LoyaltyMemberships'),
    ]);
    const stamp = ctx.now().toISOString();
    const changed = new Set(await upsertMemberships(db, active, stamp, { asOf }));
    const gone = await upsertMemberships(db, deleted, stamp, { deleted: true, asOf });
    const customers = await mirrorCustomersOf(active.filter((m) => changed.has(m.Id)));
    await writeWatermark(now);
    return { memberships: changed.size, deleted: gone.length, customers };
  }

  async function initialLoad(): Promise<number> {
    const startedAt = ctx.now();
    let total = 0;
    for await (const page of paginate(ctx.mews, 'loyaltyMemberships/getAll', { ActivityStates: ['Active'] }, 'LoyaltyMemberships')) {
      // A long load keeps its lease page by page; if another instance took over, it loads.
      if (!stopped && !(await hold())) throw new Error('another instance took over the initial load');
      await upsertMemberships(db, page, ctx.now().toISOString());
      await mirrorCustomersOf(page);
      total += page.length;
    }
    // Changes made while we loaded are caught by the first poll's window.
    if (!(await readWatermark())) await writeWatermark(startedAt);
    ctx.log.info({ memberships: total }, 'initial membership load done');
    return total;
  }

  async function tick(): Promise<void> {
    try {
      if (!(await mewsIntegrationActive(ctx)) || !(await hold())) return;
      // No watermark: no load ever finished (a fresh store, or a holder killed mid-load; the
      // upserts make loading again harmless). Checked on any pass, as this instance may take
      // the lease over long after it started.
      if (ctx.config.initialLoad && !(await readWatermark())) await initialLoad();
      await pollOnce();
    } catch (error) {
      ctx.log.warn({ err: error instanceof Error ? error.message : String(error) }, 'membership poll failed; will retry');
    }
  }

  const loop = createRepeating(ctx.config.pollIntervalMs, tick);

  return {
    pollOnce,
    initialLoad,
    start() {
      if (ctx.config.pollIntervalMs <= 0) return;
      stopped = false;
      loop.start(0);
    },
    async stop() {
      stopped = true;
      await loop.stop();
      if (holding) await lease.release().catch(() => {});
      holding = false;
    },
  };
}
