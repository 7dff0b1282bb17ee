/**
 * Member search for the desk popup: a prefix of any name word (accents, case and apostrophes
 * ignored, the same keys as the desk cache), exact email
 * (case-insensitive) or exact membership number (spaces and dashes ignored). The mirror
 * answers; when it knows nobody, Mews is asked (customers by email / last name, memberships
 * by number) and what it finds is mirrored. A search Mews answered with nobody is not asked
 * again for `searchMissCacheMs` (search-misses.ts).
 */
import type { Kysely } from 'kysely';
import type { MemberRecord } from '../../../../lib/contract';
import { chunk, collectAll } from '../../mews/paginate';
import type { Database } from '../../store/schema';
import type { LoyaltyContext } from '../core/deps';
import { guestFromRow, membershipFromRow, upsertCustomers, upsertMemberships } from '../../store/mirror-repository';
import { mirroredMembers, type SearchKind } from '../../store/member-repository';
import { compactNumber } from '../../store/search-name';
import type { Catalog } from '../programs/catalog';
import { withNextTierRecords } from '../programs/tiers';
import { SearchMisses } from './search-misses';
import type { Asker, DeskScope } from '../core/desk-scope';

/** Keeps the records the asking device may see (a portfolio's desk: its chain's). */
type Keep = (records: MemberRecord[]) => Promise<MemberRecord[]>;

/** Decides what the desk typed: an email, a membership number, or a name. */
export function classifyQuery(q: string): SearchKind {
  if (q.includes('@')) return 'email';
  return /\d/.test(q) ? 'number' : 'name';
}

async function fromMirror(db: Kysely<Database>, kind: SearchKind, q: string, limit: number, accountIds?: string[]) {
  const rows = await mirroredMembers(db, kind, q, limit, accountIds);
  return rows.map((r): MemberRecord => ({
    guest: guestFromRow({ id: r.account_id, first_name: r.first_name, last_name: r.last_name, email: r.email }),
    membership: membershipFromRow(r),
  }));
}

function titleCase(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
}

/** Asks Mews, mirrors what it finds, and returns the account ids to show. */
async function fromMews(ctx: LoyaltyContext, kind: SearchKind, q: string): Promise<string[]> {
  const { mews } = ctx;
  const now = () => ctx.now().toISOString();
  let accountIds: string[];
  if (kind === 'number') {
    const variants = [...new Set([q.trim(), compactNumber(q)])];
    const found = await collectAll(mews, 'loyaltyMemberships/getAll', { MembershipNumbers: variants, ActivityStates: ['Active'] }, 'LoyaltyMemberships', { pageSize: 100, maxPages: 1 });
    accountIds = [...new Set(found.map((m) => m.AccountId))];
    if (accountIds.length === 0) return [];
    const customers = await collectAll(mews, 'customers/getAll', { CustomerIds: accountIds, Extent: { Customers: true } }, 'Customers');
    await upsertCustomers(ctx.store.db, customers, now());
  } else {
    const words = q.trim().split(/\s+/).filter(Boolean);
    const filter = kind === 'email'
      ? { Emails: [q.trim()] }
      : { LastNames: [...new Set(words.flatMap((w) => [w, titleCase(w)]))].slice(0, 20) };
    const customers = await collectAll(mews, 'customers/getAll', { ...filter, Extent: { Customers: true } }, 'Customers', { pageSize: 200, maxPages: 1 });
    if (customers.length === 0) return [];
    await upsertCustomers(ctx.store.db, customers, now());
    accountIds = customers.map((c) => c.Id);
  }
  for (const ids of chunk(accountIds)) {
    const asOf = Date.now();
    const memberships = await collectAll(mews, 'loyaltyMemberships/getAll', { AccountIds: ids, ActivityStates: ['Active'] }, 'LoyaltyMemberships');
    await upsertMemberships(ctx.store.db, memberships, now(), { completeForAccounts: ids, asOf });
  }
  return accountIds;
}

/** The desk's member search: what {@link createMemberSearch} builds. */
export type MemberSearch = (q: string, device?: Asker) => Promise<MemberRecord[]>;

/**
 * @example
 * const search = createMemberSearch(ctx, catalog);
 * await search('müll')         // name prefix: finds "Müller", "Zoe Muller"
 * await search('KC 1234-5678') // membership number KC12345678
 */
export function createMemberSearch(ctx: LoyaltyContext, catalog: Catalog, scope?: DeskScope): MemberSearch {
  // One memory of misses per chain: nobody in one chain says nothing of another.
  const missesOf = new Map<string, SearchMisses>();
  return async (q, device) => {
    const chain = device && scope ? (await scope.chainOf(device)) ?? '' : '';
    let misses = missesOf.get(chain);
    if (!misses) missesOf.set(chain, (misses = new SearchMisses(ctx.config.searchMissCacheMs, () => ctx.now().getTime())));
    const keep: Keep = device && scope && chain ? (records) => scope.keepMembers(device, records) : async (records) => records;
    return withNextTierRecords(catalog, await findMembers(ctx, misses, q, keep));
  };
}

/** Members matching `q`: from the mirror, else from Mews (then mirrored) unless Mews just found nobody. */
async function findMembers(ctx: LoyaltyContext, misses: SearchMisses, q: string, keep: Keep): Promise<MemberRecord[]> {
  const query = q.trim();
  if (query === '') return [];
  const limit = ctx.config.searchLimit;
  const kind = classifyQuery(query);
  const local = await keep(await fromMirror(ctx.store.db, kind, query, limit));
  if (local.length > 0 || misses.has(kind, query)) return local;
  const found = await keep(await fromMewsMirrored(ctx, kind, query, limit));
  if (found.length === 0) misses.remember(kind, query);
  return found;
}

async function fromMewsMirrored(ctx: LoyaltyContext, kind: SearchKind, query: string, limit: number): Promise<MemberRecord[]> {
  const accountIds = await fromMews(ctx, kind, query);
  if (accountIds.length === 0) return [];
  // Name searches from Mews matched whole last names; show only what the query still matches.
  const again = await fromMirror(ctx.store.db, kind, query, limit);
  return again.length > 0 || kind !== 'name' ? again : fromMirror(ctx.store.db, kind, query, limit, accountIds);
}
