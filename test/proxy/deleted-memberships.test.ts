// @vitest-environment node
/**
 * Issue 16, item 1: a membership deleted in Mews leaves every desk, whichever way the real Mews
 * reads the docs' silences: a getAll without ActivityStates may return deleted records too, and
 * a delete may not move UpdatedUtc. The sandbox plays each other reading (`/_sandbox/behaviour`).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GuestLoyalty, MemberRecord, SyncPage } from '../../lib/contract';
import { createDeletedSweep, SWEEP_AFTER, SWEEP_NEXT } from '../../server/proxy/loyalty/mews-sync/deleted-sweep';
import { forgetSyncStateValue, syncStateValue } from '../../server/proxy/store/sync-state-repository';
import { setHeldByKeycard } from '../../server/proxy/store/partner-member-repository';
import { KEYCARD_PROGRAM_ID } from '../../server/sandbox/core/seed';
import { pgAvailable } from './support/postgres';
import { startLoyaltyEnv, type LoyaltyEnv } from './support/loyalty-env';

const dialects = (['sqlite', 'postgres'] as const).filter((d) => d === 'sqlite' || pgAvailable);

interface MewsMembership { Id: string; AccountId: string; MembershipNumber: string }

describe.each(dialects)('memberships deleted in Mews (%s)', (dialect) => {
  let env: LoyaltyEnv;
  let desk: string;
  let members: MewsMembership[];

  beforeEach(async () => {
    env = await startLoyaltyEnv(dialect, { customers: 300 });
    desk = (await env.harness.pair('desk')).token;
    members = (await env.mews('loyaltyMemberships/getAll', { LoyaltyProgramIds: [KEYCARD_PROGRAM_ID], ActivityStates: ['Active'], Limitation: { Count: 1000 } })).LoyaltyMemberships;
  });
  afterEach(() => env?.close());

  const get = async <T>(path: string) => {
    const res = await env.harness.request(path, { token: desk });
    expect(res.status).toBe(200);
    return (await res.json()) as T;
  };
  const deleteInMews = (m: MewsMembership) => env.mews('loyaltyMemberships/delete', { LoyaltyMembershipIds: [m.Id] });
  const liveRow = (id: string) => env.store.db.selectFrom('memberships').select('id').where('id', '=', id).where('deleted', '=', 0).executeTakeFirst();
  const mirrored = (id: string) => env.store.db.selectFrom('memberships').select(['deleted', 'home']).where('id', '=', id).executeTakeFirstOrThrow();
  const syncAll = async () => {
    let page = await get<SyncPage>('/v1/sync');
    const live = new Set(page.members.map((r) => r.membership.id));
    while (page.hasMore) {
      page = await get<SyncPage>(`/v1/sync?cursor=${page.cursor}`);
      for (const r of page.members) live.add(r.membership.id);
      for (const id of page.deleted) live.delete(id);
    }
    return live;
  };

  it('a lookup never shows a deleted membership, though Mews answers an unfiltered getAll with deleted ones too', async () => {
    const victim = members[0]!;
    await deleteInMews(victim);
    await env.behaviour({ absentActivityStates: 'both' });
    const answer = await get<GuestLoyalty>(`/v1/accounts/${victim.AccountId}/loyalty`);
    expect(answer.memberships.map((m) => m.id)).not.toContain(victim.Id);
    expect(await liveRow(victim.Id)).toBeUndefined();
  });

  it('a search by number never finds a deleted membership, under the same reading', async () => {
    const victim = members[1]!;
    await deleteInMews(victim);
    await env.behaviour({ absentActivityStates: 'both' });
    const found = await get<{ members: MemberRecord[] }>(`/v1/members/search?q=${encodeURIComponent(victim.MembershipNumber)}`);
    expect(found.members.map((r) => r.membership.id)).not.toContain(victim.Id);
  });

  it('the poller finds a membership deleted in Mews whose delete moved no UpdatedUtc, and sync ships it', async () => {
    await env.module.poller.initialLoad();
    const victim = members[2]!;
    expect(await syncAll()).toContain(victim.Id);
    await env.behaviour({ deleteMovesUpdatedUtc: false });
    await deleteInMews(victim);
    // An hour later (the sweep's interval): the delete is in no UpdatedUtc window, the sweep finds it.
    await forgetSyncStateValue(env.store.db, SWEEP_NEXT);
    expect(await env.module.poller.pollOnce()).toMatchObject({ deleted: 0 });
    expect((await mirrored(victim.Id)).deleted).toBe(1);
    expect(await syncAll()).not.toContain(victim.Id);
  });

  it('sweeps in batches, one Mews call a pass, then rests for the interval; never touches Keycard-held rows', async () => {
    await env.module.poller.initialLoad();
    const [gone, held] = [members[3]!, members[4]!];
    await env.behaviour({ deleteMovesUpdatedUtc: false });
    // A row Keycard holds itself (a partner program's), whose Connector copy Mews no longer has.
    await setHeldByKeycard(env.store.db, [held.Id]);
    await env.mews('loyaltyMemberships/delete', { LoyaltyMembershipIds: [gone.Id, held.Id] });
    const sweep = createDeletedSweep(env.module.ctx, 50);
    // Right after the initial load the sweep rests; an hour later it is due.
    expect(await sweep.step()).toEqual([]);
    await forgetSyncStateValue(env.store.db, SWEEP_NEXT);
    const live = (await env.store.db.selectFrom('memberships').select('id').where('deleted', '=', 0).where('home', '=', 'mews').execute()).length;
    const calls = async () => (await env.stats()).requestsByOperation['loyaltyMemberships/getAll'] ?? 0;
    let passes = 0;
    let found: string[] = [];
    for (let done = false; !done; passes++) {
      const before = await calls();
      found = [...found, ...(await sweep.step())];
      expect(await calls()).toBeLessThanOrEqual(before + 1);
      done = (await syncStateValue(env.store.db, SWEEP_AFTER)) === undefined;
    }
    expect(live).toBeGreaterThan(100);
    expect(passes).toBe(Math.floor(live / 50) + 1);
    expect(found).toEqual([gone.Id]);
    expect(await mirrored(held.Id)).toEqual({ deleted: 0, home: 'keycard' });
    // Rests until the interval has passed: no call at all.
    const before = await calls();
    expect(await sweep.step()).toEqual([]);
    expect(await calls()).toBe(before);
  });
});
