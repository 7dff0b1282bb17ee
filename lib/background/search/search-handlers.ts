/**
 * The background's answers to the popup's search messages: the cache's matches at once,
 * the proxy's search on request, the empty state (recent guests and sync freshness), and
 * the Mews Operations address setting.
 */
import type { GuestLoyalty, MemberRecord } from '@/lib/contract';
import { type MessageOf, type Result, type ResponseOf } from '@/lib/contract/messages';
import { saidFailure } from '@/lib/background/proxy/said-failure';
import type { ProxyClient } from '@/lib/background/proxy/proxy-client';
import { mewsOperations, normalizeOperationsUrl } from '@/lib/background/proxy/mews-operations';
import type { MemberSearch } from './member-search';
import type { MemberSource } from './member-source';
import type { MemberResult, ResultOrigin } from '../../contract/member-search';

export const SEARCH_MESSAGE_TYPES = ['searchMembers', 'searchMembersOnline', 'getSearchHome', 'mewsOperationsUrl'] as const;
type SearchMessage = (typeof SEARCH_MESSAGE_TYPES)[number];
export type SearchHandlers = {
  [K in SearchMessage]: (message: MessageOf<K>) => Promise<Result<ResponseOf<K>>>;
};

export interface SearchHandlerDeps {
  search: MemberSearch;
  source: MemberSource;
  /** Runs a proxy request as the paired device (the main handlers' `asDevice`). */
  asDevice: <T>(run: (client: ProxyClient) => Promise<Result<T>>) => Promise<Result<T>>;
  paired: () => Promise<boolean>;
  /** Guests viewed lately, newest first. */
  recentGuests: () => Promise<GuestLoyalty[]>;
  /** Starts telling open popups the cache's changes (member-news.ts), for their own copy of the index. */
  tellPopups?: () => void;
}

/** Longest query worth searching; anything longer is pasted noise. */
const MAX_QUERY = 200;

/**
 * @example
 * ```ts
 * const handlers = { ...createHandlers(), ...createSearchHandlers(deps) };
 * await handlers.searchMembers({ type: 'searchMembers', query: 'novak' });
 * ```
 */
export function createSearchHandlers(deps: SearchHandlerDeps): SearchHandlers {
  const readPending = async () => (await deps.source.pendingMemberships?.().catch(() => null)) ?? new Set<string>();
  // A keystroke must not wait for an IndexedDB read of the outbox: answer with what was read
  // last and refresh it behind the answer (the marker lags a write by at most one keystroke).
  let queuedNow: ReadonlySet<string> = new Set();
  let refreshing: Promise<ReadonlySet<string>> | null = null;
  const refreshPending = () =>
    (refreshing ??= readPending().then((set) => {
      queuedNow = set;
      refreshing = null;
      return set;
    }));
  const pending = async (fresh = false) => {
    const reading = refreshPending();
    return fresh ? reading : queuedNow;
  };
  const toResult = (record: MemberRecord, origin: ResultOrigin, queued: ReadonlySet<string>): MemberResult => ({
    guest: record.guest,
    membership: record.membership,
    origin,
    pending: queued.has(record.membership.id),
  });
  const queryOf = (value: unknown) => (typeof value === 'string' ? value.slice(0, MAX_QUERY) : null);

  return {
    async searchMembers(message) {
      const query = queryOf(message.query);
      if (query === null) return saidFailure('invalid', 'failure.typeQuery');
      const [{ hits, cachedMembers }, queued] = await Promise.all([deps.search.search(query), pending()]);
      return { ok: true, data: { query, cachedMembers, results: hits.map((hit) => toResult(hit.record, hit.match, queued)) } };
    },

    async searchMembersOnline(message) {
      const query = queryOf(message.query)?.trim();
      if (!query) return saidFailure('invalid', 'failure.typeQuery');
      const answer = await deps.asDevice((client) => client.searchMembers(query));
      if (!answer.ok) return answer;
      const queued = await pending(true);
      return { ok: true, data: { query, results: answer.data.map((record) => toResult(record, 'proxy', queued)) } };
    },

    async getSearchHome() {
      // Before the popup reads the cache for its own copy: no change falls between the two.
      deps.tellPopups?.();
      const [paired, mewsOperationsUrl, viewed, status, queued, counted] = await Promise.all([
        deps.paired(),
        mewsOperations.get(),
        deps.recentGuests(),
        deps.source.status?.().catch(() => null) ?? null,
        pending(true),
        // Building the index here means it is ready by the first keystroke.
        deps.search.search('').catch(() => ({ cachedMembers: 0 })),
      ]);
      const recent = viewed.flatMap((loyalty): MemberResult[] =>
        loyalty.memberships.length === 0
          ? [{ guest: loyalty.guest, membership: null, origin: 'recent', pending: false }]
          : loyalty.memberships.map((membership) => toResult({ guest: loyalty.guest, membership }, 'recent', queued)),
      );
      return {
        ok: true,
        data: {
          paired,
          mewsOperationsUrl,
          recent,
          sync: { cachedMembers: counted.cachedMembers, lastSyncAt: status?.lastSyncAt ?? null, syncing: status?.syncing ?? false },
        },
      };
    },

    async mewsOperationsUrl(message) {
      if (message.set !== undefined) {
        const typed = String(message.set).trim();
        const url = typed === '' ? '' : normalizeOperationsUrl(typed);
        if (url === null) return saidFailure('invalid', 'options.operationsUrlInvalid');
        await mewsOperations.set(url);
      }
      return { ok: true, data: { url: (await mewsOperations.get()) ?? '' } };
    },
  };
}
