/**
 * Searches Mews answered with nobody, remembered for a short while. A desk that types a name
 * nobody has, or presses Enter on it again and again, would otherwise spend a Mews request
 * (of the budget every desk shares) each time for the same "nobody". The mirror is still asked
 * first on every search, so a guest it learns of meanwhile (a poll, a webhook, an enrollment)
 * is found at once; only Mews is spared. In memory, per instance: it is a few seconds' saving.
 */
import type { SearchKind } from '../../store/member-repository';
import { compactNumber } from '../../store/search-name';

/** Past this many remembered misses the oldest are forgotten (a flood of distinct queries). */
const MAX_MISSES = 10_000;

/**
 * @example
 * const misses = new SearchMisses(30_000);
 * if (!misses.has('name', q)) { ...ask Mews...; if (nobody) misses.remember('name', q); }
 */
export class SearchMisses {
  /** Query key → when the miss is forgotten (epoch ms); in insertion order, oldest first. */
  private readonly until = new Map<string, number>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether Mews answered this search with nobody less than `ttlMs` ago. */
  has(kind: SearchKind, query: string): boolean {
    const key = keyOf(kind, query);
    const until = this.until.get(key);
    if (until === undefined) return false;
    if (until > this.now()) return true;
    this.until.delete(key);
    return false;
  }

  /** Remembers that Mews found nobody for this search (nothing, when `ttlMs` is 0). */
  remember(kind: SearchKind, query: string): void {
    if (this.ttlMs <= 0) return;
    const key = keyOf(kind, query);
    this.until.delete(key);
    this.until.set(key, this.now() + this.ttlMs);
    if (this.until.size > MAX_MISSES) this.until.delete(this.until.keys().next().value!);
  }
}

/** The same search, however typed: case and spacing aside, numbers without their spaces and dashes. */
function keyOf(kind: SearchKind, query: string): string {
  const typed = kind === 'number' ? compactNumber(query) : query.trim().replace(/\s+/g, ' ');
  return `${kind}:${typed.toLowerCase()}`;
}
