/** The partner tokens' SQL (`partner_tokens`), each known by the hash of its bearer token. */
import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database, PartnerTokensTable } from './schema';

export type PartnerTokenRow = Selectable<PartnerTokensTable>;

export function allPartnerTokens(db: Kysely<Database>): Promise<PartnerTokenRow[]> {
  return db.selectFrom('partner_tokens').selectAll().orderBy('created_at').orderBy('id').execute();
}

export function partnerTokenByHash(db: Kysely<Database>, tokenHash: string): Promise<PartnerTokenRow | undefined> {
  return db.selectFrom('partner_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

export function partnerTokenById(db: Kysely<Database>, id: string): Promise<PartnerTokenRow | undefined> {
  return db.selectFrom('partner_tokens').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertPartnerToken(db: Kysely<Database>, row: Insertable<PartnerTokensTable>): Promise<void> {
  await db.insertInto('partner_tokens').values(row).execute();
}

export async function setPartnerTokenUsed(db: Kysely<Database>, id: string, at: string): Promise<void> {
  await db.updateTable('partner_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
}

export async function setPartnerTokenRevoked(db: Kysely<Database>, id: string, at: string): Promise<void> {
  await db.updateTable('partner_tokens').set({ revoked_at: at }).where('id', '=', id).execute();
}
