/**
 * `/v1/sync`: the extension's cache catches up by change number. Every mirrored change
 * (membership facts, or its guest's name/email) stamps a new `change_seq`, so one ordered
 * scan yields members to upsert and membership ids to drop.
 */
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { MemberRecord, SyncPage } from '../../../../lib/contract';
import { unprocessable, fieldProblem } from '../../http/problems';
import type { Catalog } from '../programs/catalog';
import type { LoyaltyContext } from '../core/deps';
import { guestFromRow, membershipFromRow } from '../../store/mirror-repository';
import { changesAfter, membersChangedAfter } from '../../store/member-repository';
import { withNextTierRecords } from '../programs/tiers';

/** Reads a cursor: empty means "from the start"; otherwise a change number we issued. */
export function parseSyncCursor(cursor: string | undefined): number {
  if (cursor === undefined || cursor === '') return 0;
  if (!/^\d{1,15}$/.test(cursor)) throw unprocessable([fieldProblem('/cursor', { key: 'fieldCursor' })], { key: 'invalidQuery' });
  return Number(cursor);
}

/**
 * @example
 * let page = await syncPage(ctx, catalog, undefined);
 * while (page.hasMore) page = await syncPage(ctx, catalog, page.cursor);
 */
export async function syncPage(ctx: LoyaltyContext, catalog: Catalog, cursor: string | undefined, limit = ctx.config.syncPageSize): Promise<SyncPage> {
  const after = parseSyncCursor(cursor);
  // One row more than the page: its presence says whether another page follows.
  const rows = await membersChangedAfter(ctx.store.db, after, limit + 1);
  const page = rows.slice(0, limit);
  const members: MemberRecord[] = [];
  const deleted: string[] = [];
  for (const row of page) {
    if (row.deleted === 1) {
      deleted.push(row.id);
      continue;
    }
    members.push({
      guest: guestFromRow({ id: row.account_id, first_name: row.first_name ?? null, last_name: row.last_name ?? '', email: row.email ?? null }),
      membership: membershipFromRow(row),
    });
  }
  const last = page.at(-1);
  const cursorAfter = last ? last.change_seq : after;
  const hasMore = rows.length > limit;
  // For the desk's progress bar ("12,000 of ~40,000"): one indexed count, only while pages remain.
  const remaining = hasMore ? await changesAfter(ctx.store.db, cursorAfter) : 0;
  return { members: await withNextTierRecords(catalog, members), deleted, cursor: String(cursorAfter), hasMore, remaining };
}

const gzipAsync = promisify(gzip);

/**
 * One block of the bulk first download, as gzip bytes: the sync page of
 * `config.bulkBlockSize` members after `cursor`. Compressed on libuv's thread pool (level 1:
 * names and ids repeat, so it still shrinks ~8×, at a fraction of level 6's time), so the event
 * loop keeps answering other desks while 5 MB of JSON is squeezed.
 */
export async function bulkBlock(
  ctx: LoyaltyContext,
  catalog: Catalog,
  cursor: string | undefined,
  /** What the asking device may see of the block (its chain's members): applied before compressing. */
  keep: (block: SyncPage) => Promise<SyncPage>,
): Promise<ArrayBuffer> {
  const block = await keep(await syncPage(ctx, catalog, cursor, ctx.config.bulkBlockSize));
  const bytes = await gzipAsync(JSON.stringify(block), { level: 1 });
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
