/**
 * The in-memory member index behind the popup's quick search. Sorted arrays of
 * (key, membership id), one per kind of key, answer a prefix with two binary searches and a
 * short scan, so a keystroke costs O(log n + results) even with 100,000 members.
 *
 * Ranking falls out of the scan order: an exact membership number first, then last-name
 * prefixes, then first-name prefixes, then email prefixes; inside each, alphabetical by key
 * (which holds the other name too, so all the Nováks come sorted by first name).
 */
import type { MemberRecord } from '@/lib/contract';
import { normalizeEmail, normalizeName, normalizeNumber } from '@/lib/contract/search-keys';
import type { MatchKind } from '@/lib/contract/member-search';

/** Why a member is in the results; also their rank, in this order. */
export type { MatchKind };

export interface IndexHit {
  record: MemberRecord;
  match: MatchKind;
}

/** The popup shows this many; more means the desk should type on. */
export const SEARCH_LIMIT = 50;
/** A change this large is cheaper to apply by sorting everything again than by splicing. */
export const REBUILD_THRESHOLD = 2_000;
/** Work between two pauses of a build in steps: members keyed, or keys sorted or merged (~1 ms each). */
const STEP = 1_000;

type PrefixKind = Exclude<MatchKind, 'number'>;
const PREFIX_KINDS: readonly PrefixKind[] = ['last', 'first', 'email'];

interface Keys {
  last: string[];
  first: string[];
  email: string[];
  number: string;
}

/** Every word-start of `words` followed by `rest`: "van der berg" + "anna" → 3 keys. */
function suffixKeys(words: string[], rest: string): string[] {
  return words.map((_, index) => [...words.slice(index), rest].filter(Boolean).join(' '));
}

/** The keys one membership is found by. */
export function keysOf({ guest, membership }: MemberRecord): Keys {
  const last = normalizeName(guest.lastName ?? '');
  const first = normalizeName(guest.firstName ?? '');
  const lastWords = last ? last.split(' ') : [];
  const firstWords = first ? first.split(' ') : [];
  return {
    // "last first" and "first last" cover the full name in either order.
    last: [...new Set(suffixKeys(lastWords, first))],
    first: [...new Set(suffixKeys(firstWords, last))],
    email: guest.email ? [normalizeEmail(guest.email)] : [],
    number: membership.number ? normalizeNumber(membership.number) : '',
  };
}

/** First position whose key is not below `key` (plain code-unit order, as `<` compares). */
function lowerBound(keys: readonly string[], key: string): number {
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (keys[middle]! < key) low = middle + 1;
    else high = middle;
  }
  return low;
}

type Pair = [string, string];
const byKey = (a: Pair, b: Pair) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/** `left` and `right` (each sorted) as one sorted run, `left` first on equal keys (a stable sort). */
function* merged(left: Pair[], right: Pair[]): Generator<void, Pair[]> {
  const out: Pair[] = [];
  let l = 0;
  let r = 0;
  while (l < left.length && r < right.length) {
    out.push(right[r]![0] < left[l]![0] ? right[r++]! : left[l++]!);
    if (out.length % STEP === 0) yield;
  }
  for (; l < left.length; l++) out.push(left[l]!);
  for (; r < right.length; r++) out.push(right[r]!);
  return out;
}

/** Keys and membership ids in parallel arrays, sorted by key. */
class SortedKeys {
  keys: string[] = [];
  ids: string[] = [];

  /** Sorts `pairs` in short runs, then merges the runs, pausing (`yield`) between steps. */
  *load(pairs: Pair[]): Generator<void> {
    let runs: Pair[][] = [];
    for (let at = 0; at < pairs.length; at += STEP) {
      runs.push(pairs.slice(at, at + STEP).sort(byKey));
      yield;
    }
    while (runs.length > 1) {
      const next: Pair[][] = [];
      for (let at = 0; at < runs.length; at += 2) next.push(at + 1 < runs.length ? yield* merged(runs[at]!, runs[at + 1]!) : runs[at]!);
      runs = next;
    }
    const all = runs[0] ?? [];
    this.keys = all.map((pair) => pair[0]);
    this.ids = all.map((pair) => pair[1]);
  }

  insert(key: string, id: string) {
    const at = lowerBound(this.keys, key);
    this.keys.splice(at, 0, key);
    this.ids.splice(at, 0, id);
  }

  remove(key: string, id: string) {
    for (let at = lowerBound(this.keys, key); at < this.keys.length && this.keys[at] === key; at++) {
      if (this.ids[at] !== id) continue;
      this.keys.splice(at, 1);
      this.ids.splice(at, 1);
      return;
    }
  }

  /** Membership ids whose key starts with `prefix`, in key order, until `visit` says stop. */
  scan(prefix: string, visit: (id: string) => boolean) {
    for (let at = lowerBound(this.keys, prefix); at < this.keys.length; at++) {
      if (!this.keys[at]!.startsWith(prefix)) return;
      if (!visit(this.ids[at]!)) return;
    }
  }
}

/** Runs steps to the end at once. */
function finish(steps: Generator<void>): void {
  while (!steps.next().done);
}

