// @vitest-environment node
/**
 * A Portfolio Access Token (issue 16 #5, concepts/multi-property.md), against the sandbox's portfolio mode over
 * real HTTP: the proxy serves Praha and Brno (one chain) and Innsbruck (a second chain); each device belongs to one
 * enterprise and sees and changes only the guests of its enterprise's chain (the docs put customer profiles and
 * loyalty at chain level, so Praha and Brno share theirs); another chain's guest answers exactly as an absent one.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHAIN_ID, ENTERPRISE_ID, KEYCARD_PROGRAM_ID } from '../../server/sandbox/core/seed';
import {
  SECOND_CHAIN_ENTERPRISE_ID, SECOND_CHAIN_GUESTS, SECOND_CHAIN_ID, SECOND_CHAIN_PROGRAM_ID, SIBLING_ENTERPRISE_ID,
} from '../../server/sandbox/core/portfolio';
import { pgAvailable } from './support/postgres';
import { startLoyaltyEnv, type LoyaltyEnv } from './support/loyalty-env';
import { startPortfolioEnv, type PortfolioEnv } from './support/portfolio-env';

const dialects = (['sqlite', 'postgres'] as const).filter((d) => d === 'sqlite' || pgAvailable);
if (!pgAvailable) describe.skip('portfolio on PostgreSQL (no PostgreSQL: see the warning above)', () => { it('skipped', () => {}); });

const [lena, tobias, anna] = SECOND_CHAIN_GUESTS;

describe.each(dialects)('portfolio token (%s)', (dialect) => {
  let env: LoyaltyEnv;
  let home: PortfolioEnv['home'];
  let get: PortfolioEnv['get'];
  let send: PortfolioEnv['send'];
  let mewsMembership: PortfolioEnv['mewsMembership'];

  beforeAll(async () => {
    const portfolio = await startPortfolioEnv(dialect);
    ({ env, home, get, send, mewsMembership } = portfolio);
  });
  afterAll(() => env?.close());

  it("/v1/context: the device's own enterprise and chain, and only that chain's programs", async () => {
    const alpen = await (await get('/v1/context', 'alpen')).json();
    expect(alpen.enterprise).toMatchObject({ id: SECOND_CHAIN_ENTERPRISE_ID, timeZone: 'Europe/Vienna' });
    expect(alpen.chain.id).toBe(SECOND_CHAIN_ID);
    expect(alpen.programs.map((p: { id: string }) => p.id)).toEqual([SECOND_CHAIN_PROGRAM_ID]);
    const brno = await (await get('/v1/context', 'brno')).json();
    expect(brno.enterprise.id).toBe(SIBLING_ENTERPRISE_ID);
    expect(brno.chain.id).toBe(CHAIN_ID);
    expect(brno.programs.map((p: { id: string }) => p.id)).toContain(KEYCARD_PROGRAM_ID);
    expect(brno.programs.map((p: { id: string }) => p.id)).not.toContain(SECOND_CHAIN_PROGRAM_ID);
  });

  it("a guest of the desk's chain is found (customers/getAll with the ChainIds the docs require); another chain's answers as absent", async () => {
    const own = await get(`/v1/accounts/${lena.id}/loyalty`, 'alpen');
    expect(own.status).toBe(200);
    expect((await own.json()).memberships).toMatchObject([{ id: lena.membershipId, points: lena.points }]);
    // Brno shares Praha's chain, so its guests are Brno's too.
    expect((await get(`/v1/accounts/${home.accountId}/loyalty`, 'brno')).status).toBe(200);

    const absent = randomUUID();
    const missing = await get(`/v1/accounts/${absent}/loyalty`, 'praha');
    const other = await get(`/v1/accounts/${lena.id}/loyalty`, 'praha');
    expect(other.status).toBe(404);
    expect(missing.status).toBe(404);
    const body = await other.json();
    expect(body.detail).toBe(`Mews has no customer ${lena.id}.`);
    expect(Object.keys(body).sort()).toEqual(Object.keys(await missing.json()).sort());
    // Now mirrored (the Innsbruck desk looked Lena up): still absent for Praha.
    expect((await get(`/v1/accounts/${lena.id}/loyalty`, 'praha')).status).toBe(404);
    expect((await get(`/v1/accounts/${home.accountId}/loyalty`, 'alpen')).status).toBe(404);
  });

  it("a reservation is the desk's when it is in an enterprise of the desk's chain (reservations/getAll with those EnterpriseIds)", async () => {
    const reservation = env.sandbox.sandbox.state.store.reservations.all().find((r) => r.AccountType === 'Customer')!;
    expect((await get(`/v1/reservations/${reservation.Id}/loyalty`, 'brno')).status).toBe(200);
    expect((await get(`/v1/reservations/${reservation.Id}/stay`, 'brno')).status).toBe(200);
    const other = await get(`/v1/reservations/${reservation.Id}/loyalty`, 'alpen');
    expect(other.status).toBe(404);
    expect((await other.json()).detail).toBe(`Mews has no reservation ${reservation.Id}.`);
    expect((await get(`/v1/reservations/${reservation.Id}/stay`, 'alpen')).status).toBe(404);
  });

  it('member search finds only the desk chain', async () => {
    const alpen = (await (await get('/v1/members/search?q=Huber', 'alpen')).json()).members;
    expect(alpen.map((r: { membership: { id: string } }) => r.membership.id)).toContain(lena.membershipId);
    const praha = (await (await get('/v1/members/search?q=Huber', 'praha')).json()).members;
    expect(praha.map((r: { membership: { id: string } }) => r.membership.id)).not.toContain(lena.membershipId);
    const byNumber = (await (await get('/v1/members/search?q=ALP7000', 'praha')).json()).members;
    expect(byNumber).toEqual([]);
  });

  it("a desk cannot adjust, read the ledger of, or undo on another chain's membership; its own chain's works", async () => {
    const path = `/v1/memberships/${lena.membershipId}/adjustments`;
    const refused = await send('POST', path, 'praha', { delta: 100, reason: 'goodwill' });
    expect(refused.status).toBe(404);
    expect((await refused.json()).detail).toBe(`Mews has no loyalty membership ${lena.membershipId}.`);
    expect((await mewsMembership(lena.membershipId)).Points).toBe(lena.points);
    expect((await get(path, 'praha')).status).toBe(404);

    const given = await send('POST', path, 'alpen', { delta: 100, reason: 'goodwill' });
    expect(given.status).toBe(201);
    expect((await mewsMembership(lena.membershipId)).Points).toBe(lena.points + 100);
    expect((await get(path, 'alpen')).status).toBe(200);
    // Undo (the opposite adjustment) from another chain's desk: refused, nothing moves.
    expect((await send('POST', path, 'brno', { delta: -100, reason: 'correction' })).status).toBe(404);
    expect((await mewsMembership(lena.membershipId)).Points).toBe(lena.points + 100);

    // Praha's member, from Brno (same chain): allowed.
    const sibling = await send('POST', `/v1/memberships/${home.membershipId}/adjustments`, 'brno', { delta: 10, reason: 'goodwill' });
    expect(sibling.status).toBe(201);
    expect((await send('POST', `/v1/memberships/${home.membershipId}/adjustments`, 'alpen', { delta: 10, reason: 'goodwill' })).status).toBe(404);
    expect((await mewsMembership(home.membershipId)).Points).toBe(home.points + 10);
  });

  it('enrollment: only guests and programs of the desk chain, written with its ChainId', async () => {
    expect((await send('POST', '/v1/memberships', 'praha', { accountId: anna.id, programId: KEYCARD_PROGRAM_ID })).status).toBe(404);
    expect((await send('POST', '/v1/memberships', 'praha', { accountId: home.accountId, programId: SECOND_CHAIN_PROGRAM_ID })).status).toBe(404);
    const enrolled = await send('POST', '/v1/memberships', 'alpen', { accountId: anna.id, programId: SECOND_CHAIN_PROGRAM_ID });
    expect(enrolled.status).toBe(201);
    expect(await mewsMembership((await enrolled.json()).id)).toMatchObject({ ChainId: SECOND_CHAIN_ID, AccountId: anna.id });
  });

  it("/v1/sync sends each desk only its chain's members", async () => {
    const page = async (who: 'praha' | 'alpen') => {
      const ids: string[] = [];
      let cursor = '';
      for (let i = 0; i < 50; i++) {
        const body = await (await get(`/v1/sync${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`, who)).json();
        ids.push(...body.members.map((r: { membership: { id: string } }) => r.membership.id));
        if (!body.hasMore) break;
        cursor = body.cursor;
      }
      return ids;
    };
    const alpen = await page('alpen');
    expect(alpen).toContain(lena.membershipId);
    expect(alpen).not.toContain(home.membershipId);
    const praha = await page('praha');
    expect(praha).toContain(home.membershipId);
    expect(praha).not.toContain(lena.membershipId);
    expect(praha).not.toContain(tobias.membershipId);
  });

  it("managers: programs are created in the manager's enterprise's chain, not the portfolio's stand-in; other chains' memberships answer 404", async () => {
    const created = await send('POST', '/v1/programs', 'alpenManager', { name: 'Alpenhof Gold', code: `AG${Date.now() % 100000}`, type: 'Hotel', subscription: 'Free' });
    expect(created.status).toBe(201);
    const program = await created.json();
    expect(program.chainId).toBe(SECOND_CHAIN_ID);
    const inMews = await env.mews('loyaltyPrograms/getAll', { LoyaltyProgramIds: [program.id], Limitation: { Count: 1 } });
    expect(inMews.LoyaltyPrograms[0].ChainId).toBe(SECOND_CHAIN_ID);
    expect((await send('PATCH', `/v1/memberships/${lena.membershipId}`, 'prahaManager', { state: 'Canceled' })).status).toBe(404);
    expect((await send('DELETE', `/v1/memberships/${lena.membershipId}`, 'prahaManager')).status).toBe(404);
    expect((await mewsMembership(lena.membershipId)).State).toBe('Enrolled');
  });

  it('background work runs with a portfolio token: the initial load mirrors every served chain, the stay follower polls', async () => {
    expect(await env.module.poller.initialLoad()).toBeGreaterThan(0);
    const mirrored = await env.store.db.selectFrom('memberships').select(['id', 'chain_id']).where('id', 'in', [lena.membershipId, home.membershipId]).execute();
    expect(new Map(mirrored.map((r) => [r.id, r.chain_id]))).toEqual(new Map([[lena.membershipId, SECOND_CHAIN_ID], [home.membershipId, CHAIN_ID]]));
    await expect(env.module.stays.pollOnce()).resolves.toBeDefined();
  });
});

describe('a single-enterprise token with its one id in MEWS_ENTERPRISE_IDS', () => {
  let env: LoyaltyEnv;
  beforeAll(async () => {
    // The sandbox's default token reaches one enterprise: the parameters the proxy adds are "ignored otherwise".
    env = await startLoyaltyEnv('sqlite', { customers: 80, env: { MEWS_ENTERPRISE_IDS: ENTERPRISE_ID } });
  });
  afterAll(() => env?.close());

  it('works as without it: devices pair with no flag, see the guests and adjust', async () => {
    const { token } = await env.harness.pair('desk');
    const context = await (await env.harness.request('/v1/context', { token })).json();
    expect(context.enterprise.id).toBe(ENTERPRISE_ID);
    expect(context.programs.map((p: { id: string }) => p.id)).toContain(KEYCARD_PROGRAM_ID);
    const [m] = (await env.mews('loyaltyMemberships/getAll', { LoyaltyProgramIds: [KEYCARD_PROGRAM_ID], ActivityStates: ['Active'], Limitation: { Count: 1 } })).LoyaltyMemberships;
    expect((await env.harness.request(`/v1/accounts/${m.AccountId}/loyalty`, { token })).status).toBe(200);
    const adjusted = await env.harness.request(`/v1/memberships/${m.Id}/adjustments`, {
      method: 'POST', token, json: { delta: 3, reason: 'goodwill' }, headers: { 'Idempotency-Key': randomUUID() },
    });
    expect(adjusted.status).toBe(201);
    const after = (await env.mews('loyaltyMemberships/getAll', { LoyaltyMembershipIds: [m.Id], Limitation: { Count: 1 } })).LoyaltyMemberships[0];
    expect(after.Points).toBe(m.Points + 3);
  });
});
