// @vitest-environment node
/**
 * `GET /v1/sync/bulk`: a new desk's first download in blocks, on SQLite and PostgreSQL against
 * the sandbox. Every member comes exactly once, a cursor resumes where a block stopped, and a
 * member changed while the blocks stream in is not lost: the `/v1/sync` after them has it.
 */
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberBlock, SyncPage } from '../../lib/contract';
import { pgAvailable } from './support/postgres';
import { startLoyaltyEnv, type LoyaltyEnv } from './support/loyalty-env';

const dialects = (['sqlite', 'postgres'] as const).filter((d) => d === 'sqlite' || pgAvailable);
if (!pgAvailable) describe.skip('bulk sync on PostgreSQL (no PostgreSQL: see the warning above)', () => { it('skipped', () => {}); });

const BLOCK = 40;

describe.each(dialects)('bulk first sync (%s)', (dialect) => {
  let env: LoyaltyEnv;
  let desk: string;

  beforeAll(async () => {
    env = await startLoyaltyEnv(dialect, { loyalty: { bulkBlockSize: BLOCK } });
    await env.module.poller.initialLoad();
    desk = (await env.harness.pair('desk')).token;
  });
  afterAll(() => env?.close());

  const get = (path: string, token = desk) => env.harness.request(path, { token });
  /** One block, checking it came gzip-compressed (app.request does not inflate). */
  async function block(cursor = ''): Promise<MemberBlock> {
    const res = await get(`/v1/sync/bulk?cursor=${cursor}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    return JSON.parse(gunzipSync(Buffer.from(await res.arrayBuffer())).toString('utf8')) as MemberBlock;
  }
  async function walk(cursor = '', each?: (b: MemberBlock, i: number) => Promise<void>): Promise<{ blocks: MemberBlock[]; cursor: string }> {
    const blocks: MemberBlock[] = [];
    let next = cursor;
    for (let i = 0; i < 100; i++) {
      const b = await block(next);
      blocks.push(b);
      await each?.(b, i);
      next = b.cursor;
      if (!b.hasMore) break;
    }
    return { blocks, cursor: next };
  }
  const liveIds = async () =>
    (await env.store.db.selectFrom('memberships').select('id').where('deleted', '=', 0).execute()).map((r) => r.id).sort();

  it('lists every member exactly once, in blocks of the configured size, with the progress estimate', async () => {
    const { blocks } = await walk();
    const ids = blocks.flatMap((b) => b.members.map((r) => r.membership.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(await liveIds());
    expect(blocks.length).toBeGreaterThan(2);
    for (const b of blocks.slice(0, -1)) expect(b.members.length + b.deleted.length).toBe(BLOCK);
    expect(blocks[0]!.remaining).toBe(ids.length - blocks[0]!.members.length);
    expect(blocks.at(-1)!.hasMore).toBe(false);
  });

  it('resumes from a block cursor with exactly the members after it', async () => {
    const { blocks } = await walk();
    const resumed = await walk(blocks[1]!.cursor);
    expect(resumed.blocks.flatMap((b) => b.members.map((r) => r.membership.id))).toEqual(
      blocks.slice(2).flatMap((b) => b.members.map((r) => r.membership.id)),
    );
    expect((await get('/v1/sync/bulk?cursor=abc')).status).toBe(422);
    expect((await get('/v1/sync/bulk', 'not-a-token')).status).toBe(401);
  });

  it('does not lose a member changed while the blocks stream in: the incremental sync after them has it', async () => {
    const first = (await block()).members[0]!.membership;
    const { cursor } = await walk('', async (_b, i) => {
      if (i !== 1) return;
      await env.mews('loyaltyMemberships/update', { LoyaltyMembershipUpdates: [{ LoyaltyMembershipId: first.id, Points: { Value: first.points + 777 } }] });
      await env.module.poller.pollOnce();
    });
    const delta = (await (await get(`/v1/sync?cursor=${cursor}`)).json()) as SyncPage;
    const blocksAfterChange = (await walk((await block()).cursor)).blocks;
    const seen = [...blocksAfterChange.flatMap((b) => b.members), ...delta.members].filter((r) => r.membership.id === first.id);
    expect(seen.map((r) => r.membership.points)).toContain(first.points + 777);
  });
});
