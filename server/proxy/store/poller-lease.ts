/**
 * Which proxy instance polls Mews. Several instances on one PostgreSQL share a mirror, so one
 * poller is enough: the others would spend their share of Mews's 200-per-30-s budget on the
 * same questions, and on an empty store each would load every membership at once.
 *
 * The lease is a row in `sync_state`, `<until ms, zero-padded>|<holder>`: taken when free or
 * expired, renewed by its holder each pass, and taken over by another instance once its
 * holder stops renewing (killed, or cut off from the store) for `ttlMs`. Padding makes the
 * expiry comparable as text, so one conditional UPDATE decides on SQLite and PostgreSQL alike.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './schema';
import { syncStateValue } from './sync-state-repository';

export const POLLER_LEASE = 'poller.lease';

const pad = (ms: number) => String(ms).padStart(15, '0');

export interface Lease {
  /** This instance's name in the lease row. */
  holder: string;
  /** Takes or renews the lease; false when another instance holds it. */
  acquire(): Promise<boolean>;
  /** Gives it up at once (a clean stop), so another instance need not wait out the TTL. */
  release(): Promise<void>;
}

/**
 * @example
 * ```ts
 * const lease = createLease(db, { ttlMs: 15_000, now: () => Date.now() });
 * if (await lease.acquire()) await pollOnce();
 * ```
 */
export function createLease(
  db: Kysely<Database>,
  { ttlMs, now, holder = randomUUID(), name = POLLER_LEASE }: { ttlMs: number; now: () => number; holder?: string; name?: string },
): Lease {
  const mine = (value: string) => value.endsWith(`|${holder}`);
  return {
    holder,
    async acquire() {
      const value = `${pad(now() + ttlMs)}|${holder}`;
      const inserted = await db
        .insertInto('sync_state')
        .values({ name, value })
        .onConflict((oc) => oc.column('name').doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return true;
      const updated = await db
        .updateTable('sync_state')
        .set({ value })
        .where('name', '=', name)
        .where((eb) => eb.or([eb('value', '<', pad(now())), eb('value', 'like', `%|${holder}`)]))
        .executeTakeFirst();
      return Number(updated.numUpdatedRows) === 1;
    },
    async release() {
      const held = await syncStateValue(db, name);
      if (held === undefined || !mine(held)) return;
      await db.updateTable('sync_state').set({ value: `${pad(0)}|${holder}` }).where('name', '=', name).where('value', '=', held).execute();
    },
  };
}
