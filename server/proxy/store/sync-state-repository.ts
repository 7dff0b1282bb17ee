/**
 * `sync_state`, the store's small named values, e.g. the poller's watermark (how far it has read
 * Mews), its lease (poller-lease.ts) and the change counter (transaction.ts). These read and
 * write one value by name; what a value means stays with its owner.
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema';

/** The value stored under `name`, or undefined before it was first written. */
export async function syncStateValue(db: Kysely<Database>, name: string): Promise<string | undefined> {
  const row = await db.selectFrom('sync_state').select('value').where('name', '=', name).executeTakeFirst();
  return row?.value;
}

/** Stores `value` under `name`, replacing what was there. */
export async function saveSyncStateValue(db: Kysely<Database>, name: string, value: string): Promise<void> {
  await db.insertInto('sync_state').values({ name, value })
    .onConflict((oc) => oc.column('name').doUpdateSet({ value })).execute();
}

/** Removes the value stored under `name` (reading it then answers undefined). */
export async function forgetSyncStateValue(db: Kysely<Database>, name: string): Promise<void> {
  await db.deleteFrom('sync_state').where('name', '=', name).execute();
}
