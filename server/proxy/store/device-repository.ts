/**
 * The paired devices' SQL (`devices`): desks and managers, each known by the hash of its
 * bearer token. What a device may do, and when it counts as seen, is auth/'s to decide.
 */
import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database, DevicesTable } from './schema';
import { preparedQuery } from './prepared-query';

export type DeviceRow = Selectable<DevicesTable>;

/** Every device, oldest first, revoked ones included. */
export function allDevices(db: Kysely<Database>): Promise<DeviceRow[]> {
  return db.selectFrom('devices').selectAll().orderBy('created_at').orderBy('id').execute();
}

/** The device row whose token hashes to `tokenHash`, revoked or not. */
/** On every desk request: compiled once (prepared-query.ts). */
const byTokenHash = preparedQuery((db, tokenHash: string) => db.selectFrom('devices').selectAll().where('token_hash', '=', tokenHash));

export async function deviceByTokenHash(db: Kysely<Database>, tokenHash: string): Promise<DeviceRow | undefined> {
  return (await byTokenHash(db, tokenHash))[0];
}

export function deviceById(db: Kysely<Database>, id: string): Promise<DeviceRow | undefined> {
  return db.selectFrom('devices').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertDevice(db: Kysely<Database>, row: Insertable<DevicesTable>): Promise<void> {
  await db.insertInto('devices').values(row).execute();
}

export async function setLastSeen(db: Kysely<Database>, id: string, lastSeenAt: string): Promise<void> {
  await db.updateTable('devices').set({ last_seen_at: lastSeenAt }).where('id', '=', id).execute();
}

export async function setRevoked(db: Kysely<Database>, id: string, revokedAt: string): Promise<void> {
  await db.updateTable('devices').set({ revoked_at: revokedAt }).where('id', '=', id).execute();
}
