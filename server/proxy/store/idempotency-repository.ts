/**
 * The idempotency records' SQL: one row per device-scoped Idempotency-Key, holding the hash
 * of the first request and, once it finished, the answer to replay. The rules (replay, 409 in
 * progress, 422 reused, resume) live in loyalty/core/idempotency.ts; these only read and write
 * rows. Each takes the Kysely to use: pass the connection holding a membership's lock, or the
 * transaction that commits the change, where the caller has one.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database, IdempotencyTable } from './schema';

export type IdempotencyRow = Selectable<IdempotencyTable>;

/** The request hash stored under `storeKey`, if a record exists. */
export async function storedRequestHash(db: Kysely<Database>, storeKey: string): Promise<string | undefined> {
  const row = await db.selectFrom('idempotency').select('request_hash').where('key', '=', storeKey).executeTakeFirst();
  return row?.request_hash;
}

/**
 * Inserts an open record (no answer yet) unless the key already has one; true when this call
 * inserted it. The conflict clause makes the claim atomic across proxy instances.
 */
export async function claimIdempotencyKey(
  db: Kysely<Database>,
  record: { storeKey: string; route: string; requestHash: string; createdAt: string },
): Promise<boolean> {
  const inserted = await db
    .insertInto('idempotency')
    .values({ key: record.storeKey, route: record.route, request_hash: record.requestHash, status_code: null, response_body: null, created_at: record.createdAt })
    .onConflict((oc) => oc.column('key').doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** The record under `storeKey`; throws when there is none (call after a refused claim). */
export function idempotencyRecord(db: Kysely<Database>, storeKey: string): Promise<IdempotencyRow> {
  return db.selectFrom('idempotency').selectAll().where('key', '=', storeKey).executeTakeFirstOrThrow();
}

/** The stored answer's status and JSON body text; `status_code` is null while the request is open. */
export function storedAnswer(
  db: Kysely<Database>,
  storeKey: string,
): Promise<Pick<IdempotencyRow, 'status_code' | 'response_body'> | undefined> {
  return db.selectFrom('idempotency').select(['status_code', 'response_body']).where('key', '=', storeKey).executeTakeFirst();
}

export async function saveAnswer(db: Kysely<Database>, storeKey: string, status: number, body: unknown): Promise<void> {
  await db.updateTable('idempotency').set({ status_code: status, response_body: JSON.stringify(body) }).where('key', '=', storeKey).execute();
}

/** Deletes the record if it is still open: a finished answer is never forgotten. */
export async function forgetOpenRecord(db: Kysely<Database>, storeKey: string): Promise<void> {
  await db.deleteFrom('idempotency').where('key', '=', storeKey).where('status_code', 'is', null).execute();
}

/**
 * Deletes up to `batch` records created before `beforeIso`; returns how many went. A bounded
 * batch keeps each statement (and the lock it holds) short; two instances sweeping at once
 * merely split the work.
 */
export async function deleteIdempotencyBefore(db: Kysely<Database>, beforeIso: string, batch: number): Promise<number> {
  const result = await db
    .deleteFrom('idempotency')
    .where('key', 'in', (eb) => eb.selectFrom('idempotency').select('key').where('created_at', '<', beforeIso).limit(batch))
    .executeTakeFirst();
  return Number(result.numDeletedRows ?? 0);
}
