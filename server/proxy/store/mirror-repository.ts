/**
 * The proxy's mirror of Mews memberships and customers: how Mews objects become rows, how rows
 * become v1 shapes, and the upserts that stamp a change number on every row that really
 * changed (so `/v1/sync` ships changes, not re-reads).
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { GuestSummary, Membership, MembershipState } from '../../../lib/contract';
import type { CustomersTable, Database, MembershipsTable } from './schema';
import type { MewsCustomer, MewsLoyaltyMembership } from '../mews/connector-types';
import { chunk } from '../mews/paginate';
import { normalizeName, searchNameOf } from './search-name';

export { normalizeName, searchNameOf };

export type MembershipRow = Selectable<MembershipsTable>;
export type CustomerRow = Selectable<CustomersTable>;

export function membershipFromRow(row: MembershipRow): Membership {
  return {
    id: row.id,
    accountId: row.account_id,
    programId: row.program_id,
    state: row.state as MembershipState,
    isPrimary: row.is_primary === 1,
    number: row.number,
    points: row.points,
    tierId: row.tier_id,
    expiresAt: row.expires_at,
    url: row.url,
    updatedAt: row.updated_at,
  };
}

export function guestFromRow(row: Pick<CustomerRow, 'id' | 'first_name' | 'last_name' | 'email'>): GuestSummary {
  return { id: row.id, firstName: row.first_name, lastName: row.last_name, email: row.email };
}

/** The mirrored facts of a Mews membership (what counts as "changed"). */
function membershipFacts(m: MewsLoyaltyMembership, deleted: boolean) {
  return {
    chain_id: m.ChainId,
    account_id: m.AccountId,
    program_id: m.LoyaltyProgramId,
    state: m.State,
    is_primary: m.IsPrimary ? 1 : 0,
    number: m.MembershipNumber ?? m.Code ?? null,
    points: m.Points ?? 0,
    tier_id: m.LoyaltyTierId ?? null,
    expires_at: m.ExpirationDate ?? null,
    url: m.Url ?? null,
    deleted: deleted ? 1 : 0,
  };
}

function customerFacts(c: MewsCustomer) {
  return {
    first_name: c.FirstName ?? null,
    last_name: c.LastName ?? '',
    email: c.Email ?? null,
    search_name: searchNameOf(c.FirstName, c.LastName ?? ''),
    // Which desks may see the guest (a portfolio's desks see their own chain's guests only).
    chain_id: c.ChainId ?? null,
  };
}

function sameFacts(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  return Object.keys(a).every((k) => a[k] === b[k]);
}

/**
 * Reserves `count` consecutive change numbers and returns the first. Same counter as the
 * store's `nextChangeSeq`; call inside the transaction that writes the rows.
 */
export async function reserveChangeSeqs(trx: Kysely<Database>, count: number): Promise<number> {
  const row = await trx
    .updateTable('sync_state')
    .set({ value: sql<string>`cast(cast(value as bigint) + ${count} as text)` })
    .where('name', '=', 'change_seq')
    .returning('value')
    .executeTakeFirstOrThrow();
  return Number(row.value) - count + 1;
}

export interface UpsertMembershipsOptions {
  /** The memberships were fetched as deleted (`ActivityStates: ["Deleted"]`). */
  deleted?: boolean;
  /**
   * Accounts whose complete active membership list this is: mirrored memberships of these
   * accounts that Mews no longer returned are marked deleted.
   */
  completeForAccounts?: readonly string[];
  /**
   * When these facts were known true in Mews (epoch ms): for a read, when it was sent; default
   * now. Mews's membership object has no version field, so this orders answers instead: a row
   * stamped later (a write Keycard saw confirmed while this read was on its way) is not
   * overwritten by it.
   */
  asOf?: number;
}

/** Writes Mews memberships to the mirror in one transaction; returns the ids whose facts changed. */
export function upsertMemberships(
  db: Kysely<Database>,
  memberships: readonly MewsLoyaltyMembership[],
  now: string,
  options: UpsertMembershipsOptions = {},
): Promise<string[]> {
  return db.transaction().execute((trx) => writeMemberships(trx, memberships, now, options));
}

/** {@link upsertMemberships} inside a transaction the caller owns. */
export async function writeMemberships(
  trx: Kysely<Database>,
  memberships: readonly MewsLoyaltyMembership[],
  now: string,
  options: UpsertMembershipsOptions = {},
): Promise<string[]> {
  const changed: string[] = [];
  const asOf = options.asOf ?? Date.now();
  for (const part of chunk(memberships, 500)) {
    const existing = new Map(
      (await trx.selectFrom('memberships').selectAll().where('id', 'in', part.map((m) => m.Id)).execute()).map((r) => [r.id, r]),
    );
    // An answer older than what the mirror holds (a slow read beside a write) is old news.
    const current = part.filter((m) => (existing.get(m.Id)?.as_of_ms ?? 0) <= asOf);
    const writes = current.filter((m) => {
      const old = existing.get(m.Id);
      return !old || !sameFacts(membershipFacts(m, options.deleted ?? false), old);
    });
    let seq = writes.length > 0 ? await reserveChangeSeqs(trx, writes.length) : 0;
    for (const m of writes) {
      const facts = membershipFacts(m, options.deleted ?? false);
      const values = { ...facts, updated_at: now, fetched_at: now, change_seq: seq++, as_of_ms: asOf };
      if (existing.has(m.Id)) await trx.updateTable('memberships').set(values).where('id', '=', m.Id).execute();
      else await trx.insertInto('memberships').values({ id: m.Id, ...values }).execute();
      changed.push(m.Id);
    }
    const unchanged = current.filter((m) => !writes.includes(m)).map((m) => m.Id);
    if (unchanged.length > 0) {
      await trx.updateTable('memberships').set({ fetched_at: now, as_of_ms: asOf }).where('id', 'in', unchanged).execute();
    }
  }
  if (options.completeForAccounts && options.completeForAccounts.length > 0) {
    const seen = new Set(memberships.map((m) => m.Id));
    for (const accounts of chunk(options.completeForAccounts, 500)) {
      const gone = (await trx.selectFrom('memberships').select('id').where('account_id', 'in', accounts)
        .where('deleted', '=', 0).execute()).filter((r) => !seen.has(r.id));
      if (gone.length === 0) continue;
      let seq = await reserveChangeSeqs(trx, gone.length);
      for (const { id } of gone) {
        await trx.updateTable('memberships').set({ deleted: 1, updated_at: now, fetched_at: now, change_seq: seq++ })
          .where('id', '=', id).execute();
        changed.push(id);
      }
    }
  }
  return changed;
}

