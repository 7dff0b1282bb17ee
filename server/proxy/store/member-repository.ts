/**
 * Members as the desk sees them: a mirrored membership with its guest's name and email, read
 * by member search (what the desk typed) and by the sync feed (every change after a cursor).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema';
import { compactNumber, normalizeName } from './search-name';

/** What the desk typed: an email, a membership number, or (a prefix of) a name. */
export type SearchKind = 'email' | 'number' | 'name';

/** LIKE's wildcards and its escape character, taken literally. */
function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (m) => `\\${m}`);
}

/**
 * Living members matching `q` as `kind` (email: exact, any case; number: exact, spaces and
 * dashes ignored; name: a prefix of any word of the guest's name), or, when `accountIds` is
 * given, the members of those accounts. Ordered by guest name, at most `limit`.
 */
export async function mirroredMembers(db: Kysely<Database>, kind: SearchKind, q: string, limit: number, accountIds?: string[]) {
  let query = db
    .selectFrom('memberships as m')
    .innerJoin('customers as c', 'c.id', 'm.account_id')
    .selectAll('m')
    .select(['c.first_name', 'c.last_name', 'c.email'])
    .where('m.deleted', '=', 0);
  if (accountIds) {
    if (accountIds.length === 0) return [];
    query = query.where('m.account_id', 'in', accountIds);
  } else if (kind === 'email') {
    query = query.where(sql`lower(c.email)`, '=', q.toLowerCase());
  } else if (kind === 'number') {
    query = query.where(sql`upper(replace(replace(m.number, ' ', ''), '-', ''))`, '=', compactNumber(q));
  } else {
    const prefix = escapeLike(normalizeName(q));
    query = query.where((eb) =>
      eb.or([
        sql<boolean>`c.search_name like ${`${prefix}%`} escape '\\'`,
        sql<boolean>`c.search_name like ${`%|${prefix}%`} escape '\\'`,
        // Any word start, as the desk's index: "brady" finds O'Neil-Brady, "der" van der Berg.
        sql<boolean>`c.search_name like ${`% ${prefix}%`} escape '\\'`,
      ]),
    );
  }
  return query.orderBy('c.last_name').orderBy('c.first_name').orderBy('m.id').limit(limit).execute();
}

/**
 * Memberships (deleted ones too) whose change number is above `after`, in change order, at
 * most `limit`, each with its guest's name and email when the guest is mirrored.
 */
export function membersChangedAfter(db: Kysely<Database>, after: number, limit: number) {
  return db
    .selectFrom('memberships as m')
    .leftJoin('customers as c', 'c.id', 'm.account_id')
    .selectAll('m')
    .select(['c.first_name', 'c.last_name', 'c.email'])
    .where('m.change_seq', '>', after)
    .orderBy('m.change_seq')
    .limit(limit)
    .execute();
}

/** How many memberships changed after change number `after` (one indexed count). */
export async function changesAfter(db: Kysely<Database>, after: number): Promise<number> {
  const row = await db
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('change_seq', '>', after)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
