/**
 * The popup's quick search: what the desk typed, the cache's matches (every keystroke), the
 * proxy's extra matches (after a pause), which row is active, and the row shown in detail.
 * The cache answers first; the proxy's members it lacked are appended below, so the list
 * never moves under the cursor. Views render these signals and call these actions.
 */
import { batch, computed, createModel, signal } from '@preact/signals';
import type { DeskContext } from '@/lib/contract';
import { guestPageUrl, MEWS_GUEST_PAGES, SHIPPED_OPERATIONS_URL } from '@/lib/host/guest-pages';
import type { Failure, Result, Send } from '@/lib/contract/messages';
import { matchOf } from '@/lib/search/member-index';
import { onDispose } from './on-dispose';
import { followSync } from './sync-follow';
import type { MemberCopy } from './member-copy';
import { markStep } from '@/lib/trace/marks';
import { MemberDetailModel } from './member-detail';
import { resultKey, type LocalSearchAnswer, type MemberResult, type SearchHome } from '@/lib/contract/member-search';
import { announceFound } from './search-announcement';
import { t } from '@/lib/i18n';

/** Pause after the last keystroke before asking the proxy. */
export const ONLINE_DEBOUNCE_MS = 250;

/** Where the proxy's search stands for the current query. */
export type OnlineState = 'idle' | 'waiting' | 'searching' | 'done' | 'offline' | 'failed';

export interface QuickSearchOptions {
  send: Send;
  /** Opens a URL in a new tab (`browser.tabs.create`). */
  openTab: (url: string) => Promise<unknown> | void;
  /** Closes the popup (`window.close`). */
  close: () => void;
  debounceMs?: number;
  /** Number and date formatting of the detail; defaults to the browser's language. */
  locale?: string;
  /** How often a popup opened during a sync asks how far it got (default 1 s). */
  syncFollowMs?: number;
  /** The popup's own copy of the member index (member-copy.ts), opened after `start()`'s answer (which starts the news it follows). */
  ownCopy?: () => Pick<MemberCopy, 'search' | 'dispose'>;
}

/**
 * @example
 * ```ts
 * const search = new QuickSearchModel({ send: sendToBackground, openTab: (url) => browser.tabs.create({ url }), close: () => window.close() });
 * await search.start();
 * search.setQuery('novak');
 * search.move(1);
 * await search.open(); // the active row, in Mews Operations
 * ```
 */