/**
 * @example
 * ```ts
 * const index = createMemberIndex();
 * index.replaceAll(records);
 * index.search('novak');          // → last-name prefix hits, "Novák" included
 * index.search('KCR 1234 5678');  // → the exact membership number first
 * index.apply({ upserted: [changed], deleted: ['mem-9'] });
 * ```
 */
export function createMemberIndex() {
  const records = new Map<string, MemberRecord>();
  const sorted: Record<PrefixKind, SortedKeys> = { last: new SortedKeys(), first: new SortedKeys(), email: new SortedKeys() };
  const byNumber = new Map<string, string[]>();

  function addNumber(number: string, id: string) {
    if (!number) return;
    const ids = byNumber.get(number);
    if (ids) ids.push(id);
    else byNumber.set(number, [id]);
  }

  function removeNumber(number: string, id: string) {
    const ids = byNumber.get(number)?.filter((other) => other !== id);
    if (!ids) return;
    if (ids.length) byNumber.set(number, ids);
    else byNumber.delete(number);
  }

  /** Indexes `records` afresh, pausing (`yield`) every millisecond or so of work. */
  function* rebuild(): Generator<void> {
    const pairs: Record<PrefixKind, Pair[]> = { last: [], first: [], email: [] };
    byNumber.clear();
    let keyed = 0;
    for (const [id, record] of records) {
      const keys = keysOf(record);
      for (const kind of PREFIX_KINDS) for (const key of keys[kind]) pairs[kind].push([key, id]);
      addNumber(keys.number, id);
      if (++keyed % STEP === 0) yield;
    }
    for (const kind of PREFIX_KINDS) yield* sorted[kind].load(pairs[kind]);
  }

  function replace(all: Iterable<MemberRecord>) {
    records.clear();
    for (const record of all) records.set(record.membership.id, record);
    return rebuild();
  }

  function unindex(id: string) {
    const old = records.get(id);
    if (!old) return;
    const keys = keysOf(old);
    for (const kind of PREFIX_KINDS) for (const key of keys[kind]) sorted[kind].remove(key, id);
    removeNumber(keys.number, id);
    records.delete(id);
  }

  function index(record: MemberRecord) {
    const id = record.membership.id;
    records.set(id, record);
    const keys = keysOf(record);
    for (const kind of PREFIX_KINDS) for (const key of keys[kind]) sorted[kind].insert(key, id);
    addNumber(keys.number, id);
  }

  return {
    get size() {
      return records.size;
    },

    get: (membershipId: string) => records.get(membershipId),

    /** Forgets everything and indexes `all` in one go. */
    replaceAll(all: Iterable<MemberRecord>) {
      finish(replace(all));
    },

    /**
     * The same in steps: each `next()` does about a millisecond of work, so a page can build
     * between frames (the popup's own copy, lib/models/member-copy.ts). Search only once done.
     */
    replaceAllInSteps: replace,

    /** Applies changes from the member cache: small ones in place, large ones by a rebuild. */
    apply({ upserted = [], deleted = [] }: { upserted?: readonly MemberRecord[]; deleted?: readonly string[] }) {
      if (upserted.length + deleted.length > REBUILD_THRESHOLD) {
        for (const id of deleted) records.delete(id);
        for (const record of upserted) records.set(record.membership.id, record);
        finish(rebuild());
        return;
      }
      for (const id of deleted) unindex(id);
      for (const record of upserted) {
        unindex(record.membership.id);
        index(record);
      }
    },

    /**
     * Members matching what the desk typed, best first, at most `limit`, each membership once.
     */
    search(query: string, limit = SEARCH_LIMIT): IndexHit[] {
      const hits: IndexHit[] = [];
      const seen = new Set<string>();
      const take = (id: string, match: MatchKind) => {
        if (seen.has(id)) return hits.length < limit;
        const record = records.get(id);
        if (record) {
          seen.add(id);
          hits.push({ record, match });
        }
        return hits.length < limit;
      };
      const number = normalizeNumber(query);
      for (const id of (number && byNumber.get(number)) || []) if (!take(id, 'number')) return hits;
      const name = normalizeName(query);
      const email = normalizeEmail(query);
      const prefixes: Record<PrefixKind, string> = { last: name, first: name, email };
      for (const kind of PREFIX_KINDS) {
        if (!prefixes[kind] || hits.length >= limit) continue;
        sorted[kind].scan(prefixes[kind], (id) => take(id, kind));
      }
      return hits;
    },
  };
}

export type MemberIndex = ReturnType<typeof createMemberIndex>;

/**
 * Whether one member still matches a query, by the same rules as the index; used to keep
 * the proxy's answers for an earlier keystroke that the new one still matches.
 *
 * @example
 * ```ts
 * matchOf(record, "o'nei"); // → 'last' for Siobhán O'Neil
 * ```
 */
export function matchOf(record: MemberRecord, query: string): MatchKind | null {
  const keys = keysOf(record);
  const number = normalizeNumber(query);
  if (number && keys.number === number) return 'number';
  const name = normalizeName(query);
  if (name && keys.last.some((key) => key.startsWith(name))) return 'last';
  if (name && keys.first.some((key) => key.startsWith(name))) return 'first';
  const email = normalizeEmail(query);
  if (email && keys.email.some((key) => key.startsWith(email))) return 'email';
  return null;
}
