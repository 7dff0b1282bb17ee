/**
 * SQLite only: a read answered by better-sqlite3 at once, without Kysely's driver around it.
 * On the warm guest lookup, Kysely's path (connection provider, the driver's mutex, a chain of
 * awaits) cost a third more than the statement itself. Running the statement synchronously is
 * as safe as waiting for the mutex, with one exception the reader checks: another caller's
 * transaction open on the one connection (its uncommitted writes must not be seen), in which
 * case there is no direct answer and the query waits its turn through Kysely as before.
 * PostgreSQL stores and transactions (their own Kysely instances) never register a reader.
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema';

/** Rows of a read-only statement, or undefined when it must go through Kysely. */
export type DirectReader = (sql: string, parameters: readonly unknown[]) => unknown[] | undefined;

const readers = new WeakMap<Kysely<Database>, DirectReader>();

/** db.ts registers its SQLite store's reader. */
export function allowDirectReads(db: Kysely<Database>, reader: DirectReader): void {
  readers.set(db, reader);
}

/** The rows, when `db` can answer `sql` directly now; undefined otherwise. */
export function readDirectly<Row>(db: Kysely<Database>, sql: string, parameters: readonly unknown[]): Row[] | undefined {
  return readers.get(db)?.(sql, parameters) as Row[] | undefined;
}
