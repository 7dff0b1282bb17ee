/**
 * The SQL of the deleted-membership sweep (loyalty/mews-sync/deleted-sweep.ts): which mirrored
 * Mews memberships to ask about next, and marking those Mews no longer reports as active.
 * Only rows whose truth lives in Mews (`home = 'mews'`) are ever touched: a partner program's
 * memberships are Keycard's own.
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema';
import { reserveChangeSeqs } from './mirror-repository';

/** Live mirrored Mews memberships with an id after `after`, in id order, at most `limit`. */
export async function liveMewsMembershipIds(db: Kysely<Database>, after: string, limit: number): Promise<string[]> {
  const rows = await db.selectFrom('memberships').select('id')
    .where('home', '=', 'mews').where('deleted', '=', 0).where('id', '>', after)
    .orderBy('id').limit(limit).execute();
  return rows.map((r) => r.id);
}

/**
 * Marks these memberships deleted, each with a new change number so `/v1/sync` tells every
 * cache. A row that became Keycard's own, was deleted already, or was confirmed by a later
 * answer than `asOf` (epoch ms, when the question was sent) is left alone. Returns the ids marked.
 */
export async function markMewsMembershipsGone(db: Kysely<Database>, ids: readonly string[], asOf: number, now: string): Promise<string[]> {
  if (ids.length === 0) return [];
  return db.transaction().execute(async (trx) => {
    const gone = (await trx.selectFrom('memberships').select(['id', 'as_of_ms'])
      .where('id', 'in', [...ids]).where('home', '=', 'mews').where('deleted', '=', 0).execute())
      .filter((r) => (r.as_of_ms ?? 0) <= asOf)
      .map((r) => r.id);
    if (gone.length === 0) return [];
    let seq = await reserveChangeSeqs(trx, gone.length);
    for (const id of gone) {
      await trx.updateTable('memberships').set({ deleted: 1, updated_at: now, fetched_at: now, change_seq: seq++, as_of_ms: asOf })
        .where('id', '=', id).where('home', '=', 'mews').execute();
    }
    return gone;
  });
}
