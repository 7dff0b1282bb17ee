/**
 * The background's offline behaviour in one place, for the message handlers to wrap their
 * proxy calls with: guest reads that fall back to the cache, writes that fall back to the
 * outbox, the desk context kept for offline pages, and the periodic tick (replay, then sync).
 */
import type { DeskContext, GuestLoyalty, Membership } from '@/lib/contract';
import { type Result } from '@/lib/contract/messages';
import { saidFailure } from '@/lib/background/proxy/said-failure';
import { session } from '@/lib/background/store/session';
import type { ProxyClient, ProxyClientOptions } from '@/lib/background/proxy/proxy-client';
import { cacheDb } from './db';
import { cachedGuestLoyalty, rememberGuest } from './members';
import { cacheMembership, dismiss, enqueue, hasPending, isTransient, pendingFor, replayOutbox, waitingForOf, type NewOutboxEntry, type RunAsDevice } from './outbox';
import { syncMembers, syncStatus, type SyncOutcome, type SyncPageWithEstimate } from './sync';
import type { GuestLoyaltyAnswer, QueuedWrite, SyncStatus } from '../../contract/desk-cache';

/** A panel open triggers a delta sync at most this often (the alarm covers the rest). */
const SYNC_ON_READ_MS = 30_000;
/** The desk context (programs, tiers) kept for offline pages is refreshed this often by the tick. */
const CONTEXT_REFRESH_MS = 10 * 60_000;

export interface OfflineDeps {
  createClient: (options: ProxyClientOptions) => ProxyClient;
  now?: () => number;
  purgeAfterDays?: number;
  /**
   * Sync by itself: after pairing and when a panel reads a guest (at most every 30 s). The
   * background turns it on; handler tests leave it off so only their requests reach the proxy.
   */
  autoSync?: boolean;
}

type Lookup = () => Promise<Result<GuestLoyalty>>;

/**
 * @example
 * ```ts
 * const offline = createOfflineService({ createClient: createProxyClient });
 * const answer = await offline.guestLoyalty({ kind: 'customer', id }, () => asDevice((c) => c.guestLoyalty('customer', id)));
 * ```
 */
