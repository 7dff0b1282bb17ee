/**
 * The background's member search: builds the index from the member cache the first time
 * someone searches after the worker wakes, then keeps it current from the cache's change
 * notices. The popup never sees IndexedDB; it asks by message and gets plain results.
 */
import { createMemberIndex, SEARCH_LIMIT, type MatchKind, type MemberIndex } from '../../search/member-index';
import type { MemberChange, MemberSource } from './member-source';
import type { MemberRecord } from '@/lib/contract';

async function collect(all: ReturnType<MemberSource['all']>): Promise<MemberRecord[]> {
  const source = await all;
  if (Symbol.asyncIterator in (source as object)) {
    const out: MemberRecord[] = [];
    for await (const record of source as AsyncIterable<MemberRecord>) out.push(record);
    return out;
  }
  return [...(source as Iterable<MemberRecord>)];
}

export interface LocalHit {
  record: MemberRecord;
  match: MatchKind;
}

/**
 * @example
 * ```ts
 * const search = createMemberSearch(source);
 * const { hits, cachedMembers } = await search.search('novak');
 * ```
 */
export function createMemberSearch(source: MemberSource) {
  let ready: Promise<MemberIndex> | null = null;
  let stopListening: (() => void) | null = null;

  function build(): Promise<MemberIndex> {
    const index = createMemberIndex();
    // Changes that arrive while the first read is under way are applied after it.
    const early: MemberChange[] = [];
    let built = false;
    stopListening?.();
    stopListening = source.onChange((change) => {
      if (!built) return void early.push(change);
      if (change.reset) {
        // A wipe (sign-out) or a fresh full sync: read it all again on the next search.
        ready = null;
        stopListening?.();
        stopListening = null;
        return;
      }
      index.apply(change);
    });
    return collect(source.all()).then((records) => {
      index.replaceAll(records);
      for (const change of early) {
        if (change.reset) index.replaceAll([]);
        index.apply(change);
      }
      built = true;
      return index;
    });
  }

  function indexed(): Promise<MemberIndex> {
    if (!ready) {
      const building = build();
      ready = building;
      building.catch(() => {
        if (ready === building) ready = null;
      });
    }
    return ready;
  }

  return {
    /** Builds the index now, so the first keystroke does not wait for it. */
    warm: () => indexed().then(() => undefined),

    async search(query: string, limit = SEARCH_LIMIT): Promise<{ hits: LocalHit[]; cachedMembers: number }> {
      const index = await indexed();
      return { hits: query.trim() ? index.search(query, limit) : [], cachedMembers: index.size };
    },

    /** A member by membership id, if cached. */
    async get(membershipId: string): Promise<MemberRecord | undefined> {
      return (await indexed()).get(membershipId);
    },

    dispose() {
      stopListening?.();
      stopListening = null;
      ready = null;
    },
  };
}

export type MemberSearch = ReturnType<typeof createMemberSearch>;
