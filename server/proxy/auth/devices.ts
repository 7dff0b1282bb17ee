/**
 * Paired devices (desks and managers): listing, revoking, and finding the device behind a
 * bearer token. Devices are created only by redeeming a pairing code (`pairing.ts`).
 */
import type { Kysely } from 'kysely';
import type { Device } from '../../../lib/contract';
import { recordAudit } from '../store/audit';
import { allDevices, deviceById, setLastSeen, setRevoked, type DeviceRow } from '../store/device-repository';
import type { Database } from '../store/schema';
import { announceDeviceChange } from '../store/db';
import { forgetDeviceTokens } from './token-cache';

/** How stale `last_seen_at` may get before a request refreshes it: one write per minute. */
export const LAST_SEEN_RESOLUTION_MS = 60_000;

/** The API shape of a device row. */
export function toDevice(row: DeviceRow): Device {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    revokedAt: row.revoked_at,
    // Only a portfolio proxy's devices have one (`pair --enterprise`).
    ...(row.enterprise_id ? { enterpriseId: row.enterprise_id } : {}),
  };
}

/** Every device, oldest first, revoked ones included. */
export async function listDevices(db: Kysely<Database>): Promise<Device[]> {
  return (await allDevices(db)).map(toDevice);
}

/**
 * Whether a device went unused for more than `idleDays` (never used: since it was paired):
 * a token in a drawer or on a sold laptop should not work forever. Last use is the
 * `last_seen_at` {@link touchDevice} keeps, so checking it costs no write.
 */
export function idleTooLong(device: Pick<Device, 'createdAt' | 'lastSeenAt'>, now: Date, idleDays: number): boolean {
  const lastUse = Date.parse(device.lastSeenAt ?? device.createdAt);
  return now.getTime() - lastUse > idleDays * 86_400_000;
}

/** Whether {@link touchDevice} would write now: last seen at least LAST_SEEN_RESOLUTION_MS ago. */
export function dueForTouch(device: Pick<Device, 'lastSeenAt'>, now: Date): boolean {
  const last = device.lastSeenAt ? Date.parse(device.lastSeenAt) : 0;
  return now.getTime() - last >= LAST_SEEN_RESOLUTION_MS;
}

/**
 * Records that a device was seen, at most once per {@link LAST_SEEN_RESOLUTION_MS}, so a
 * busy desk does not turn every read into a write; true when it wrote.
 */
export async function touchDevice(db: Kysely<Database>, device: Device, now: Date): Promise<boolean> {
  if (!dueForTouch(device, now)) return false;
  await setLastSeen(db, device.id, now.toISOString());
  return true;
}

/**
 * Revokes a device: its token stops working on the next request. Revoking twice keeps the
 * first revocation time. Returns undefined for an unknown id.
 *
 * @example
 * const device = await revokeDevice(store.db, id, { by: null }); // from the CLI
 */
export async function revokeDevice(
  db: Kysely<Database>,
  id: string,
  options: { by: Pick<Device, 'id' | 'name' | 'role'> | null; now?: Date },
): Promise<Device | undefined> {
  const now = options.now ?? new Date();
  const revoked = await db.transaction().execute(async (trx) => {
    const row = await deviceById(trx, id);
    if (!row) return undefined;
    if (row.revoked_at) return toDevice(row);
    const revokedAt = now.toISOString();
    await setRevoked(trx, id, revokedAt);
    const before = toDevice(row);
    const after = { ...before, revokedAt };
    await recordAudit(trx, { device: options.by, action: 'device.revoked', subjectId: id, before, after, at: now });
    // Other proxy processes drop the token from their caches when this commits (PostgreSQL).
    await announceDeviceChange(trx, id);
    return after;
  });
  // And this process's own cache, at once.
  forgetDeviceTokens(db, id);
  return revoked;
}
