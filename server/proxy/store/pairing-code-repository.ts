/**
 * The pairing codes' SQL (`pairing_codes`): one-time codes, stored hashed, that a desk trades
 * for a device token. Minting and redeeming (auth/pairing.ts) call these inside their
 * transaction, so a code is consumed and its device created together.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database, PairingCodesTable } from './schema';

export type PairingCodeRow = Selectable<PairingCodesTable>;

/** Deletes the codes that expired before `nowIso`. */
export async function sweepExpiredCodes(db: Kysely<Database>, nowIso: string): Promise<void> {
  await db.deleteFrom('pairing_codes').where('expires_at', '<', nowIso).execute();
}

export async function insertPairingCode(db: Kysely<Database>, row: PairingCodeRow): Promise<void> {
  await db.insertInto('pairing_codes').values(row).execute();
}

/**
 * Marks the code used if it is unused and unexpired at `nowIso`, returning what it pairs;
 * undefined when it was not claimable. The conditional UPDATE is the single point where a
 * code is consumed: whoever's update matches the row wins, any concurrent redeemer matches
 * nothing.
 */
export function claimPairingCode(
  db: Kysely<Database>,
  codeHash: string,
  nowIso: string,
): Promise<Pick<PairingCodeRow, 'device_name' | 'role'> | undefined> {
  return db
    .updateTable('pairing_codes')
    .set({ used_at: nowIso })
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', nowIso)
    .returning(['device_name', 'role'])
    .executeTakeFirst();
}

/** When the code was used (null: never), or undefined for a code never minted. */
export function pairingCodeUse(db: Kysely<Database>, codeHash: string): Promise<Pick<PairingCodeRow, 'used_at'> | undefined> {
  return db.selectFrom('pairing_codes').select(['used_at']).where('code_hash', '=', codeHash).executeTakeFirst();
}
