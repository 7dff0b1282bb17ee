// loyaltyPrograms/getAll|add|update|delete contract.
import { beforeEach, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../server/sandbox/app.ts';
import { CHAIN_ID, DOCS_ORDER_PROGRAM_ID, DOCS_ORDER_TIER_IDS, KEYCARD_PROGRAM_ID, PARTNER_PROGRAM_ID } from '../../server/sandbox/core/seed.ts';
import { call, expectMewsError } from './helpers.ts';

let sb: Sandbox;
beforeEach(() => {
  sb = createSandbox({ customers: 200 });
});
const getAll = (x: object = {}) => call(sb.app, 'loyaltyPrograms/getAll', { Limitation: { Count: 100 }, ...x });

describe('loyaltyPrograms', () => {
  it('lists the seeded programs newest first with the documented fields only', async () => {
    const r = await getAll();
    expect(r.json.LoyaltyPrograms).toEqual([
      { Id: PARTNER_PROGRAM_ID, ChainId: CHAIN_ID, Name: 'Partner Miles', Code: 'PMX', Type: 'ExternalPartner', Subscription: 'Free' },
      { Id: KEYCARD_PROGRAM_ID, ChainId: CHAIN_ID, Name: 'Keycard Rewards', Code: 'KCR', Type: 'Hotel', Subscription: 'Free' },
      { Id: DOCS_ORDER_PROGRAM_ID, ChainId: CHAIN_ID, Name: 'Tower Club', Code: 'TWR', Type: 'Hotel', Subscription: 'Free' },
    ]);
    expect(r.json.Cursor).toBe(DOCS_ORDER_PROGRAM_ID);
  });

  it('seeds one program whose tiers run as the docs\' example does: Ordering 1 is the top tier, and no members', async () => {
    const r = await call(sb.app, 'loyaltyTiers/getAll', { LoyaltyProgramIds: [DOCS_ORDER_PROGRAM_ID], Limitation: { Count: 10 } });
    const byOrdering = [...r.json.LoyaltyTiers].sort((a: { Ordering: number }, b: { Ordering: number }) => a.Ordering - b.Ordering);
    expect(byOrdering.map((t: { Id: string; Name: string; Ordering: number }) => [t.Id, t.Name, t.Ordering])).toEqual([
      [DOCS_ORDER_TIER_IDS.platinum, 'Platinum', 1], [DOCS_ORDER_TIER_IDS.gold, 'Gold', 2], [DOCS_ORDER_TIER_IDS.silver, 'Silver', 3],
    ]);
    expect(sb.state.store.membershipsByProgram.get(DOCS_ORDER_PROGRAM_ID).size).toBe(0);
  });

  it('filters by ChainIds, Codes and LoyaltyProgramIds', async () => {
    expect((await getAll({ ChainIds: [crypto.randomUUID()] })).json.LoyaltyPrograms).toEqual([]);
    expect((await getAll({ Codes: ['KCR'] })).json.LoyaltyPrograms.map((p: { Id: string }) => p.Id)).toEqual([KEYCARD_PROGRAM_ID]);
    expect((await getAll({ LoyaltyProgramIds: [PARTNER_PROGRAM_ID] })).json.LoyaltyPrograms.map((p: { Id: string }) => p.Id)).toEqual([PARTNER_PROGRAM_ID]);
  });

  it('adds, validates enums and lengths, and refuses a duplicate code with 403', async () => {
    const r = await call(sb.app, 'loyaltyPrograms/add', { LoyaltyPrograms: [{ Name: 'Spa Club', Code: 'SPA', Type: 'SoftBrand', Subscription: 'Paid' }] });
    expect(r.status).toBe(200);
    expect(r.json.LoyaltyPrograms[0]).toMatchObject({ Name: 'Spa Club', Code: 'SPA', ChainId: CHAIN_ID });
    expect((await getAll()).json.LoyaltyPrograms[0].Id).toBe(r.json.LoyaltyPrograms[0].Id);
    const add = (p: object) => call(sb.app, 'loyaltyPrograms/add', { LoyaltyPrograms: [{ Name: 'X', Code: 'X1', Type: 'Hotel', Subscription: 'Free', ...p }] });
    expectMewsError(await add({ Type: 'Airline' }), 400, 'Invalid Type.');
    expectMewsError(await add({ Subscription: null }), 400, 'Invalid Subscription.');
    expectMewsError(await add({ Name: 'n'.repeat(101) }), 400, 'Invalid Name.');
    expectMewsError(await add({ Code: 'SPA' }), 403);
    expectMewsError(await call(sb.app, 'loyaltyPrograms/add', { LoyaltyPrograms: [] }), 400, 'Invalid LoyaltyPrograms.');
  });

  it('updates through wrappers, refuses null for non-nullable Name, bumps UpdatedUtc', async () => {
    const before = sb.state.store.programs.get(PARTNER_PROGRAM_ID)!.UpdatedUtc;
    const r = await call(sb.app, 'loyaltyPrograms/update', { LoyaltyProgramUpdates: [{ LoyaltyProgramId: PARTNER_PROGRAM_ID, Name: { Value: 'Miles+' }, Type: null }] });
    expect(r.json.LoyaltyPrograms[0]).toMatchObject({ Name: 'Miles+', Type: 'ExternalPartner' });
    expect(sb.state.store.programs.get(PARTNER_PROGRAM_ID)!.UpdatedUtc).toBeGreaterThan(before);
    expectMewsError(await call(sb.app, 'loyaltyPrograms/update', { LoyaltyProgramUpdates: [{ LoyaltyProgramId: PARTNER_PROGRAM_ID, Name: { Value: null } }] }), 400, 'Invalid Name.');
    expectMewsError(await call(sb.app, 'loyaltyPrograms/update', { LoyaltyProgramUpdates: [{ LoyaltyProgramId: 'not-a-guid' }] }), 400, 'Invalid LoyaltyProgramId.');
  });

  it('403s deleting a program that still has memberships', async () => {
    const r = await call(sb.app, 'loyaltyPrograms/delete', { LoyaltyProgramIds: [KEYCARD_PROGRAM_ID] });
    const body = expectMewsError(r, 403);
    expect(body.Message).toMatch(/Keycard Rewards.*memberships/);
    expect(sb.state.store.programs.get(KEYCARD_PROGRAM_ID)!.DeletedUtc).toBeNull();
  });

  it('deletes a program once its memberships are deleted; Deleted shows it', async () => {
    const ids = [...sb.state.store.membershipsByProgram.get(PARTNER_PROGRAM_ID)];
    for (let i = 0; i < ids.length; i += 1000) {
      expect((await call(sb.app, 'loyaltyMemberships/delete', { LoyaltyMembershipIds: ids.slice(i, i + 1000) })).status).toBe(200);
    }
    const del = await call(sb.app, 'loyaltyPrograms/delete', { LoyaltyProgramIds: [PARTNER_PROGRAM_ID] });
    expect(del.status).toBe(200);
    expect((await getAll()).json.LoyaltyPrograms.map((p: { Id: string }) => p.Id)).toEqual([KEYCARD_PROGRAM_ID, DOCS_ORDER_PROGRAM_ID]);
    const deleted = await getAll({ ActivityStates: ['Deleted'] });
    expect(deleted.json.LoyaltyPrograms.map((p: { Id: string }) => p.Id)).toEqual([PARTNER_PROGRAM_ID]);
    const both = await getAll({ ActivityStates: ['Active', 'Deleted'] });
    expect(both.json.LoyaltyPrograms).toHaveLength(3);
  });
});
