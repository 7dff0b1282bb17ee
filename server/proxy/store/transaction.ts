/**
 * Serializing work per membership, and the change sequence behind the sync cursor.
 *
 * Mews has no "add points" operation, only "set Points", so two desks adjusting one
 * membership at once would overwrite each other. Every read-modify-write of a membership
 * runs under its lock: a PostgreSQL advisory lock (works across proxy instances), or an
 * in-process mutex on SQLite (one process owns an SQLite store; the CLI only touches
 * devices and pairing codes).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { StoreDialect } from './db';
import { KeyedMutex } from './keyed-mutex';
import type { Database } from './schema';
import { syncStateValue } from './sync-state-repository';

/**
 * First key of the two-key advisory locks Keycard takes: keeps membership locks apart from
 * other users of advisory locks (Kysely's migration lock uses the one-key space).
 */
const MEMBERSHIP_LOCK_SPACE = 4_711;

/** First key of the device locks' advisory key space (see {@link withDeviceLock}). */
const DEVICE_LOCK_SPACE = 4_712;

const sqliteLocks = new KeyedMutex();

/** The connection holding the current membership lock (PostgreSQL), while it holds it. */
const heldLocks = new AsyncLocalStorage<{ conn: Kysely<Database>; held: boolean }>();

/**
 * The connection of the membership lock the calling code runs under, or undefined (SQLite, or
 * no lock). Code reached from inside a lock without being handed its connection (the Mews
 * client's answers for Keycard-held memberships) queries on it: waiting for a second pooled
 * connection while holding one deadlocks once every pooled connection waits for the lock.
 * Work that outlives the lock (a batch timer started inside it) gets undefined, the pool.
 */
export function lockConnection(): Kysely<Database> | undefined {
  const scope = heldLocks.getStore();
  return scope?.held ? scope.conn : undefined;
}

/**
 * Runs `fn` inside one transaction while holding `membershipId`'s lock. Commits when `fn`
 * resolves, rolls back when it throws. Concurrent callers for the same id, in this process
 * or (PostgreSQL) any process, run one after another.
 *
 * SQLite caveat: the store has one connection, so an open transaction holds up every other
 * query of the process. Keep `fn` short and never await Mews inside it; for a
 * "write pending → call Mews → mark applied" sequence use {@link withMembershipSessionLock}.
 *
 * @example
 * const points = await withMembershipLock(store.db, store.dialect, membershipId, async (trx) => {
 *   const row = await trx.selectFrom('memberships').select('points')
 *     .where('id', '=', membershipId).executeTakeFirstOrThrow();
 *   await trx.updateTable('memberships').set({ points: row.points + 10 })
 *     .where('id', '=', membershipId).execute();
 *   return row.points + 10;
 * });
 */
export async function withMembershipLock<T>(
  db: Kysely<Database>,
  dialect: StoreDialect,
  membershipId: string,
  fn: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  // The SQLite key is the membership id itself: withMembershipSessionLock takes the same one.
  return transactionHolding(db, dialect, { space: MEMBERSHIP_LOCK_SPACE, key: membershipId, sqliteKey: membershipId }, fn);
}

/**
 * One transaction holding a lock until it ends: a transaction-scoped advisory lock on
 * PostgreSQL (released at commit or rollback, even if this process dies), the in-process
 * mutex on SQLite.
 */
