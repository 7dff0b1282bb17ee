/**
 * Walks a cursor-paginated `getAll` (FACTS.md §5): newest first, each response's Cursor is the
 * oldest item returned; stop when it is null or a page comes back short.
 */
import type { MewsClient, CallOptions } from './client';
import type { Limitation, MewsOperation, MewsRequest, MewsResponse } from './connector-types';

/** Operations whose request takes a `Limitation`. */
type PagedOperation = {
  [Op in MewsOperation]: MewsRequest<Op> extends { Limitation: Limitation } ? Op : never;
}[MewsOperation];

/** The array-valued keys of an operation's response (e.g. `LoyaltyMemberships`). */
type ItemsKey<Op extends PagedOperation> = {
  [K in keyof MewsResponse<Op>]: MewsResponse<Op>[K] extends readonly unknown[] ? K : never;
}[keyof MewsResponse<Op>];

type ItemOf<Op extends PagedOperation, K extends ItemsKey<Op>> =
  MewsResponse<Op>[K] extends readonly (infer Item)[] ? Item : never;

export interface PaginateOptions extends CallOptions {
  /** Items per page, 1..1000. */
  pageSize?: number;
  /** Stop after this many pages (a guard for huge walks). */
  maxPages?: number;
}

/**
 * Yields the items of every page, fetching the next page only when the previous is consumed.
 *
 * @example
 * for await (const page of paginate(mews, 'loyaltyMemberships/getAll', { AccountIds: ids, ActivityStates: ['Active'] }, 'LoyaltyMemberships')) {
 *   await mirror(page);
 * }
 */
export async function* paginate<Op extends PagedOperation, K extends ItemsKey<Op>>(
  client: MewsClient,
  op: Op,
  filter: Omit<MewsRequest<Op>, 'Limitation'>,
  itemsKey: K,
  options: PaginateOptions = {},
): AsyncGenerator<ItemOf<Op, K>[], void, undefined> {
  const count = Math.min(1000, Math.max(1, options.pageSize ?? 1000));
  const seen = new Set<string>();
  let cursor: string | null = null;
  for (let page = 0; options.maxPages === undefined || page < options.maxPages; page++) {
    const body = { ...filter, Limitation: { Count: count, Cursor: cursor } } as MewsRequest<Op>;
    const response = await client.call(op, body, options);
    const raw = (response as Record<PropertyKey, unknown>)[itemsKey as PropertyKey];
    const items = (Array.isArray(raw) ? raw : []) as ItemOf<Op, K>[];
    if (items.length > 0) yield items;
    const next = (response as { Cursor?: string | null }).Cursor ?? null;
    if (next === null || items.length < count) return;
    // A cursor seen before would loop forever: treat it as the end.
    if (seen.has(next)) return;
    seen.add(next);
    cursor = next;
  }
}

/** Collects all pages into one array. */
export async function collectAll<Op extends PagedOperation, K extends ItemsKey<Op>>(
  client: MewsClient,
  op: Op,
  filter: Omit<MewsRequest<Op>, 'Limitation'>,
  itemsKey: K,
  options: PaginateOptions = {},
): Promise<ItemOf<Op, K>[]> {
  const all: ItemOf<Op, K>[] = [];
  for await (const page of paginate(client, op, filter, itemsKey, options)) all.push(...page);
  return all;
}

/** Splits ids into chunks of at most `size` (Mews id filters take ≤ 1000). */
export function chunk<T>(items: readonly T[], size = 1000): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