/**
 * Writes Mews customers to the mirror. A changed name or email also re-stamps that guest's
 * memberships, so the sync feed carries the new name to every cache.
 */
export function upsertCustomers(db: Kysely<Database>, customers: readonly MewsCustomer[], now: string): Promise<string[]> {
  return db.transaction().execute((trx) => writeCustomers(trx, customers, now));
}

/** {@link upsertCustomers} inside a transaction the caller owns. */
export async function writeCustomers(trx: Kysely<Database>, customers: readonly MewsCustomer[], now: string): Promise<string[]> {
  const changed: string[] = [];
  for (const part of chunk(customers, 500)) {
    const existing = new Map(
      (await trx.selectFrom('customers').selectAll().where('id', 'in', part.map((c) => c.Id)).execute()).map((r) => [r.id, r]),
    );
    const writes = part.filter((c) => {
      const old = existing.get(c.Id);
      return !old || !sameFacts(customerFacts(c), old);
    });
    let seq = writes.length > 0 ? await reserveChangeSeqs(trx, writes.length) : 0;
    for (const c of writes) {
      const values = { ...customerFacts(c), updated_at: now, fetched_at: now, change_seq: seq++ };
      if (existing.has(c.Id)) await trx.updateTable('customers').set(values).where('id', '=', c.Id).execute();
      else await trx.insertInto('customers').values({ id: c.Id, ...values }).execute();
      changed.push(c.Id);
    }
    const unchanged = part.filter((c) => !writes.includes(c)).map((c) => c.Id);
    if (unchanged.length > 0) {
      await trx.updateTable('customers').set({ fetched_at: now }).where('id', 'in', unchanged).execute();
    }
  }
  // New guests too: a membership mirrored before its guest now ships with the guest's name.
  for (const accounts of chunk(changed, 500)) {
    const rows = await trx.selectFrom('memberships').select('id').where('account_id', 'in', accounts).execute();
    if (rows.length === 0) continue;
    let seq = await reserveChangeSeqs(trx, rows.length);
    for (const { id } of rows) {
      await trx.updateTable('memberships').set({ change_seq: seq++ }).where('id', '=', id).execute();
    }
  }
  return changed;
}

/** Mirrored memberships (not deleted) of one account, primary first. */
export async function membershipsOfAccount(db: Kysely<Database>, accountId: string): Promise<MembershipRow[]> {
  return db.selectFrom('memberships').selectAll().where('account_id', '=', accountId).where('deleted', '=', 0)
    .orderBy('is_primary', 'desc').orderBy('id').execute();
}

/** One mirrored membership by id (deleted ones too), or undefined. */
export function mirroredMembership(db: Kysely<Database>, id: string): Promise<MembershipRow | undefined> {
  return db.selectFrom('memberships').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * The membership row a write just mirrored. Throws (Kysely's NoResultError) when it is
 * missing: the write it follows did not land, and the caller must not answer as if it had.
 */
export function writtenMembership(db: Kysely<Database>, id: string): Promise<MembershipRow> {
  return db.selectFrom('memberships').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** One mirrored guest by account id, or undefined. */
export function mirroredGuest(db: Kysely<Database>, accountId: string): Promise<CustomerRow | undefined> {
  return db.selectFrom('customers').selectAll().where('id', '=', accountId).executeTakeFirst();
}

/** The chain of each of these mirrored memberships (deleted ones too); ids not mirrored are absent. */
export async function membershipChains(db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const part of chunk(ids, 500)) {
    for (const r of await db.selectFrom('memberships').select(['id', 'chain_id']).where('id', 'in', part).execute()) out.set(r.id, r.chain_id);
  }
  return out;
}

/** Which of these membership numbers a mirrored membership (deleted ones too) already has. */
export async function numbersInUse(db: Kysely<Database>, numbers: readonly string[]): Promise<Set<string>> {
  const rows = await db.selectFrom('memberships').select('number').where('number', 'in', numbers)
    .$narrowType<{ number: string }>().execute();
  return new Set(rows.map((r) => r.number));
}

/** Which of these account ids the mirror holds, as a guest or as a member's account. */
export async function mirroredAccounts(db: Kysely<Database>, accountIds: readonly string[]): Promise<Set<string>> {
  const known = new Set<string>();
  for (const part of chunk(accountIds, 500)) {
    for (const r of await db.selectFrom('customers').select('id').where('id', 'in', part).execute()) known.add(r.id);
    for (const r of await db.selectFrom('memberships').select('account_id').where('account_id', 'in', part).execute()) known.add(r.account_id);
  }
  return known;
}
