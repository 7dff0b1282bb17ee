/**
 * The points ledger's SQL: every read and write of the `ledger` table the loyalty services
 * make, so they speak of entries, not queries. Each takes the Kysely to use: the connection
 * holding a membership's lock, a transaction, or the pool.
 */
import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database, LedgerTable } from './schema';

export type LedgerRow = Selectable<LedgerTable>;

/** The adjustment a request with this (device-scoped) Idempotency-Key wrote, if any. */
export function entryForKey(db: Kysely<Database>, membershipId: string, storeKey: string): Promise<LedgerRow | undefined> {
  return db.selectFrom('ledger').selectAll()
    .where('membership_id', '=', membershipId).where('idempotency_key', '=', storeKey).where('kind', '=', 'adjustment')
    .executeTakeFirst();
}

/** One entry by id. */
export function entryById(db: Kysely<Database>, id: string): Promise<LedgerRow | undefined> {
  return db.selectFrom('ledger').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A membership's entries whose Mews write nobody saw answered. */
export function pendingEntriesOf(db: Kysely<Database>, membershipId: string): Promise<LedgerRow[]> {
  return db.selectFrom('ledger').selectAll().where('membership_id', '=', membershipId).where('status', '=', 'pending').execute();
}

/** Every pending entry, oldest first (the reconciler's work list). */
export function pendingEntries(db: Kysely<Database>): Promise<Array<Pick<LedgerRow, 'id' | 'membership_id'>>> {
  return db.selectFrom('ledger').select(['id', 'membership_id']).where('status', '=', 'pending').orderBy('created_at').execute();
}

/** Adds an entry; columns left out (e.g. `fenced_until` of an entry with no Mews write) stay null. */
export async function insertEntry(db: Kysely<Database>, entry: Insertable<LedgerTable>): Promise<void> {
  await db.insertInto('ledger').values(entry).execute();
}

/**
 * Points desk devices gave since `sinceIso` (ISO): the positive adjustments of devices paired as
 * desks, to one membership or by one device. Pending entries count (Mews may hold them);
 * Keycard's own rows (stays, re-tiers) and managers' adjustments do not.
 */
export async function deskCreditsSince(
  db: Kysely<Database>,
  scope: { membershipId: string } | { deviceId: string },
  sinceIso: string,
): Promise<number> {
  let query = db.selectFrom('ledger').innerJoin('devices', 'devices.id', 'ledger.device_id')
    .select((eb) => eb.fn.sum<number | string | null>('ledger.delta').as('given'))
    .where('ledger.kind', '=', 'adjustment').where('ledger.delta', '>', 0)
    .where('devices.role', '=', 'desk').where('ledger.created_at', '>=', sinceIso);
  query = 'membershipId' in scope
    ? query.where('ledger.membership_id', '=', scope.membershipId)
    : query.where('ledger.device_id', '=', scope.deviceId);
  const row = await query.executeTakeFirst();
  return Number(row?.given ?? 0); // PostgreSQL sums integers as bigint, which pg returns as text
}

/** Removes an entry whose Mews write was refused (nothing changed in Mews). */
export async function deleteEntry(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('ledger').where('id', '=', id).execute();
}

/** Until when the entry's last Mews write may still land (fence.ts). */
export async function setFencedUntil(db: Kysely<Database>, id: string, fencedUntil: string): Promise<void> {
  await db.updateTable('ledger').set({ fenced_until: fencedUntil }).where('id', '=', id).execute();
}

export async function setApplied(db: Kysely<Database>, id: string, appliedAt: string): Promise<void> {
  await db.updateTable('ledger').set({ status: 'applied', applied_at: appliedAt }).where('id', '=', id).execute();
}

export async function setReview(db: Kysely<Database>, id: string): Promise<void> {
  await db.updateTable('ledger').set({ status: 'review' }).where('id', '=', id).execute();
}

/** The paging cursor of a row: rows strictly older than it come next. */
export const ledgerCursor = (row: LedgerRow) => `${row.created_at}|${row.id}`;

/** Entries of one membership, newest first; `before` is a {@link ledgerCursor}. */
export function listLedger(db: Kysely<Database>, membershipId: string, page: { limit: number; before?: string | undefined }): Promise<LedgerRow[]> {
  let query = db.selectFrom('ledger').selectAll().where('membership_id', '=', membershipId);
  if (page.before) {
    const [at = '', id = ''] = page.before.split('|');
    query = query.where((eb) => eb.or([eb('created_at', '<', at), eb.and([eb('created_at', '=', at), eb('id', '<', id)])]));
  }
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(page.limit).execute();
}

/**
 * One page of the manager's CSV export: entries created in [startIso, endIso) with their
 * membership number and guest name, oldest first, after the keyset cursor `after` (the last
 * row's created_at and id), so a year of ledger is read a page at a time.
 */
export function ledgerExportPage(
  db: Kysely<Database>,
  range: { startIso: string; endIso: string },
  after: { at: string; id: string } | null,
  limit: number,
  /** Only this chain's memberships (a portfolio manager's export); undefined: every entry. */
  chainId?: string,
) {
  let query = db.selectFrom('ledger as l')
    .leftJoin('memberships as m', 'm.id', 'l.membership_id')
    .leftJoin('customers as c', 'c.id', 'm.account_id')
    .select([
      'l.id', 'l.created_at', 'l.membership_id', 'l.delta', 'l.reason', 'l.note', 'l.points_before', 'l.points_after',
      'l.status', 'l.device_name', 'l.device_id', 'm.number', 'c.first_name', 'c.last_name',
    ])
    .where('l.created_at', '>=', range.startIso)
    .where('l.created_at', '<', range.endIso);
  if (chainId !== undefined) query = query.where('m.chain_id', '=', chainId);
  if (after) {
    query = query.where((eb) => eb.or([eb('l.created_at', '>', after.at), eb.and([eb('l.created_at', '=', after.at), eb('l.id', '>', after.id)])]));
  }
  return query.orderBy('l.created_at').orderBy('l.id').limit(limit).execute();
}
