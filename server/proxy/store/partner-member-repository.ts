/**
 * The SQL of partner programs: how each program is connected (`program_connections`), the
 * memberships Keycard itself holds (`memberships.home = 'keycard'`) and what it keeps of their
 * members for Mews's searches (`member_profiles`). Each takes the Kysely to use: a lock's
 * connection, a transaction, or the pool.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, MemberProfilesTable } from './schema';
import type { MembershipRow } from './mirror-repository';
import { chunk } from '../mews/paginate';
import { normalizeName } from './search-name';
import { reserveChangeSeqs } from './mirror-repository';

export type ConnectionMode = 'connector' | 'partner';
export type MemberProfileRow = Selectable<MemberProfilesTable>;

/** Programs connected as partner programs (every other program uses the Connector API). */
export async function partnerProgramIds(db: Kysely<Database>): Promise<Set<string>> {
  const rows = await db.selectFrom('program_connections').select('program_id').where('mode', '=', 'partner').execute();
  return new Set(rows.map((r) => r.program_id));
}

export async function saveConnectionMode(db: Kysely<Database>, programId: string, mode: ConnectionMode, now: Date): Promise<void> {
  await db.insertInto('program_connections')
    .values({ program_id: programId, mode, updated_at: now.toISOString() })
    .onConflict((oc) => oc.column('program_id').doUpdateSet({ mode, updated_at: now.toISOString() }))
    .execute();
}

/** Keycard-held memberships by id (deleted and unlinked ones too). */
export async function heldByIds(db: Kysely<Database>, ids: readonly string[]): Promise<MembershipRow[]> {
  const rows: MembershipRow[] = [];
  for (const part of chunk(ids, 500)) {
    rows.push(...await db.selectFrom('memberships').selectAll().where('home', '=', 'keycard').where('id', 'in', part).execute());
  }
  return rows;
}

/** Keycard-held memberships of these guests (live and linked). */
export async function heldOfAccounts(db: Kysely<Database>, accountIds: readonly string[]): Promise<MembershipRow[]> {
  const rows: MembershipRow[] = [];
  for (const part of chunk(accountIds, 500)) {
    rows.push(...await db.selectFrom('memberships').selectAll().where('home', '=', 'keycard').where('deleted', '=', 0)
      .where('account_id', 'in', part).execute());
  }
  return rows;
}

/** Keycard-held memberships with these numbers (any state: a number is never given twice). */
export function heldByNumbers(db: Kysely<Database>, numbers: readonly string[]): Promise<MembershipRow[]> {
  if (numbers.length === 0) return Promise.resolve([]);
  return db.selectFrom('memberships').selectAll().where('home', '=', 'keycard').where('number', 'in', [...numbers]).execute();
}

/** The held membership of a guest in a program, if any (live; unlinked ones are not the guest's). */
export function heldOfAccountInProgram(db: Kysely<Database>, accountId: string, programId: string): Promise<MembershipRow | undefined> {
  return db.selectFrom('memberships').selectAll().where('home', '=', 'keycard').where('deleted', '=', 0)
    .where('account_id', '=', accountId).where('program_id', '=', programId).executeTakeFirst();
}

