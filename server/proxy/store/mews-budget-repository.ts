/**
 * The shared Mews budget's one query (PostgreSQL): take slots for a request, hand back the
 * slots whose answers came, in one round trip (migration-mews-budget.ts holds the function).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema';

export interface SlotRequest {
  /** SHA-256 hex of the access token. */
  tokenKey: string;
  /** The desk that causes the requests (held to `deviceLimit`); null for the proxy's own work. */
  device: string | null;
  want: number;
  limit: number;
  deviceLimit: number;
  windowMs: number;
  /** The longest a request may be on its way: a slot not handed back leaves after window + this. */
  heldMs: number;
  /** Slots whose answers came since the last call. */
  released: readonly string[];
}

export interface SlotGrant {
  ids: string[];
  /** Slots counted in the window after this call, every instance's. */
  used: number;
  /** Of those, the slots of desks at their share (they take no more until theirs leave). */
  heldBack: number;
  /** None taken: when to ask again (ms). */
  retryAfterMs: number;
  /** None taken because the device's share is used (not the whole window). */
  deviceFull: boolean;
}

/**
 * @example
 * const grant = await takeMewsSlots(store.db, { tokenKey, device: 'dev-1', want: 1, limit: 200,
 *   deviceLimit: 50, windowMs: 30_000, heldMs: 16_000, released: [] });
 */
export async function takeMewsSlots(db: Kysely<Database>, r: SlotRequest): Promise<SlotGrant> {
  const { rows } = await sql<{ slot_ids: Array<string | number> | null; used: number; held_back: number; retry_ms: number; device_full: boolean }>`
    select * from keycard_take_mews_slots(${r.tokenKey}, ${r.device}, ${r.want}, ${r.limit}, ${r.deviceLimit},
      ${r.windowMs}, ${r.heldMs}, ${[...r.released]}::bigint[])`.execute(db);
  const row = rows[0];
  if (!row) throw new Error('keycard_take_mews_slots returned no row');
  return {
    ids: (row.slot_ids ?? []).map(String),
    used: Number(row.used),
    heldBack: Number(row.held_back),
    retryAfterMs: Number(row.retry_ms),
    deviceFull: row.device_full === true,
  };
}
