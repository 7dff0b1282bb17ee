/**
 * The popup's own copy of the member index (issue 19): read from the background's cache, kept
 * current by the background's news while the popup is open, wiped by a sign-out, and answering
 * a keystroke in the input event itself, without a message.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openMemberCopy, type MemberCopy } from '@/lib/models/member-copy';
import { QuickSearchModel } from '@/lib/models/quick-search';
import { rememberGuest } from '@/lib/background/store/members';
import { syncMembers } from '@/lib/background/store/sync';
import { session } from '@/lib/background/store/session';
import { offlineMemberSource } from '@/lib/background/search/offline-source';
import { createSearchHandlers } from '@/lib/background/search/search-handlers';
import { createMemberSearch } from '@/lib/background/search/member-search';
import { tellPopupsOfChanges, type NewsChannel } from '@/lib/background/search/member-news';
import { MEMBER_NEWS } from '@/lib/contract/member-search';
import { fakeFeed, freshCache, member } from '../background/store/support';
import { deskContext, ok, scriptedSend } from '../support/fixtures';

const run = (async () => ({ ok: true, data: null })) as never;
type Feed = ReturnType<typeof fakeFeed>;
const sync = (feed: Feed, now: number) => syncMembers({ run, page: (_r, c) => feed.page(c), block: (_r, c) => feed.block(c), now: () => now });
const found = (copy: MemberCopy, query: string) => copy.search(query)?.results.map((result) => result.membership?.id) ?? null;

/** The background as the popup meets it: its search handlers, whose first `getSearchHome` starts the news. */
function background() {
  const source = offlineMemberSource();
  const channel = new BroadcastChannel(MEMBER_NEWS);
  let open = true;
  // The cache's notices outlive a test (they are module-wide): a closed background tells nothing.
  const news = {
    postMessage: (message: unknown) => open && channel.postMessage(message),
    set onmessage(listener: ((event: MessageEvent) => void) | null) {
      channel.onmessage = listener;
    },
  } as NewsChannel;
  const handlers = createSearchHandlers({
    source,
    search: createMemberSearch(source),
    asDevice: (async () => ({ ok: true, data: [] })) as never,
    paired: async () => true,
    recentGuests: async () => [],
    tellPopups: tellPopupsOfChanges(source, news),
  });
  return {
    handlers,
    close: () => {
      open = false;
      channel.close();
    },
  };
}

describe('the popup’s own copy of the member index', () => {
  let copies: MemberCopy[] = [];
  let closeBackground = () => {};
  const started = () => {
    const started = background();
    closeBackground = started.close;
    return started.handlers;
  };
  beforeEach(freshCache);
  afterEach(() => {
    for (const copy of copies) copy.dispose();
    copies = [];
    closeBackground();
  });
  const open = () => {
    const copy = openMemberCopy();
    copies.push(copy);
    return copy;
  };
  /** A cache synced with `ids`, a popup started on it (so the background tells it), and its copy. */
  async function popupOver(ids: string[]) {
    const feed = fakeFeed(2, 3);
    for (const id of ids) feed.upsert(member(id));
    await sync(feed, 1_000);
    await started().getSearchHome({ type: 'getSearchHome' });
    return { feed, copy: open() };
  }

  it('reads the full sync’s blocks and the rows beside them, the newer change winning', async () => {
    const feed = fakeFeed(2, 3);
    for (const id of ['adler', 'baker', 'carter', 'dunn', 'ellis']) feed.upsert(member(id));
    await sync(feed, 1_000);
    // A lookup, later than the block, changed Baker's points: the row wins.
    const baker = member('baker', { points: 777, updatedAt: '2026-03-05T00:00:00Z' });
    await rememberGuest({ guest: baker.guest, memberships: [baker.membership], asOf: '2026-03-05T00:00:00Z' });
    const copy = open();
    expect(copy.search('baker')).toBeNull(); // still reading: the background answers meanwhile
    await copy.ready;
    expect(found(copy, 'baker')).toEqual(['baker']);
    expect(copy.search('baker')?.results[0]?.membership?.points).toBe(777);
    expect(copy.search('e')).toMatchObject({ cachedMembers: 5 });
    expect(found(copy, 'ellis')).toEqual(['ellis']);
  });

  it('finds a member synced while the popup is open, and forgets a deleted one', async () => {
    const { feed, copy } = await popupOver(['adler', 'baker']);
    await copy.ready;
    expect(found(copy, 'zeman')).toEqual([]);

    feed.upsert(member('zeman'));
    feed.remove('adler');
    await sync(feed, 2_000);
    await vi.waitFor(() => expect(found(copy, 'zeman')).toEqual(['zeman']));
    expect(found(copy, 'adler')).toEqual([]);
    expect(copy.search('a')).toMatchObject({ cachedMembers: 2 });
  });

  it('keeps current after the background was stopped and started again while the popup was open', async () => {
    const { feed, copy } = await popupOver(['adler']);
    await copy.ready;
    closeBackground(); // Chrome stopped the idle worker; a new one starts (an alarm's sync)
    started();
    await new Promise((resolve) => setTimeout(resolve, 20)); // its question and the popup's answer
    feed.upsert(member('zeman'));
    await sync(feed, 2_000);
    await vi.waitFor(() => expect(found(copy, 'zeman')).toEqual(['zeman']));
  });

  it('finds a guest enrolled (looked up) while it was being read', async () => {
    const { copy } = await popupOver(['adler']);
    const vesela = member('vesela');
    await rememberGuest({ guest: vesela.guest, memberships: [vesela.membership], asOf: '2026-03-05T00:00:00Z' });
    await copy.ready;
    await vi.waitFor(() => expect(found(copy, 'vesela')).toEqual(['vesela']));
    expect(found(copy, 'adler')).toEqual(['adler']);
  });

  it('is wiped by a sign-out', async () => {
    const { copy } = await popupOver(['adler']);
    await copy.ready;
    expect(found(copy, 'adler')).toEqual(['adler']);
    // The copy holds no connection open, so the cache's delete does not wait for the popup.
    await session.signOut({ quiet: true });
    await vi.waitFor(() => expect(copy.search('adler')).toEqual({ cachedMembers: 0, results: [] }));
  });

  it('answers a keystroke in the input event itself, without asking the background', async () => {
    const feed = fakeFeed(2, 3);
    feed.upsert(member('novak'));
    await sync(feed, 1_000);
    const copy = open();
    const { send, calls } = scriptedSend({
      getSearchHome: () => ok({ paired: true, mewsOperationsUrl: null, recent: [], sync: { cachedMembers: 1, lastSyncAt: null, syncing: false } }),
      getContext: () => ok(deskContext()),
      searchMembers: (message) => ok({ query: message.query, results: [], cachedMembers: 1 }),
      searchMembersOnline: (message) => ok({ query: message.query, results: [] }),
    });
    const model = new QuickSearchModel({ send, openTab: vi.fn(), close: vi.fn(), debounceMs: 60_000, ownCopy: () => copy });
    await model.start();
    model.setQuery('no'); // the copy is still being read: the background answers
    expect(calls.filter((call) => call.type === 'searchMembers')).toHaveLength(1);
    await copy.ready;
    model.setQuery('nov');
    expect(model.results.value.map((result) => result.membership?.id)).toEqual(['novak']);
    expect(model.settled.value).toBe(true);
    expect(calls.filter((call) => call.type === 'searchMembers')).toHaveLength(1);
    model[Symbol.dispose]();
  });
});