export function createOfflineService(deps: OfflineDeps) {
  const now = deps.now ?? Date.now;
  let lastReadSync = 0;

  /** Runs a call as the paired device; a revoked device (401) is signed out, as in handlers. */
  const run: RunAsDevice = async (call) => {
    const current = await session.get();
    if (!current) return session.notPaired();
    const result = await call(deps.createClient({ proxyUrl: current.proxyUrl, token: current.token }));
    if (!result.ok && result.error.kind === 'unauthorized') await session.forgetDevice(result.error);
    return result;
  };
  const page = (runAs: RunAsDevice, cursor: string): Promise<Result<SyncPageWithEstimate>> =>
    runAs((client) => client.sync(cursor));
  const block = (runAs: RunAsDevice, cursor: string): Promise<Result<SyncPageWithEstimate>> =>
    runAs((client) => client.syncBlock(cursor));

  const sync = (): Promise<SyncOutcome> => syncMembers({ run, page, block, now, purgeAfterDays: deps.purgeAfterDays });
  const replay = () => replayOutbox(run, now);

  async function withPending(loyalty: GuestLoyalty, source: 'proxy' | 'cache', unreachable = false): Promise<GuestLoyaltyAnswer> {
    const pending = await pendingFor(loyalty.guest.id, loyalty.memberships.map((membership) => membership.id));
    return { ...loyalty, source, ...(unreachable ? { unreachable } : {}), pending };
  }

  return {
    run,
    sync,
    replay,

    /** A desk was just paired: the first full sync starts (its progress shows on the options page). */
    afterPairing(): void {
      if (deps.autoSync) void this.tick().catch((error) => console.error('[keycard] first sync failed', error));
    },

    /** The alarm's work (and the `online` event's): send queued writes, then catch up. */
    async tick(): Promise<void> {
      if (!(await session.get())) return;
      const replayed = await replay();
      if (replayed.interrupted?.kind === 'unreachable') return;
      await sync();
      // Programs and tiers for offline pages, even on a desk that never opened a guest online.
      const saved = await (await cacheDb()).get('context', 'desk');
      if (!saved || now() - saved.fetchedAt > CONTEXT_REFRESH_MS) {
        const context = await run((client) => client.context());
        if (context.ok) await this.saveContext(context.data);
      }
    },

    /**
     * A guest's loyalty. `cacheOnly` answers at once from the cache (the panel's instant
     * first paint); otherwise the proxy is asked, and when it cannot be reached (or fails)
     * the cache answers instead, marked `unreachable`. Online answers are kept for later.
     */
    async guestLoyalty(
      request: { kind: 'customer' | 'reservation'; id: string; cacheOnly?: boolean },
      lookup: Lookup,
    ): Promise<Result<GuestLoyaltyAnswer>> {
      if (request.cacheOnly) {
        const cached = await cachedGuestLoyalty(request.kind, request.id);
        return cached ? { ok: true, data: await withPending(cached, 'cache') } : saidFailure('notFound', 'failure.notCached');
      }
      let result = await lookup();
      if (result.ok) {
        // Back online with writes waiting: send them first, so the answer shows their effect.
        if ((await pendingFor(result.data.guest.id, result.data.memberships.map((m) => m.id))).some((p) => p.status === 'pending')) {
          await replay();
          const again = await lookup();
          if (again.ok) result = again;
        } else if (await hasPending()) {
          void replay();
        }
        await rememberGuest(result.data, request.kind === 'reservation' ? { reservationId: request.id, now: now() } : { now: now() });
        if (deps.autoSync && now() - lastReadSync > SYNC_ON_READ_MS) {
          lastReadSync = now();
          void sync().catch((error) => console.error('[keycard] sync failed', error));
        }
        return { ok: true, data: await withPending(result.data, 'proxy') };
      }
      if (isTransient(result.error)) {
        const cached = await cachedGuestLoyalty(request.kind, request.id);
        if (cached) return { ok: true, data: await withPending(cached, 'cache', true) };
      }
      return result;
    },

    /**
     * A write: sent to the proxy, or queued when the proxy is unreachable or failing. A
     * write for a guest who already has writes waiting goes behind them, keeping the order.
     */
    async write<T>(entry: NewOutboxEntry, send: () => Promise<Result<T>>): Promise<Result<T | QueuedWrite>> {
      const ahead = (await pendingFor(entry.accountId, entry.membershipId ? [entry.membershipId] : [])).filter(
        (pending) => pending.status === 'pending',
      );
      const waiting = ahead.length > 0;
      // Behind another write, it waits for what that one waits for.
      const before = ahead.at(-1)?.waitingFor;
      if (before) entry = { ...entry, waitingFor: before };
      if (!waiting) {
        const result = await send();
        if (result.ok) {
          // The cache must show the desk's own change at once, should the proxy go away next.
          const data = result.data as { membership?: Membership } | Membership;
          const membership = 'membership' in data && data.membership ? data.membership : (data as Membership);
          if (typeof membership?.id === 'string') await cacheMembership(membership, now());
        }
        if (result.ok || !isTransient(result.error)) return result;
        entry = { ...entry, waitingFor: waitingForOf(result.error) };
      }
      const queued = await enqueue(entry, now());
      if (!queued.ok) return queued;
      if (waiting) void replay();
      return { ok: true, data: { queued: true, pending: queued.data } };
    },

    /** The guest's account for a membership, from the cache (adjustments carry only the id). */
    async accountOf(membershipId: string): Promise<string> {
      return (await (await cacheDb()).get('members', membershipId))?.accountId ?? '';
    },

    async saveContext(context: DeskContext): Promise<void> {
      await (await cacheDb()).put('context', { key: 'desk', context, fetchedAt: now() });
    },
    /** The last desk context seen, however old: programs and tiers for offline pages. */
    async savedContext(): Promise<DeskContext | null> {
      return (await (await cacheDb()).get('context', 'desk'))?.context ?? null;
    },

    status: async (): Promise<SyncStatus> => syncStatus((await session.get()) !== null),
    dismiss,
  };
}

export type OfflineService = ReturnType<typeof createOfflineService>;
