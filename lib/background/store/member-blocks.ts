/**
 * A full sync's members as blocks: each `/v1/sync/bulk` answer (up to 10,000 members) is ONE
 * IndexedDB record, written in one put instead of 10,000 indexed rows, and held in memory
 * here (by membership and by account) so the panel's offline lookup and the popup's search read
 * a block the moment it is written. Rows in the `members` store (lookups, incremental syncs)
 * sit beside the blocks; `members.ts` merges the two, the newer `updatedAt` winning.
 */
import type { MemberBlock } from '@/lib/contract';
import { isNewer } from '@/lib/contract/desk-cache';
import { cacheEpoch, type CacheDb, type CachedMember, type MemberBlockRecord, type SyncMeta } from './db';

interface BlockEntry {
  member: CachedMember;
  /** Keys of the blocks that list this member (two while a weekly resync overlaps the last). */
  blocks: string[];
}

/** The blocks' members in memory; rebuilt from disk when the cache was closed or wiped. */
export interface BlockView {
  byId: Map<string, BlockEntry>;
  byAccount: Map<string, Set<string>>;
}

let loaded: { epoch: number; view: Promise<BlockView> } | null = null;

function addToView(view: BlockView, block: MemberBlockRecord): void {
  for (const { guest, membership } of block.members) {
    const current = view.byId.get(membership.id);
    // Blocks load in key order (older generations first): the later of equal changes wins.
    const member: CachedMember = { id: membership.id, accountId: membership.accountId, guest, membership, asOf: block.asOf, seenAt: block.seenAt };
    if (!current) view.byId.set(membership.id, { member, blocks: [block.key] });
    else {
      current.blocks.push(block.key);
      if (isNewer(membership, current.member)) current.member = member;
    }
    let ids = view.byAccount.get(membership.accountId);
    if (!ids) view.byAccount.set(membership.accountId, (ids = new Set()));
    ids.add(membership.id);
  }
}

function dropFromView(view: BlockView, id: string): void {
  const entry = view.byId.get(id);
  if (!entry) return;
  view.byId.delete(id);
  view.byAccount.get(entry.member.accountId)?.delete(id);
}

/**
 * The blocks' members, read from disk once per open cache (a few hundred ms for 100,000).
 *
 * @example
 * ```ts
 * const { byId } = await blockView(db);
 * const row = byId.get('mem-1')?.member;
 * ```
 */
export function blockView(db: CacheDb): Promise<BlockView> {
  const epoch = cacheEpoch();
  if (loaded?.epoch !== epoch) {
    const view = db.getAll('memberBlocks').then((blocks) => {
      const fresh: BlockView = { byId: new Map(), byAccount: new Map() };
      for (const block of blocks) addToView(fresh, block);
      return fresh;
    });
    loaded = { epoch, view };
    view.catch(() => {
      if (loaded?.view === view) loaded = null;
    });
  }
  return loaded.view;
}

/**
 * Writes one block and the meta after it (cursor, progress) in one transaction, so a worker
 * killed mid-download resumes at the next block. The block's deletions (a first download
 * lists memberships deleted since the cursor) also leave any rows.
 */
export async function writeMemberBlock(db: CacheDb, next: SyncMeta, block: MemberBlock, now: number): Promise<void> {
  const generation = next.full?.bulk?.generation ?? '';
  const record: MemberBlockRecord = {
    key: `${generation}:${block.cursor.padStart(15, '0')}`,
    generation,
    members: block.members,
    asOf: new Date(now).toISOString(),
    seenAt: now,
  };
  const view = await blockView(db);
  const tx = db.transaction(['memberBlocks', 'members', 'meta'], 'readwrite', { durability: 'relaxed' });
  tx.done.catch(() => undefined);
  const writes: Promise<unknown>[] = [tx.objectStore('memberBlocks').put(record), tx.objectStore('meta').put(next)];
  for (const id of block.deleted) writes.push(tx.objectStore('members').delete(id));
  await Promise.all([...writes, tx.done]);
  addToView(view, record);
  for (const id of block.deleted) dropFromView(view, id);
}

/**
 * Removes members from the blocks that list them (an incremental sync or a lookup says they
 * are gone). Rare, so a block is read, filtered and put back whole.
 */
export async function dropFromBlocks(db: CacheDb, ids: readonly string[]): Promise<void> {
  const view = await blockView(db);
  const byBlock = new Map<string, Set<string>>();
  for (const id of ids) {
    for (const key of view.byId.get(id)?.blocks ?? []) {
      if (!byBlock.has(key)) byBlock.set(key, new Set());
      byBlock.get(key)!.add(id);
    }
  }
  if (byBlock.size === 0) return;
  const tx = db.transaction('memberBlocks', 'readwrite');
  for (const [key, gone] of byBlock) {
    const block = await tx.store.get(key);
    if (block) await tx.store.put({ ...block, members: block.members.filter((r) => !gone.has(r.membership.id)) });
  }
  await tx.done;
  for (const id of ids) dropFromView(view, id);
}

/**
 * Ends a full sync's download: blocks of earlier generations go, so members the proxy no
 * longer lists leave the cache. Returns the ids no block lists any more.
 */
export async function keepOnlyGeneration(db: CacheDb, generation: string): Promise<string[]> {
  const view = await blockView(db);
  const stale = (await db.getAllKeys('memberBlocks')).filter((key) => !key.startsWith(`${generation}:`));
  if (stale.length === 0) return [];
  const tx = db.transaction('memberBlocks', 'readwrite');
  await Promise.all([...stale.map((key) => tx.store.delete(key)), tx.done]);
  const gone = new Set(stale);
  const dropped: string[] = [];
  for (const [id, entry] of view.byId) {
    entry.blocks = entry.blocks.filter((key) => !gone.has(key));
    if (entry.blocks.length === 0) dropped.push(id);
  }
  for (const id of dropped) dropFromView(view, id);
  return dropped;
}
