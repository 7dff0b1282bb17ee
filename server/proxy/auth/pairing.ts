/**
 * Pairing: a manager mints a one-time code with the CLI for a named device, a desk types it
 * into the extension, and the proxy exchanges it for a device token. Codes are short-lived,
 * work once, are stored under a keyed hash, and are burnt after too many wrong tries; failed
 * attempts are counted in the store, so every instance on one database enforces one cap. The
 * token is shown once and stored hashed too.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Device, DeviceRole } from '../../../lib/contract';
import { recordAudit } from '../store/audit';
import type { Store } from '../store/db';
import type { Database } from '../store/schema';
import { insertDevice } from '../store/device-repository';
import {
  claimPairingCode, insertPairingCode, pairingCodeState, pairingFailuresSince, recordPairingFailure, sweepExpiredCodes, sweepPairingFailures,
} from '../store/pairing-code-repository';
import { toDevice } from './devices';
import { nameProblem } from './names';
import { hashDeviceToken, hashPairingCode, newDeviceToken, newPairingCode, normalizePairingCode } from './secrets';

/** How long a pairing code stays usable. */
export const PAIRING_CODE_TTL_MS = 15 * 60_000;
/** The window over which failed attempts are counted against {@link PAIRING_FAILURE_CAP}. */
export const PAIRING_FAILURE_WINDOW_MS = 15 * 60_000;
/**
 * Failed attempts, from anywhere, per window before every pairing waits: with a code's 15
 * minutes that bounds a guesser to ~60 tries per code lifetime against 31^8 codes.
 */
export const PAIRING_FAILURE_CAP = 30;
/** Wrong tries (made anywhere while a code is live) that burn it; the manager mints another. */
export const PAIRING_CODE_MAX_FAILURES = 10;

/** What pairing needs of the store: the database and the key codes are hashed with. */
export type PairingStore = Pick<Store, 'db' | 'pairingKey'>;

export interface MintedPairingCode {
  /** `XXXX-XXXX`; shown once, stored only as a keyed hash. */
  code: string;
  expiresAt: string;
  deviceName: string;
  role: DeviceRole;
}

/** A name the device could not be given (control or direction characters, too long, empty). */
export class DeviceNameError extends Error {
  constructor(readonly problem: string) {
    super(`The device name ${problem}.`);
    this.name = 'DeviceNameError';
  }
}

/**
 * Creates a one-time pairing code for a device called `deviceName` with `role`. The device
 * gets that name, whatever the desk types when it pairs.
 *
 * @throws {DeviceNameError} for a name a terminal or a bidi renderer would act on.
 * @example
 * const { code, expiresAt } = await mintPairingCode(store, { deviceName: 'Desk 1', role: 'desk' });
 */
export async function mintPairingCode(
  store: PairingStore,
  options: { deviceName: string; role: DeviceRole; now?: Date; ttlMs?: number; enterpriseId?: string | null },
): Promise<MintedPairingCode> {
  const deviceName = options.deviceName.trim();
  const problem = nameProblem(deviceName);
  if (problem) throw new DeviceNameError(problem);
  const now = options.now ?? new Date();
  const expiresAt = new Date(now.getTime() + (options.ttlMs ?? PAIRING_CODE_TTL_MS)).toISOString();
  const code = newPairingCode();
  await store.db.transaction().execute(async (trx) => {
    // Expired codes and old failures are useless; sweeping them here keeps both tables tiny.
    await sweepExpiredCodes(trx, now.toISOString());
    await sweepPairingFailures(trx, new Date(now.getTime() - PAIRING_FAILURE_WINDOW_MS).toISOString());
    await insertPairingCode(trx, {
      code_hash: hashPairingCode(normalizePairingCode(code)!, store.pairingKey),
      device_name: deviceName,
      role: options.role,
      enterprise_id: options.enterpriseId ?? null,
      created_at: now.toISOString(),
      expires_at: expiresAt,
      used_at: null,
    });
    await recordAudit(trx, {
      device: null,
      action: 'pairing_code.created',
      after: { deviceName, role: options.role, expiresAt, ...(options.enterpriseId ? { enterpriseId: options.enterpriseId } : {}) },
      at: now,
    });
  });
  return { code, expiresAt, deviceName, role: options.role };
}

/** Why a code was refused (for the metric; the client gets one answer for all). */
export type PairingFailure = 'unknown' | 'used' | 'expired' | 'burnt';

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
 * While too many attempts failed within the window, how long until the oldest leaves it;
 * undefined when pairing is open.
 */
export async function pairingLockedForMs(db: Kysely<Database>, now: Date): Promise<number | undefined> {
  const { count, oldest } = await pairingFailuresSince(db, new Date(now.getTime() - PAIRING_FAILURE_WINDOW_MS).toISOString());
  if (count < PAIRING_FAILURE_CAP) return undefined;
  return Math.max(1000, Date.parse(oldest ?? now.toISOString()) + PAIRING_FAILURE_WINDOW_MS - now.getTime());
}

function failureReason(state: Awaited<ReturnType<typeof pairingCodeState>>, nowIso: string): PairingFailure {
  if (!state) return 'unknown';
  if (state.used_at) return 'used';
  if (state.expires_at <= nowIso) return 'expired';
  return 'burnt';
}

/**
 * Redeems a pairing code: marks it used and creates the device, atomically, so a code
 * raced by two desks pairs exactly one of them. A failure is counted in the store (the
 * shared window, and a wrong try against every live code) before it is thrown.
 *
 * @throws {PairingError} when the code is unknown, used, expired or burnt.
 * @example
 * const { token, device } = await redeemPairingCode(store, { code: 'K7QM-3XPA' });
 */
export async function redeemPairingCode(store: PairingStore, options: { code: string; now?: Date }): Promise<PairedDevice> {
  const now = options.now ?? new Date();
  const nowIso = now.toISOString();
  const normalized = normalizePairingCode(options.code);
  const outcome = await store.db.transaction().execute(async (trx): Promise<PairedDevice | PairingFailure> => {
    const codeHash = normalized ? hashPairingCode(normalized, store.pairingKey) : undefined;
    const claimed = codeHash ? await claimPairingCode(trx, codeHash, nowIso, PAIRING_CODE_MAX_FAILURES) : undefined;
    if (!claimed) {
      const reason = codeHash ? failureReason(await pairingCodeState(trx, codeHash), nowIso) : 'unknown';
      // Failures outside the window count no more: the table stays about the cap's size.
      await sweepPairingFailures(trx, new Date(now.getTime() - PAIRING_FAILURE_WINDOW_MS).toISOString());
      await recordPairingFailure(trx, nowIso);
      return reason;
    }
    const token = newDeviceToken();
    const row = {
      id: randomUUID(),
      name: claimed.device_name,
      role: claimed.role,
      enterprise_id: claimed.enterprise_id,
      token_hash: hashDeviceToken(token),
      created_at: nowIso,
      last_seen_at: null,
      revoked_at: null,
    };
    await insertDevice(trx, row);
    const device = toDevice(row);
    await recordAudit(trx, { device, action: 'device.paired', subjectId: device.id, after: device, at: now });
    return { token, device };
  });
  if (typeof outcome === 'string') throw new PairingError(outcome);
  return outcome;
}
