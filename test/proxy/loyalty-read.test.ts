// @vitest-environment node
/**
 * Loyalty reads against the Mews sandbox over real HTTP: lookups (and their coalescing),
 * reservations, the desk context, search, the sync feed, the poller and webhooks, and how
 * Mews failures reach the desk.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHAIN_ID, CURRENCY, ENTERPRISE_ID, KEYCARD_PROGRAM_ID, TIER_IDS, TIME_ZONE } from '../../server/sandbox/core/seed';
import type { DeskContext, GuestLoyalty, SyncPage } from '../../lib/contract';
import { createProxyApp } from '../../server/proxy/app';
import { createLoyaltyModule } from '../../server/proxy/loyalty/module';
import { pgAvailable } from './support/postgres';
import { startLoyaltyEnv, WEBHOOK_TOKEN, type LoyaltyEnv } from './support/loyalty-env';

const dialects = (['sqlite', 'postgres'] as const).filter((d) => d === 'sqlite' || pgAvailable);
if (!pgAvailable) describe.skip('loyalty reads on PostgreSQL (no PostgreSQL: see the warning above)', () => { it('skipped', () => {}); });

interface MewsMembership { Id: string; AccountId: string; Points: number | null; LoyaltyTierId: string | null; State: string; MembershipNumber: string | null; LoyaltyProgramId: string }

describe.each(dialects)('loyalty reads (%s)', (dialect) => {
  let env: LoyaltyEnv;
  let desk: string;
  let all: MewsMembership[];
  const ops = async () => (await env.stats()).requestsByOperation;

  beforeAll(async () => {
    env = await startLoyaltyEnv(dialect);
    desk = (await env.harness.pair('desk')).token;
    all = (await env.mews('loyaltyMemberships/getAll', { Limitation: { Count: 1000 } })).LoyaltyMemberships;
  });
  afterAll(() => env?.close());

  const get = (path: string) => env.harness.request(path, { token: desk });

  it('answers an account lookup with the points, tier and state Mews has, then from the mirror', async () => {
    const m = all[0]!;
    const res = await get(`/v1/accounts/${m.AccountId}/loyalty`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as GuestLoyalty;
    const mine = body.memberships.find((x) => x.id === m.Id)!;
    expect(mine).toMatchObject({ points: m.Points ?? 0, tierId: m.LoyaltyTierId, state: m.State, number: m.MembershipNumber, accountId: m.AccountId });
    expect(body.guest.id).toBe(m.AccountId);
    const before = await ops();
    expect((await get(`/v1/accounts/${m.AccountId}/loyalty`)).status).toBe(200);
    expect(await ops()).toEqual(before);
  });

  it('coalesces 100 concurrent cold lookups into at most 2 calls of each operation', async () => {
    const accounts = [...new Set(all.slice(10).map((m) => m.AccountId))].slice(0, 100);
    expect(accounts).toHaveLength(100);
    const before = await ops();
    const answers = await Promise.all(accounts.map((id) => get(`/v1/accounts/${id}/loyalty`)));
    expect(answers.map((r) => r.status)).toEqual(accounts.map(() => 200));
    const after = await ops();
    const calls = (op: string) => (after[op] ?? 0) - (before[op] ?? 0);
    expect(calls('loyaltyMemberships/getAll')).toBeLessThanOrEqual(2);
    expect(calls('customers/getAll')).toBeLessThanOrEqual(2);
    console.info(`[${dialect}] 100 cold lookups → loyaltyMemberships/getAll ×${calls('loyaltyMemberships/getAll')}, customers/getAll ×${calls('customers/getAll')}`);
  });

  it('looks a reservation up through its owner', async () => {
    const seeded = env.sandbox.sandbox.state.store.reservations.all()[0]!;
    const { Reservations } = await env.mews('reservations/getAll/2023-06-06', { ReservationIds: [seeded.Id], Limitation: { Count: 1 } });
    const reservation = Reservations[0] as { Id: string; AccountId: string };
    const res = await get(`/v1/reservations/${reservation.Id}/loyalty`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as GuestLoyalty).guest.id).toBe(reservation.AccountId);
    const missing = await get('/v1/reservations/00000000-0000-4000-8000-000000000000/loyalty');
    expect(missing.status).toBe(404);
  });

  it('answers an unknown account with a 404 problem', async () => {
    const res = await get('/v1/accounts/00000000-0000-4000-8000-000000000001/loyalty');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  it('serves the desk context: enterprise, chain, programs with tiers and rules, device, limit', async () => {
    await env.store.db.insertInto('tier_rules').values([
      { tier_id: TIER_IDS.silver, program_id: KEYCARD_PROGRAM_ID, min_points: 0 },
      { tier_id: TIER_IDS.gold, program_id: KEYCARD_PROGRAM_ID, min_points: 10_000 },
    ]).execute();
    const res = await get('/v1/context');
    expect(res.status).toBe(200);
    const ctx = (await res.json()) as DeskContext;
    expect(ctx.enterprise).toMatchObject({ id: ENTERPRISE_ID, timeZone: TIME_ZONE, currency: CURRENCY });
    expect(ctx.chain.id).toBe(CHAIN_ID);
    const keycard = ctx.programs.find((p) => p.id === KEYCARD_PROGRAM_ID)!;
    expect(keycard.tiers.map((t) => [t.id, t.minPoints])).toEqual([[TIER_IDS.silver, 0], [TIER_IDS.gold, 10_000], [TIER_IDS.platinum, null]]);
    expect(ctx.device.role).toBe('desk');
    expect(ctx.deskAdjustmentLimit).toBe(1000);
    const before = await ops();
    await get('/v1/context');
    expect((await ops())['configuration/get']).toBe(before['configuration/get']);
  });

  it('searches members by name prefix (accents and case ignored), email and number', async () => {
    const m = all[0]!;
    const [customer] = (await env.mews('customers/getAll', { CustomerIds: [m.AccountId], Extent: { Customers: true }, Limitation: { Count: 1 } })).Customers;
    const prefix = (customer.LastName as string).normalize('NFD').replace(/\p{M}/gu, '').slice(0, 3).toUpperCase();
    const byName = (await (await get(`/v1/members/search?q=${encodeURIComponent(prefix)}`)).json()) as { members: { membership: { id: string } }[] };
    expect(byName.members.some((r) => r.membership.id === m.Id)).toBe(true);
    if (customer.Email) {
      const byEmail = (await (await get(`/v1/members/search?q=${encodeURIComponent(customer.Email.toUpperCase())}`)).json()) as typeof byName;
      expect(byEmail.members.map((r) => r.membership.id)).toContain(m.Id);
    }
    const spaced = m.MembershipNumber!.replace(/(.{4})/g, '$1 ').trim();
    const byNumber = (await (await get(`/v1/members/search?q=${encodeURIComponent(spaced)}`)).json()) as typeof byName;
    expect(byNumber.members.map((r) => r.membership.id)).toEqual([m.Id]);
    // Not mirrored yet: falls back to Mews by membership number.
    const cold = all.at(-1)!;
    const fromMews = (await (await get(`/v1/members/search?q=${cold.MembershipNumber}`)).json()) as typeof byName;
    expect(fromMews.members.map((r) => r.membership.id)).toContain(cold.Id);
    expect((await get('/v1/members/search?q=')).status).toBe(422);
  });

  it('finds a name with an apostrophe however the desk types it, as the desk cache does', async () => {
    const { Id: accountId } = await env.mews('customers/add', { FirstName: 'Seán', LastName: 'O’Neil-Brady', OverwriteExisting: false });
    const enrolled = await env.harness.request('/v1/memberships', {
      method: 'POST', token: desk, json: { accountId, programId: KEYCARD_PROGRAM_ID }, headers: { 'Idempotency-Key': `apostrophe-${accountId}` },
    });
    expect(enrolled.status).toBe(201);
    for (const typed of ['oneil', "o'neil", 'O’NEIL brady', 'sean oneil', 'brady']) {
      const found = (await (await get(`/v1/members/search?q=${encodeURIComponent(typed)}`)).json()) as { members: { guest: { id: string } }[] };
      expect(found.members.map((r) => r.guest.id), typed).toContain(accountId);
    }
  });

  it('pages the sync feed by cursor', async () => {
    let page = (await (await get('/v1/sync')).json()) as SyncPage;
    const first = page;
    const seen = new Set(page.members.map((r) => r.membership.id));
    let rounds = 0;
    while (page.hasMore && rounds++ < 50) {
      page = (await (await get(`/v1/sync?cursor=${page.cursor}`)).json()) as SyncPage;
      page.members.forEach((r) => seen.add(r.membership.id));
    }
    expect(seen.has(all[0]!.Id)).toBe(true);
    const empty = (await (await get(`/v1/sync?cursor=${page.cursor}`)).json()) as SyncPage;
    expect(empty).toMatchObject({ members: [], deleted: [], hasMore: false, cursor: page.cursor, remaining: 0 });
    // The progress estimate: what the first page said was left is what the later pages brought.
    if (first.hasMore) expect(first.remaining).toBe(seen.size - first.members.length);
    expect((await get('/v1/sync?cursor=abc')).status).toBe(422);
  });

  it('picks up a change made directly in Mews with the poller, and ships it through sync', async () => {
    const m = all[0]!;
    const cursor = ((await (await get('/v1/sync')).json()) as SyncPage);
    let last = cursor;
    while (last.hasMore) last = (await (await get(`/v1/sync?cursor=${last.cursor}`)).json()) as SyncPage;
    await env.mews('loyaltyMemberships/update', { LoyaltyMembershipUpdates: [{ LoyaltyMembershipId: m.Id, Points: { Value: 4242 } }] });
    const report = await env.module.poller.pollOnce();
    expect(report.memberships).toBeGreaterThanOrEqual(1);
    const row = await env.store.db.selectFrom('memberships').select('points').where('id', '=', m.Id).executeTakeFirstOrThrow();
    expect(row.points).toBe(4242);
    const changes = (await (await get(`/v1/sync?cursor=${last.cursor}`)).json()) as SyncPage;
    expect(changes.members.find((r) => r.membership.id === m.Id)?.membership.points).toBe(4242);
    // A deletion in Mews propagates as a deleted id.
    const victim = all[1]!;
    await env.mews('loyaltyMemberships/delete', { LoyaltyMembershipIds: [victim.Id] });
    await env.module.poller.pollOnce();
    const after = (await (await get(`/v1/sync?cursor=${changes.cursor}`)).json()) as SyncPage;
    expect(after.deleted).toContain(victim.Id);
  });

  it('refreshes a guest named by a Mews webhook, after answering 202', async () => {
    const m = all[0]!;
    await env.mews('customers/update', { CustomerId: m.AccountId, LastName: 'Nováková-Webhook' });
    const res = await env.harness.request(`/mews/webhooks?token=${WEBHOOK_TOKEN}`, {
      method: 'POST',
      json: { EnterpriseId: ENTERPRISE_ID, IntegrationId: 'x', Events: [
        { Discriminator: 'CustomerUpdated', Value: { Id: m.AccountId } },
        { Discriminator: 'CustomerUpdated', Value: { Id: m.AccountId } },
        { Discriminator: 'ServiceOrderUpdated', Value: { Id: 'r1' } },
      ] },
    });
    expect(res.status).toBe(202);
    const before = await ops();
    await env.module.webhooks.drain();
    expect((await ops())['customers/getAll']).toBe((before['customers/getAll'] ?? 0) + 1);
    const guest = await env.store.db.selectFrom('customers').selectAll().where('id', '=', m.AccountId).executeTakeFirstOrThrow();
    expect(guest.last_name).toBe('Nováková-Webhook');
    const found = (await (await get('/v1/members/search?q=novakova-web')).json()) as { members: { membership: { id: string } }[] };
    expect(found.members.map((r) => r.membership.id)).toContain(m.Id);
  });

  it('refuses bad webhook tokens (401) and malformed payloads (400 problem)', async () => {
    const post = (query: string, body: unknown) => env.harness.request(`/mews/webhooks${query}`, { method: 'POST', json: body });
    expect((await post('?token=wrong', { Events: [] })).status).toBe(401);
    expect((await post('', { Events: [] })).status).toBe(401);
    for (const bad of [{ Events: 'nope' }, [1, 2], { Events: [{ Value: {} }] }]) {
      const res = await post(`?token=${WEBHOOK_TOKEN}`, bad);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    const garbage = await env.harness.request(`/mews/webhooks?token=${WEBHOOK_TOKEN}`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{not json',
    });
    expect(garbage.status).toBe(400);
  });

  it('turns Mews 5xx into a 502 problem', async () => {
    const cold = all.at(-2)!;
    await env.faults({ rate5xx: 1 });
    try {
      const res = await get(`/v1/accounts/${cold.AccountId}/loyalty`);
      expect(res.status).toBe(502);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const problem = (await res.json()) as { title: string; detail?: string };
      expect(JSON.stringify(problem)).not.toContain('AccessToken');
    } finally {
      await env.faults({ rate5xx: 0 });
    }
    expect((await get(`/v1/accounts/${cold.AccountId}/loyalty`)).status).toBe(200);
  });

  it('loads every active membership when asked for an initial load', async () => {
    const active = await env.mews('loyaltyMemberships/getAll', { ActivityStates: ['Active'], Limitation: { Count: 1000 } });
    const loaded = await env.restart().poller.initialLoad();
    expect(loaded).toBe(active.LoyaltyMemberships.length);
    const mirrored = await env.store.db.selectFrom('memberships').select('id').where('deleted', '=', 0).execute();
    expect(mirrored.length).toBe(active.LoyaltyMemberships.length);
  });

  it('answers 404 on the webhook route when no webhook token is configured', async () => {
    const deps = { ...env.deps, config: { ...env.deps.config, mewsWebhookToken: undefined } };
    const app = createProxyApp({ ...deps, modules: [createLoyaltyModule(deps, { loyalty: { pollIntervalMs: 0, stayPollIntervalMs: 0 } })] });
    const res = await app.request('/mews/webhooks?token=anything', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"Events":[]}' });
    expect(res.status).toBe(404);
  });
});
