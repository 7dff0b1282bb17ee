/**
 * Partner tokens: how Mews authenticates when it calls Keycard's Loyalty Partner API
 * (LP/guidelines/authentication.md: a bearer token the provider generates, valid one year;
 * during a rotation both the old and the new token must work). Created and revoked from the
 * server's shell (`npm run keycard -- partner-token …`); only SHA-256 hashes are stored, and
 * every creation and revocation is in the audit log.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { recordAudit } from '../store/audit';
import {
  allPartnerTokens, insertPartnerToken, partnerTokenByHash, partnerTokenById, setPartnerTokenRevoked, setPartnerTokenUsed,
  type PartnerTokenRow,
} from '../store/partner-token-repository';
import type { Database } from '../store/schema';
import { sha256Hex } from './secrets';

/** A token is valid this long (the Mews guidelines: one year); create the next one before it ends. */
export const PARTNER_TOKEN_TTL_MS = 365 * 24 * 60 * 60_000;
/** `kcp_` says what it is in a log or a password manager; 32 random bytes follow (base64url). */
export const PARTNER_TOKEN_PATTERN = /^kcp_[A-Za-z0-9_-]{43}$/;
/** How stale `last_used_at` may get: one write per minute of partner traffic at most. */
const LAST_USED_RESOLUTION_MS = 60_000;

export interface PartnerToken {
  id: string;
  name: string;
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const toPartnerToken = (row: PartnerTokenRow): PartnerToken => ({
  id: row.id, name: row.name, createdAt: row.created_at, expiresAt: row.expires_at, lastUsedAt: row.last_used_at, revokedAt: row.revoked_at,
});

/** The audit log's actor for partner calls and token administration. */
export const partnerActor = (token: Pick<PartnerToken, 'id' | 'name'>) => ({ id: `partner:${token.id}`, name: token.name, role: 'manager' as const });

/** Creates a token; the plain token is in the answer only, never stored. */
export async function createPartnerToken(db: Kysely<Database>, options: { name: string; now?: Date }): Promise<PartnerToken & { token: string }> {
  const now = options.now ?? new Date();
  const token = `kcp_${randomBytes(32).toString('base64url')}`;
  const row = {
    id: randomUUID(), name: options.name, token_hash: sha256Hex(token), created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + PARTNER_TOKEN_TTL_MS).toISOString(), last_used_at: null, revoked_at: null,
  };
  await db.transaction().execute(async (trx) => {
    await insertPartnerToken(trx, row);
    await recordAudit(trx, { device: null, action: 'partner-token.created', subjectId: row.id, after: toPartnerToken(row), at: now });
  });
  return { ...toPartnerToken(row), token };
}

export async function listPartnerTokens(db: Kysely<Database>): Promise<PartnerToken[]> {
  return (await allPartnerTokens(db)).map(toPartnerToken);
}

/** Revokes a token at once; revoking twice keeps the first time. Undefined for an unknown id. */
export async function revokePartnerToken(db: Kysely<Database>, id: string, now = new Date()): Promise<PartnerToken | undefined> {
  return db.transaction().execute(async (trx) => {
    const row = await partnerTokenById(trx, id);
    if (!row) return undefined;
    if (row.revoked_at) return toPartnerToken(row);
    await setPartnerTokenRevoked(trx, id, now.toISOString());
    const after = { ...toPartnerToken(row), revokedAt: now.toISOString() };
    await recordAudit(trx, { device: null, action: 'partner-token.revoked', subjectId: id, before: toPartnerToken(row), after, at: now });
    return after;
  });
}

/**
 * The partner behind a bearer token, or undefined when it is malformed, unknown, revoked or
 * expired (the caller answers 401 without saying which).
 */
export async function authenticatePartner(db: Kysely<Database>, token: string | undefined, now = new Date()): Promise<PartnerToken | undefined> {
  if (!token || !PARTNER_TOKEN_PATTERN.test(token)) return undefined;
  const row = await partnerTokenByHash(db, sha256Hex(token));
  if (!row || row.revoked_at || Date.parse(row.expires_at) <= now.getTime()) return undefined;
  if (!row.last_used_at || now.getTime() - Date.parse(row.last_used_at) >= LAST_USED_RESOLUTION_MS) {
    await setPartnerTokenUsed(db, row.id, now.toISOString());
  }
  return toPartnerToken(row);
}
