// The sandbox's Portfolio Access Token (`{"accessToken": "portfolio"}`): the enterprises and chains it reaches,
// and the rules of concepts/multi-property.md and the operations' pages it enforces.
import { beforeEach, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../server/sandbox/app.ts';
import { CHAIN_ID, ENTERPRISE_ID, KEYCARD_PROGRAM_ID } from '../../server/sandbox/core/seed.ts';
import {
  PORTFOLIO_CHAIN_ID, PORTFOLIO_ENTERPRISE_ID, SECOND_CHAIN_ENTERPRISE_ID, SECOND_CHAIN_GUESTS, SECOND_CHAIN_ID,
  SECOND_CHAIN_PROGRAM_ID, SIBLING_ENTERPRISE_ID,
} from '../../server/sandbox/core/portfolio.ts';
import { call, expectMewsError } from './helpers.ts';

let sb: Sandbox;
beforeEach(() => {
  sb = createSandbox({ customers: 200 });
});

const portfolio = async () => {
  const res = await sb.app.request('/_sandbox/behaviour', { method: 'POST', body: JSON.stringify({ accessToken: 'portfolio' }) });
  expect(res.status).toBe(200);
};
const lena = SECOND_CHAIN_GUESTS[0];
const homeGuest = () => sb.state.store.customers.all()[0]!;
const homeMembership = () => sb.state.store.memberships.all().find((m) => m.LoyaltyProgramId === KEYCARD_PROGRAM_ID && m.DeletedUtc === null)!;
const customerIds = (r: { json: { Customers: { Id: string }[] } }) => r.json.Customers.map((c) => c.Id);

describe('single-enterprise token (the default)', () => {
  it('reaches one enterprise and chain: no second chain, ChainId optional, other enterprises unknown', async () => {
    expect((await call(sb.app, 'configuration/get')).json.Enterprise).toMatchObject({ Id: ENTERPRISE_ID, ChainId: CHAIN_ID, IsPortfolio: false });
    expectMewsError(await call(sb.app, 'configuration/get', { EnterpriseId: SIBLING_ENTERPRISE_ID }), 400, 'Invalid EnterpriseId.');
    expect(sb.state.store.customers.get(lena.id)).toBeUndefined();
    const r = await call(sb.app, 'customers/getAll', { CustomerIds: [homeGuest().Id], Extent: { Customers: true }, Limitation: { Count: 10 } });
    expect(customerIds(r)).toEqual([homeGuest().Id]);
  });
});

describe('portfolio token', () => {
  beforeEach(portfolio);

  it('configuration/get: the dummy enterprise without EnterpriseId, each enterprise with it, others refused', async () => {
    expect((await call(sb.app, 'configuration/get')).json.Enterprise).toMatchObject({ Id: PORTFOLIO_ENTERPRISE_ID, ChainId: PORTFOLIO_CHAIN_ID, IsPortfolio: true });
    expect((await call(sb.app, 'configuration/get', { EnterpriseId: ENTERPRISE_ID })).json.Enterprise).toMatchObject({ ChainId: CHAIN_ID, IsPortfolio: false });
    expect((await call(sb.app, 'configuration/get', { EnterpriseId: SIBLING_ENTERPRISE_ID })).json.Enterprise).toMatchObject({ ChainId: CHAIN_ID });
    expect((await call(sb.app, 'configuration/get', { EnterpriseId: SECOND_CHAIN_ENTERPRISE_ID })).json.Enterprise)
      .toMatchObject({ ChainId: SECOND_CHAIN_ID, TimeZoneIdentifier: 'Europe/Vienna' });
    expectMewsError(await call(sb.app, 'configuration/get', { EnterpriseId: crypto.randomUUID() }), 400, 'Invalid EnterpriseId.');
  });

  it('customers/getAll requires ChainIds and answers only the chains asked for', async () => {
    const ids = [lena.id, homeGuest().Id];
    expectMewsError(await call(sb.app, 'customers/getAll', { CustomerIds: ids, Extent: { Customers: true }, Limitation: { Count: 10 } }), 400, 'Invalid ChainIds.');
    const second = await call(sb.app, 'customers/getAll', { ChainIds: [SECOND_CHAIN_ID], CustomerIds: ids, Extent: { Customers: true }, Limitation: { Count: 10 } });
    expect(customerIds(second)).toEqual([lena.id]);
    const both = await call(sb.app, 'customers/getAll', { ChainIds: [CHAIN_ID, SECOND_CHAIN_ID], CustomerIds: ids, Extent: { Customers: true }, Limitation: { Count: 10 } });
    expect(customerIds(both).sort()).toEqual([...ids].sort());
    expectMewsError(await call(sb.app, 'customers/getAll', { ChainIds: [PORTFOLIO_CHAIN_ID], CustomerIds: ids, Extent: { Customers: true }, Limitation: { Count: 10 } }), 400, 'Invalid ChainIds.');
  });

  it('loyalty reads without ChainIds cover every chain of the token; with them, the chains named', async () => {
    const all = await call(sb.app, 'loyaltyPrograms/getAll', { Limitation: { Count: 100 } });
    expect(all.json.LoyaltyPrograms.map((p: { Id: string }) => p.Id)).toEqual(expect.arrayContaining([KEYCARD_PROGRAM_ID, SECOND_CHAIN_PROGRAM_ID]));
    const home = await call(sb.app, 'loyaltyMemberships/getAll', { ChainIds: [CHAIN_ID], AccountIds: [lena.id], Limitation: { Count: 10 } });
    expect(home.json.LoyaltyMemberships).toEqual([]);
    const second = await call(sb.app, 'loyaltyMemberships/getAll', { AccountIds: [lena.id], Limitation: { Count: 10 } });
    expect(second.json.LoyaltyMemberships).toMatchObject([{ Id: lena.membershipId, ChainId: SECOND_CHAIN_ID, Points: lena.points }]);
  });

  it('writes require ChainId, refuse a chain outside the token and a record of another chain', async () => {
    const program = { Name: 'Club', Code: 'CLB', Type: 'Hotel', Subscription: 'Free' };
    expectMewsError(await call(sb.app, 'loyaltyPrograms/add', { LoyaltyPrograms: [program] }), 400, 'Invalid ChainId.');
    expectMewsError(await call(sb.app, 'loyaltyPrograms/add', { LoyaltyPrograms: [program], ChainId: PORTFOLIO_CHAIN_ID }), 400, 'Invalid ChainId.');
    const added = await call(sb.app, 'loyaltyPrograms/add', { LoyaltyPrograms: [program], ChainId: SECOND_CHAIN_ID });
    expect(added.json.LoyaltyPrograms[0]).toMatchObject({ ChainId: SECOND_CHAIN_ID, Code: 'CLB' });

    const m = homeMembership();
    const points = { LoyaltyMembershipUpdates: [{ LoyaltyMembershipId: m.Id, Points: { Value: 1 } }] };
    expectMewsError(await call(sb.app, 'loyaltyMemberships/update', points), 400, 'Invalid ChainId.');
    expectMewsError(await call(sb.app, 'loyaltyMemberships/update', { ...points, ChainId: SECOND_CHAIN_ID }), 400, 'Invalid LoyaltyMembershipId.');
    expect((await call(sb.app, 'loyaltyMemberships/update', { ...points, ChainId: CHAIN_ID })).json.LoyaltyMemberships[0]).toMatchObject({ Points: 1 });

    const enroll = { LoyaltyMemberships: [{ AccountId: SECOND_CHAIN_GUESTS[2].id, LoyaltyProgramId: SECOND_CHAIN_PROGRAM_ID, IsPrimary: true }] };
    expectMewsError(await call(sb.app, 'loyaltyMemberships/add', enroll), 400, 'Invalid ChainId.');
    expectMewsError(await call(sb.app, 'loyaltyMemberships/add', { ...enroll, ChainId: CHAIN_ID }), 400, 'Invalid AccountId.');
    expect((await call(sb.app, 'loyaltyMemberships/add', { ...enroll, ChainId: SECOND_CHAIN_ID })).json.LoyaltyMemberships[0]).toMatchObject({ ChainId: SECOND_CHAIN_ID });
    expectMewsError(await call(sb.app, 'loyaltyMemberships/delete', { LoyaltyMembershipIds: [m.Id] }), 400, 'Invalid ChainId.');
    expectMewsError(await call(sb.app, 'loyaltyTiers/add', { LoyaltyTiers: [{ LoyaltyProgramId: KEYCARD_PROGRAM_ID, Name: 'X', Code: 'X', Ordering: 9 }] }), 400, 'Invalid ChainId.');
  });

  it('reset goes back to the single-enterprise token and removes the second chain', async () => {
    await sb.app.request('/_sandbox/reset', { method: 'POST' });
    expect(sb.state.behaviour.accessToken).toBe('enterprise');
    expect(sb.state.store.customers.get(lena.id)).toBeUndefined();
  });
});
