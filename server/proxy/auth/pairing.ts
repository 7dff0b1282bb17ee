/**
 * Pairing: a manager mints a one-time code with the CLI, a desk types it into the extension,
 * and the proxy exchanges it for a device token. Codes are short-lived, work once, and are
 * stored hashed; the token is shown once and stored hashed too.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Device, DeviceRole } from '../../../lib/contract';
import { recordAudit } from '../store/audit';
import type { Database } from '../store/schema';
import { insertDevice } from '../store/device-repository';
import { claimPairingCode, insertPairingCode, pairingCodeUse, sweepExpiredCodes } from '../store/pairing-code-repository';
import { toDevice } from './devices';
import { hashDeviceToken, hashPairingCode, newDeviceToken, newPairingCode, normalizePairingCode } from './secrets';

/** How long a pairing code stays usable. */
export const PAIRING_CODE_TTL_MS = 15 * 60_000;

export interface MintedPairingCode {
  /** `XXXX-XXXX`; shown once, stored only as a hash. */
  code: string;
  expiresAt: string;
  deviceName: string;
  role: DeviceRole;
}

/**
 * Creates a one-time pairing code for a device called `deviceName` with `role`.
 *
 * @example
 * const { code, expiresAt } = await mintPairingCode(store.db, { deviceName: 'Desk 1', role: 'desk' });
 */
export async function mintPairingCode(
  db: Kysely<Database>,
  options: { deviceName: string; role: DeviceRole; now?: Date; ttlMs?: number },
): Promise<MintedPairingCode> {
  const now = options.now ?? new Date();
  const expiresAt = new Date(now.getTime() + (options.ttlMs ?? PAIRING_CODE_TTL_MS)).toISOString();
  const code = newPairingCode();
  await db.transaction().execute(async (trx) => {
    // Expired codes are useless; sweeping them here keeps the table tiny without a job.
    await sweepExpiredCodes(trx, now.toISOString());
    await insertPairingCode(trx, {
      code_hash: hashPairingCode(normalizePairingCode(code)!),
      device_name: options.deviceName,
      role: options.role,
      created_at: now.toISOString(),
      expires_at: expiresAt,
      used_at: null,
    });
    await recordAudit(trx, {
      device: null,
      action: 'pairing_code.created',
      after: { deviceName: options.deviceName, role: options.role, expiresAt },
      at: now,
    });
  });
  return { code, expiresAt, deviceName: options.deviceName, role: options.role };
}

/** Why a code was refused: never seen, already redeemed, or past its expiry. */
export type PairingFailure = 'unknown' | 'used' | 'expired';

export class PairingError extends Error {
  constructor(readonly reason: PairingFailure) {
    super(`pairing code ${reason}`);
    this.name = 'PairingError';
  }
}

export interface PairedDevice {
  /** The bearer token; returned once, never stored. */
  token: string;
  device: Device;
}

/**
 * Redeems a pairing code: marks it used and creates the device, atomically, so a code
 * raced by two desks pairs exactly one of them.
 *
 * @throws {PairingError} when the code is unknown, used or expired.
 * @example
 * const { token, device } = await redeemPairingCode(store.db, { code: 'K7QM-3XPA' });
 */
export async function redeemPairingCode(
  db: Kysely<Database>,
  options: { code: string; deviceName?: string; now?: Date },
): Promise<PairedDevice> {
  const now = options.now ?? new Date();
  const normalized = normalizePairingCode(options.code);
  if (!normalized) throw new PairingError('unknown');
  const codeHash = hashPairingCode(normalized);
  return db.transaction().execute(async (trx) => {
    const claimed = await claimPairingCode(trx, codeHash, now.toISOString());
    if (!claimed) {
      const row = await pairingCodeUse(trx, codeHash);
      throw new PairingError(!row ? 'unknown' : row.used_at ? 'used' : 'expired');
    }
    const token = newDeviceToken();
    const row = {
      id: randomUUID(),
      name: options.deviceName?.trim() || claimed.device_name,
      role: claimed.role,
      token_hash: hashDeviceToken(token),
      created_at: now.toISOString(),
      last_seen_at: null,
      revoked_at: null,
    };
    await insertDevice(trx, row);
    const device = toDevice(row);
    await recordAudit(trx, { device, action: 'device.paired', subjectId: device.id, after: device, at: now });
    return { token, device };
  });
}
