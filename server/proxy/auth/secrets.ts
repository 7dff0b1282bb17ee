/**
 * The secrets desks hold (device tokens, pairing codes): how they are made and how they are
 * stored. Only hashes reach the database, so a leaked store cannot pair or act as a desk.
 * A device token is 256 random bits, so plain SHA-256 suffices. A pairing code is only ~40
 * bits (people type it), which plain SHA-256 would give up to an offline search in minutes:
 * it is hashed with HMAC-SHA-256 under a key kept outside the database (store/pairing-key.ts).
 */
import { createHash, createHmac, randomBytes, randomInt } from 'node:crypto';

/** Letters and digits nobody misreads at a desk: no 0/O, 1/I/L. */
export const PAIRING_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** `XXXX-XXXX`: what people type. */
export const PAIRING_CODE_PATTERN = /^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4}-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4}$/;

/** A device token: 32 random bytes, base64url without padding (43 characters). */
export const DEVICE_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** SHA-256 hex of a string. */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** A fresh device token (shown once, to the device that paired). */
export function newDeviceToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * A fresh pairing code, `XXXX-XXXX`, uniformly drawn (~40 bits).
 *
 * @example
 * newPairingCode(); // 'K7QM-3XPA'
 */
export function newPairingCode(): string {
  let code = '';
  for (let i = 0; i < 8; i++) code += PAIRING_ALPHABET[randomInt(PAIRING_ALPHABET.length)];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/**
 * How a typed code is compared: upper case, spaces and dashes dropped (`k7qm 3xpa` and
 * `K7QM-3XPA` are the same code). Returns undefined if it cannot be a code at all.
 */
export function normalizePairingCode(typed: string): string | undefined {
  const compact = typed.toUpperCase().replace(/[\s-]/g, '');
  if (compact.length !== 8) return undefined;
  for (const char of compact) if (!PAIRING_ALPHABET.includes(char)) return undefined;
  return compact;
}

/** What the store keeps for a pairing code: HMAC-SHA-256 hex under the store's pairing key. */
export function hashPairingCode(normalized: string, key: Buffer): string {
  return createHmac('sha256', key).update(normalized, 'utf8').digest('hex');
}

/** What the store keeps for a device token. */
export function hashDeviceToken(token: string): string {
  return sha256Hex(token);
}