/** How many live memberships Keycard holds for a program. */
export async function heldOfProgramCount(db: Kysely<Database>, programId: string): Promise<number> {
  const row = await db.selectFrom('memberships').select((eb) => eb.fn.countAll<string>().as('n'))
    .where('home', '=', 'keycard').where('program_id', '=', programId)
    .where((eb) => eb.or([eb('deleted', '=', 0), eb('unlinked', '=', 1)])).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Marks mirrored rows as Keycard's own from now on (a program moving to partner). */
export async function setHeldByKeycard(db: Kysely<Database>, ids: readonly string[]): Promise<void> {
  for (const part of chunk(ids, 500)) await db.updateTable('memberships').set({ home: 'keycard' }).where('id', 'in', part).execute();
}

/**
 * Links a held membership to a guest, or unlinks it. An unlinked row is also `deleted`, so
 * every desk view (lookups, search, the sync feed) drops it; a new change number ships that.
 */
export async function setLink(db: Kysely<Database>, id: string, link: { accountId: string } | null, now: string): Promise<void> {
  const seq = await reserveChangeSeqs(db, 1);
  await db.updateTable('memberships')
    .set({
      ...(link ? { account_id: link.accountId } : {}),
      unlinked: link ? 0 : 1,
      deleted: link ? 0 : 1,
      updated_at: now,
      fetched_at: now,
      change_seq: seq,
    })
    .where('id', '=', id).where('home', '=', 'keycard').execute();
}

/** The member's details as Mews last gave them (or as the mirror knew the guest). */
export interface MemberDetails {
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  phoneNumber?: string | null;
  birthday?: string | null;
  address?: { line1?: string | null; city?: string | null; postalCode?: string | null; countryCode?: string | null } | null;
}

export async function saveProfile(db: Kysely<Database>, membershipId: string, details: MemberDetails, now: string): Promise<void> {
  const values = {
    first_name: details.firstName ?? null,
    last_name: details.lastName ?? null,
    email: details.email ? details.email.trim().toLowerCase() : null,
    phone: details.phoneNumber ?? null,
    birthday: details.birthday ?? null,
    line1: details.address?.line1 ?? null,
    city: details.address?.city ?? null,
    postal_code: details.address?.postalCode ?? null,
    country_code: details.address?.countryCode ? details.address.countryCode.toUpperCase() : null,
    first_key: details.firstName ? normalizeName(details.firstName) : null,
    last_key: details.lastName ? normalizeName(details.lastName) : null,
    city_key: details.address?.city ? normalizeName(details.address.city) : null,
    updated_at: now,
  };
  await db.insertInto('member_profiles').values({ membership_id: membershipId, ...values })
    .onConflict((oc) => oc.column('membership_id').doUpdateSet(values)).execute();
}

export async function profilesOf(db: Kysely<Database>, membershipIds: readonly string[]): Promise<Map<string, MemberProfileRow>> {
  const found = new Map<string, MemberProfileRow>();
  for (const part of chunk(membershipIds, 500)) {
    for (const row of await db.selectFrom('member_profiles').selectAll().where('membership_id', 'in', part).execute()) found.set(row.membership_id, row);
  }
  return found;
}

/** One documented filter combination, already normalised by the caller. */
export type ProfileFilter =
  | { kind: 'id'; id: string }
  | { kind: 'number'; number: string }
  | { kind: 'email'; email: string }
  | { kind: 'name'; firstKey: string; lastKey: string }
  | { kind: 'place'; lastKey: string; cityKey: string; countryCode: string };

/**
 * Held memberships (live or unlinked, never deleted by a manager) matching the filter, with
 * their profiles; at most `limit`, in membership number order.
 */
export async function searchHeld(db: Kysely<Database>, filter: ProfileFilter, limit: number): Promise<MembershipRow[]> {
  let query = db.selectFrom('memberships as m').leftJoin('member_profiles as p', 'p.membership_id', 'm.id').selectAll('m')
    .where('m.home', '=', 'keycard')
    .where((eb) => eb.or([eb('m.deleted', '=', 0), eb('m.unlinked', '=', 1)]));
  switch (filter.kind) {
    case 'id': query = query.where('m.id', '=', filter.id); break;
    case 'number': query = query.where(sql`upper(m.number)`, '=', filter.number); break;
    case 'email': query = query.where('p.email', '=', filter.email); break;
    case 'name': query = query.where('p.first_key', '=', filter.firstKey).where('p.last_key', '=', filter.lastKey); break;
    case 'place': query = query.where('p.last_key', '=', filter.lastKey).where('p.city_key', '=', filter.cityKey).where('p.country_code', '=', filter.countryCode); break;
  }
  return query.orderBy('m.number').orderBy('m.id').limit(limit).execute();
}