export const QuickSearchModel = createModel((options: QuickSearchOptions) => {
  const { send } = options;
  const debounceMs = options.debounceMs ?? ONLINE_DEBOUNCE_MS;

  const query = signal('');
  const home = signal<SearchHome | null>(null);
  const context = signal<DeskContext | null>(null);
  /** The cache's matches for `query`. */
  const local = signal<MemberResult[]>([]);
  /** The proxy's matches the cache lacked, in the order they arrived. */
  const extra = signal<MemberResult[]>([]);
  /** The query `local` answers; differs from `query` while the answer is on its way. */
  const answered = signal<string | null>(null);
  const cachedMembers = signal(0);
  const online = signal<OnlineState>('idle');
  const activeKey = signal<string | null>(null);
  const detail = signal<MemberResult | null>(null);
  /** The result shown in detail, as the panel shows a guest (memberships, Adjust points, Enroll); loaded at the first detail. */
  const detailPanel = new MemberDetailModel({ send, ...(options.locale ? { locale: options.locale } : {}) });
  const error = signal<Failure | null>(null);

  const typed = computed(() => query.value.trim() !== '');
  const results = computed<MemberResult[]>(() => {
    if (!typed.value) return home.value?.recent ?? [];
    const seen = new Set(local.value.map(resultKey));
    return [...local.value, ...extra.value.filter((result) => !seen.has(resultKey(result)))];
  });
  const active = computed(() => results.value.find((result) => resultKey(result) === activeKey.value) ?? null);
  const programs = computed(() => new Map((context.value?.programs ?? []).map((program) => [program.id, program])));
  /** What the polite live region says; changes only when an answer settles. */
  const announcement = computed(() =>
    typed.value && answered.value === query.value ? announceFound(results.value.length, online.value) : '',
  );

  let localSeq = 0;
  let onlineSeq = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let copy: Pick<MemberCopy, 'search' | 'dispose'> | null = null;
  let stopFollowing: (() => void) | null = null;
  // Disposing the popup's model stops the pending proxy search and drops answers on their way
  // (the detail panel is disposed with it).
  onDispose(() => {
    if (timer) clearTimeout(timer);
    stopFollowing?.();
    localSeq++;
    onlineSeq++;
    copy?.dispose();
  });

  /** Keeps the active row if it is still listed, else the first row (or none). */
  function settleActive() {
    const list = results.value;
    if (activeKey.value && list.some((result) => resultKey(result) === activeKey.value)) return;
    activeKey.value = list[0] ? resultKey(list[0]) : null;
  }

  function showLocal(text: string, answer: Result<Omit<LocalSearchAnswer, 'query'>>) {
    batch(() => {
      answered.value = text;
      if (answer.ok) {
        local.value = answer.data.results;
        cachedMembers.value = answer.data.cachedMembers;
      } else {
        local.value = [];
        error.value = answer.error;
      }
      settleActive();
    });
  }

  async function searchLocal(text: string) {
    const mine = ++localSeq;
    // The popup's own copy answers in this task, so in the keystroke's frame; until it is read, the background does.
    const here = copy?.search(text);
    if (here) return showLocal(text, { ok: true, data: here });
    markStep('searchAsked');
    const answer = await send({ type: 'searchMembers', query: text });
    if (mine !== localSeq) return;
    markStep('searchAnswered');
    showLocal(text, answer);
  }

  async function searchOnline(text: string) {
    const mine = ++onlineSeq;
    online.value = 'searching';
    const answer = await send({ type: 'searchMembersOnline', query: text });
    if (mine !== onlineSeq) return;
    batch(() => {
      if (!answer.ok) {
        online.value = answer.error.kind === 'unreachable' ? 'offline' : 'failed';
        if (answer.error.kind !== 'unreachable') error.value = answer.error;
        return;
      }
      online.value = 'done';
      const known = new Set([...local.value, ...extra.value].map(resultKey));
      const fresh = answer.data.results.filter((result) => !known.has(resultKey(result)));
      if (fresh.length) extra.value = [...extra.value, ...fresh];
      settleActive();
    });
  }

  function setQuery(text: string) {
    if (timer) clearTimeout(timer);
    timer = null;
    onlineSeq++;
    batch(() => {
      query.value = text;
      error.value = null;
      // The proxy's earlier finds stay while the new query still matches them.
      extra.value = extra.value.filter((result) => result.membership && matchOf({ guest: result.guest, membership: result.membership }, text));
      if (!text.trim()) {
        local.value = [];
        answered.value = null;
        online.value = 'idle';
        settleActive();
        return;
      }
      // Offline stays offline until the proxy answers again; don't flash "searching" meanwhile.
      if (online.value !== 'offline') online.value = 'waiting';
    });
    if (!text.trim()) return;
    void searchLocal(text);
    timer = setTimeout(() => {
      timer = null;
      void searchOnline(text);
    }, debounceMs);
  }

  /**
   * Back to the list, which takes the detail's memberships as they are now: the detail read the
   * guest afresh and may have adjusted points, so the row must not show the balance from before.
   */
  function leaveDetail() {
    const shown = detailPanel.panel.value;
    const fresh = new Map((shown?.loyalty.value?.memberships ?? []).map((membership) => [membership.id, membership]));
    const waiting = new Set((shown?.pending.value ?? []).filter((write) => write.status === 'pending').map((write) => write.membershipId));
    const current = (result: MemberResult): MemberResult => {
      const membership = result.membership && fresh.get(result.membership.id);
      return membership ? { ...result, membership, pending: waiting.has(membership.id) } : result;
    };
    batch(() => {
      detail.value = null;
      if (fresh.size === 0) return;
      local.value = local.value.map(current);
      extra.value = extra.value.map(current);
      if (home.value) home.value = { ...home.value, recent: home.value.recent.map(current) };
    });
  }

  function urlOf(result: MemberResult): string | null {
    const desk = context.value;
    const enterpriseId = desk?.enterprise.id;
    // The desk's override, else where the proxy says its Mews Operations is (issue 18, defect 2).
    const base = home.value?.mewsOperationsUrl ?? desk?.operationsUrl ?? SHIPPED_OPERATIONS_URL;
    return enterpriseId ? guestPageUrl(base, enterpriseId, result.guest.id, desk?.guestPages ?? MEWS_GUEST_PAGES) : null;
  }

  return {
    detailPanel,
    query,
    home,
    context,
    results,
    active,
    activeKey,
    cachedMembers,
    online,
    detail,
    error,
    typed,
    programs,
    announcement,
    /** The query whose results the list shows ('' for the recent guests). */
    shownQuery: computed(() => (typed.value ? answered.value : '')),
    /** True once the cache has answered the query shown. */
    settled: computed(() => !typed.value || answered.value === query.value),

    /** Loads the empty state and the desk context (programs, tiers, enterprise). */
    async start() {
      const [start, desk] = await Promise.all([send({ type: 'getSearchHome' }), send({ type: 'getContext' })]);
      batch(() => {
        if (start.ok) {
          home.value = start.data;
          cachedMembers.value = start.data.sync.cachedMembers;
          error.value = null;
        } else error.value = start.error;
        if (desk.ok) context.value = desk.data;
        settleActive();
      });
      stopFollowing ??= followSync(home, send, options.syncFollowMs);
      copy ??= options.ownCopy?.() ?? null;
    },

    setQuery,

    /** Moves the active row by `step`, wrapping around; `'first'`/`'last'` jump. */
    move(step: number | 'first' | 'last') {
      const list = results.value;
      if (list.length === 0) return;
      const at = list.findIndex((result) => resultKey(result) === activeKey.value);
      const next =
        step === 'first' ? 0 : step === 'last' ? list.length - 1 : at < 0 ? (step > 0 ? 0 : list.length - 1) : (at + step + list.length) % list.length;
      activeKey.value = resultKey(list[next]!);
    },

    select(result: MemberResult) {
      activeKey.value = resultKey(result);
    },

    /** The Mews Operations address of a row's guest, or null without the desk context. */
    urlOf,

    /** Opens a guest's profile in Mews Operations in a new tab. */
    async open(result: MemberResult | null = active.value) {
      if (!result) return false;
      const url = urlOf(result);
      if (!url) {
        error.value = { kind: 'unreachable', message: t('search.cannotLink') };
        return false;
      }
      await options.openTab(url);
      return true;
    },

    showDetail(result: MemberResult | null = active.value) {
      if (!result) return;
      detail.value = result;
      const enterpriseId = context.value?.enterprise.id ?? '';
      detailPanel.show({ kind: 'customer', id: result.guest.id, enterpriseId, patternName: 'popup-search' });
    },
    closeDetail: leaveDetail,

    /** Esc: leaves the detail, else clears the query, else closes the popup. */
    escape(): 'detail' | 'cleared' | 'closed' {
      if (detail.value) {
        leaveDetail();
        return 'detail';
      }
      if (query.value) {
        setQuery('');
        return 'cleared';
      }
      options.close();
      return 'closed';
    },
  };
});

export type QuickSearch = InstanceType<typeof QuickSearchModel>;
