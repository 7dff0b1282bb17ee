/**
 * The pairing codes' SQL (`pairing_codes`, `pairing_failures`): one-time codes, stored under a
 * keyed hash, that a desk trades for a device token, and the failed attempts every proxy
 * instance counts against one cap. Minting and redeeming (auth/pairing.ts) call these inside
 * their transaction, so a code is consumed and its device created together.
 */
import { randomUUID } from 'node:crypto';
import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database, PairingCodesTable } from './schema';

export type PairingCodeRow = Selectable<PairingCodesTable>;

/** Deletes the codes that expired before `nowIso`. */
export async function sweepExpiredCodes(db: Kysely<Database>, nowIso: string): Promise<void> {
  await db.deleteFrom('pairing_codes').where('expires_at', '<', nowIso).execute();
}

export async function insertPairingCode(db: Kysely<Database>, row: Insertable<PairingCodesTable>): Promise<void> {
  await db.insertInto('pairing_codes').values(row).execute();
}

/**
 * Marks the code used if it is unused, unexpired at `nowIso` and has seen fewer than
 * `maxFailures` wrong tries, returning what it pairs; undefined when it was not claimable.
 * The conditional UPDATE is the single point where a code is consumed: whoever's update
 * matches the row wins, any concurrent redeemer matches nothing.
 */
export function claimPairingCode(
  db: Kysely<Database>,
  codeHash: string,
  nowIso: string,
  maxFailures: number,
): Promise<Pick<PairingCodeRow, 'device_name' | 'role' | 'enterprise_id'> | undefined> {
  return db
    .updateTable('pairing_codes')
    .set({ used_at: nowIso })
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', nowIso)
    .where('failed_attempts', '<', maxFailures)
    .returning(['device_name', 'role', 'enterprise_id'])
    .executeTakeFirst();
}

/** What a code that did not claim was (for the failure metric only; the client is told nothing). */
export function pairingCodeState(
  db: Kysely<Database>,
  codeHash: string,
): Promise<Pick<PairingCodeRow, 'used_at' | 'expires_at' | 'failed_attempts'> | undefined> {
  return db.selectFrom('pairing_codes').select(['used_at', 'expires_at', 'failed_attempts']).where('code_hash', '=', codeHash).executeTakeFirst();
}

/**
 * Counts one failed attempt: a row for the shared window, and one more wrong try against
 * every code live at `nowIso` (a guess aimed at no code in particular is a guess at each).
 */
export async function recordPairingFailure(db: Kysely<Database>, nowIso: string): Promise<void> {
  await db.insertInto('pairing_failures').values({ id: randomUUID(), at: nowIso }).execute();
  await db
    .updateTable('pairing_codes')
    .set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1) }))
    .where('used_at', 'is', null)
    .where('expires_at', '>', nowIso)
    .execute();
}

/** Failed attempts after `sinceIso`, and when the oldest of them was. */
export async function pairingFailuresSince(db: Kysely<Database>, sinceIso: string): Promise<{ count: number; oldest: string | null }> {
  const row = await db
    .selectFrom('pairing_failures')
    .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.min('at').as('oldest')])
    .where('at', '>', sinceIso)
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), oldest: (row.oldest as string | null) ?? null };
}

/** Deletes failed attempts at or before `beforeIso`: outside every window, they count no more. */
export async function sweepPairingFailures(db: Kysely<Database>, beforeIso: string): Promise<void> {
  await db.deleteFrom('pairing_failures').where('at', '<=', beforeIso).execute();
}
