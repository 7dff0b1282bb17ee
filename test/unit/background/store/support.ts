/** Shared set-up for the offline cache tests: a fresh IndexedDB per test and a fake sync feed. */
import { IDBFactory } from 'fake-indexeddb';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { MemberRecord } from '@/lib/contract';
import type { Result } from '@/lib/contract/messages';
import { closeCache } from '@/lib/background/store/db';
import type { SyncPageWithEstimate } from '@/lib/background/store/sync';
import { membership } from '../../support/fixtures';

/** Call in `beforeEach`: a brand-new IndexedDB and a reset fake browser. */
export async function freshCache() {
  await closeCache();
  globalThis.indexedDB = new IDBFactory();
  fakeBrowser.reset();
}

export const member = (id: string, overrides: { accountId?: string; points?: number; updatedAt?: string; number?: string } = {}): MemberRecord => {
  const accountId = overrides.accountId ?? `cus-${id}`;
  return {
    guest: { id: accountId, firstName: 'Guest', lastName: id, email: null },
    membership: membership({
      id,
      accountId,
      number: overrides.number ?? `KR-${id}`,
      points: overrides.points ?? 100,
      updatedAt: overrides.updatedAt ?? '2026-03-02T11:00:00Z',
    }),
  };
};

/**
 * The proxy's `/v1/sync` in memory, with its semantics: every change stamps a new change
 * number; a page lists rows changed after the cursor, in order; deletions come as ids.
 */
export function fakeFeed(pageSize = 2, blockSize = 10) {
  let seq = 0;
  const rows = new Map<string, { seq: number; record: MemberRecord; deleted: boolean }>();
  const requests: string[] = [];
  return {
    requests,
    upsert(record: MemberRecord) {
      rows.set(record.membership.id, { seq: ++seq, record, deleted: false });
    },
    remove(id: string) {
      const row = rows.get(id)!;
      rows.set(id, { ...row, seq: ++seq, deleted: true });
    },
    /** Gone from the proxy without a trace a delta could carry (a missed deletion, then swept). */
    forget(id: string) {
      rows.delete(id);
    },
    /** `/v1/sync/bulk`: the same walk in blocks of `blockSize`. */
    block(cursor: string): Promise<Result<SyncPageWithEstimate>> {
      requests.push(`block:${cursor}`);
      return this.page(cursor, blockSize, false);
    },
    async page(cursor: string, size = pageSize, record = true): Promise<Result<SyncPageWithEstimate>> {
      if (record) requests.push(cursor);
      const pageSize = size;
      const after = cursor === '' ? 0 : Number(cursor);
      const changed = [...rows.values()].filter((row) => row.seq > after).sort((a, b) => a.seq - b.seq);
      const page = changed.slice(0, pageSize);
      const last = page.at(-1);
      return {
        ok: true,
        data: {
          members: page.filter((row) => !row.deleted).map((row) => row.record),
          deleted: page.filter((row) => row.deleted).map((row) => row.record.membership.id),
          cursor: String(last ? last.seq : after),
          hasMore: changed.length > pageSize,
          remaining: Math.max(0, changed.length - pageSize),
        },
      };
    },
  };
}