function transactionHolding<T>(
  db: Kysely<Database>,
  dialect: StoreDialect,
  lock: { space: number; key: string; sqliteKey: string },
  fn: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  if (dialect === 'postgres') {
    return db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${lock.space}, hashtext(${lock.key}))`.execute(trx);
      return fn(trx);
    });
  }
  return sqliteLocks.run(lock.sqliteKey, () => db.transaction().execute(fn));
}

/**
 * Holds `membershipId`'s lock across several transactions, e.g. commit a `pending` ledger
 * row, call Mews, then commit `applied`: a crash between the steps leaves the pending row
 * for reconciliation, and nobody else adjusts the membership meanwhile. `fn` gets a
 * Kysely bound to one connection (PostgreSQL: the one holding a session advisory lock,
 * which PostgreSQL drops if the process dies); open transactions on it with
 * `conn.transaction().execute(...)`. Excludes {@link withMembershipLock} for the same id.
 *
 * @example
 * await withMembershipSessionLock(store.db, store.dialect, id, async (conn) => {
 *   await conn.insertInto('ledger').values(pendingRow).execute();
 *   const saved = await mews.setPoints(id, newPoints);
 *   await conn.updateTable('ledger').set({ status: 'applied' }).where('id', '=', pendingRow.id).execute();
 * });
 */
export async function withMembershipSessionLock<T>(
  db: Kysely<Database>,
  dialect: StoreDialect,
  membershipId: string,
  fn: (conn: Kysely<Database>) => Promise<T>,
): Promise<T> {
  if (dialect === 'postgres') {
    return db.connection().execute(async (conn) => {
      await sql`select pg_advisory_lock(${MEMBERSHIP_LOCK_SPACE}, hashtext(${membershipId}))`.execute(conn);
      const scope = { conn, held: true };
      try {
        return await heldLocks.run(scope, () => fn(conn));
      } finally {
        scope.held = false;
        await sql`select pg_advisory_unlock(${MEMBERSHIP_LOCK_SPACE}, hashtext(${membershipId}))`.execute(conn);
      }
    });
  }
  return sqliteLocks.run(membershipId, () => fn(db));
}

/**
 * Runs `fn` in one short transaction on `conn` while holding `deviceId`'s lock, for checks
 * that span a device's work on several memberships (a desk's daily cap: count what it gave,
 * then add the new entry, with no other request of the device in between, on any instance).
 * Callers may already hold a membership's lock on `conn`; `fn` must never wait for one (nor
 * for Mews), so the order is always membership, then device, and nothing can deadlock.
 *
 * @example
 * await withDeviceLock(conn, dialect, device.id, async (trx) => {
 *   if ((await givenToday(trx)) + delta <= cap) await insertEntry(trx, entry);
 * });
 */
export async function withDeviceLock<T>(
  conn: Kysely<Database>,
  dialect: StoreDialect,
  deviceId: string,
  fn: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  return transactionHolding(conn, dialect, { space: DEVICE_LOCK_SPACE, key: deviceId, sqliteKey: `device:${deviceId}` }, fn);
}

/**
 * Takes the next number of the store-wide change sequence: stamp it on every mirrored row
 * you change (`memberships.change_seq`, `customers.change_seq`) so `/v1/sync` can page by
 * it. Call inside the transaction that writes the row, so a rolled-back write burns no
 * visible number and readers never see a number before its row. The single-row UPDATE is
 * atomic on both engines (row lock on PostgreSQL, writer lock on SQLite).
 *
 * @example
 * await db.transaction().execute(async (trx) => {
 *   const seq = await nextChangeSeq(trx);
 *   await trx.updateTable('memberships').set({ points, change_seq: seq }).where('id', '=', id).execute();
 * });
 */
export async function nextChangeSeq(trx: Kysely<Database>): Promise<number> {
  const row = await trx
    .updateTable('sync_state')
    .set({ value: sql<string>`cast(cast(value as bigint) + 1 as text)` })
    .where('name', '=', 'change_seq')
    .returning('value')
    .executeTakeFirst();
  if (!row) throw new Error("sync_state has no 'change_seq' row: was the store migrated?");
  return Number(row.value);
}

/** The latest change number handed out (0 on a fresh store), e.g. for a sync cursor. */
export async function currentChangeSeq(db: Kysely<Database>): Promise<number> {
  const value = await syncStateValue(db, 'change_seq');
  return value !== undefined ? Number(value) : 0;
}
