/**
 * The generic storage of the sandbox "Mews": collections kept in creation order, so
 * cursor pagination (newest first) walks an array instead of sorting, and key → ids indexes
 * that keep id/account/number lookups O(1) even with 100,000+ customers.
 *
 * Nothing is ever removed: deletes set `DeletedUtc`, so `ActivityStates: ["Deleted"]` can
 * still find them.
 */
import { fail } from './validate.ts';

/** Fields every stored record has. */
export interface BaseRecord {
  Id: string;
  CreatedUtc: number;
  UpdatedUtc: number;
  /** Set when soft-deleted; the record is then "Deleted" for ActivityStates. */
  DeletedUtc: number | null;
}

/** One page of a cursor-paginated read. */
export interface Page<T> {
  items: T[];
  /** Id of the last (oldest) returned item; null when nothing came back. */
  cursor: string | null;
}

function older(a: BaseRecord, b: BaseRecord): boolean {
  return a.CreatedUtc < b.CreatedUtc || (a.CreatedUtc === b.CreatedUtc && a.Id < b.Id);
}

/**
 * Records kept oldest-first by (CreatedUtc, Id), so "newest first" pagination walks the array
 * backwards from the cursor's position without sorting. New writes carry the real clock and
 * so are nearly always appended at the end.
 */
export class Collection<T extends BaseRecord> {
  private readonly items: T[] = [];
  /** Id → position in `items`: one map serves both lookups and cursor positions. */
  private pos = new Map<string, number>();

  /** Number of records, deleted ones included. */
  get size(): number {
    return this.items.length;
  }

  /** Adds a record; keeps the order even if the clock went backwards. */
  add(rec: T): void {
    const last = this.items[this.items.length - 1];
    if (!last || older(last, rec)) {
      this.pos.set(rec.Id, this.items.length);
      this.items.push(rec);
      return;
    }
    this.items.push(rec);
    this.items.sort((a, b) => (older(a, b) ? -1 : older(b, a) ? 1 : 0));
    this.pos = new Map(this.items.map((r, i) => [r.Id, i]));
  }

  /** The record with this (lower-case) id, deleted or not. */
  get(id: string): T | undefined {
    const p = this.pos.get(id);
    return p === undefined ? undefined : this.items[p];
  }

  /** All records oldest-first (read-only view, for seeding checks and pages). */
  all(): readonly T[] {
    return this.items;
  }

  /**
   * Newest-first page. `ids` (when given) limits the candidates through the id map instead of
   * a scan; `match` applies the remaining filters. A cursor that is not a record of this
   * collection is a 400, like any other unknown id.
   */
  page(opts: { count: number; cursor?: string; ids?: Iterable<string>; match: (r: T) => boolean }): Page<T> {
    let before = this.items.length;
    if (opts.cursor !== undefined) {
      const p = this.pos.get(opts.cursor);
      if (p === undefined) fail('Limitation.Cursor', 'unknown cursor');
      before = p;
    }
    const out: T[] = [];
    if (opts.ids) {
      const found: number[] = [];
      for (const id of new Set(opts.ids)) {
        const p = this.pos.get(id);
        if (p !== undefined && p < before) found.push(p);
      }
      found.sort((a, b) => b - a);
      for (const p of found) {
        const r = this.items[p]!;
        if (opts.match(r)) out.push(r);
        if (out.length >= opts.count) break;
      }
    } else {
      for (let i = before - 1; i >= 0 && out.length < opts.count; i--) {
        const r = this.items[i]!;
        if (opts.match(r)) out.push(r);
      }
    }
    return { items: out, cursor: out.length ? out[out.length - 1]!.Id : null };
  }
}

/** A key → set-of-ids index. */
export class MultiIndex {
  private readonly map = new Map<string, Set<string>>();

  add(key: string | null | undefined, id: string): void {
    if (key === null || key === undefined) return;
    let s = this.map.get(key);
    if (!s) this.map.set(key, (s = new Set()));
    s.add(id);
  }

  remove(key: string | null | undefined, id: string): void {
    if (key === null || key === undefined) return;
    this.map.get(key)?.delete(id);
  }

  get(key: string): ReadonlySet<string> {
    return this.map.get(key) ?? EMPTY;
  }

  /** Union of the id sets for several keys. */
  union(keys: Iterable<string>): Set<string> {
    const out = new Set<string>();
    for (const k of keys) for (const id of this.get(k)) out.add(id);
    return out;
  }
}

const EMPTY: ReadonlySet<string> = new Set();

/**
 * A write timestamp: the real clock, but always after the record's previous UpdatedUtc, so
 * every write visibly bumps it even within one millisecond.
 */
export function bump(prev: number, now: number = Date.now()): number {
  return Math.max(now, prev + 1);
}
