// loyaltyTiers/getAll|add|update|delete contract.
import { beforeEach, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../server/sandbox/app.ts';
import { KEYCARD_PROGRAM_ID, PARTNER_PROGRAM_ID, TIER_IDS } from '../../server/sandbox/core/seed.ts';
import { call, expectMewsError } from './helpers.ts';

let sb: Sandbox;
beforeEach(() => {
  sb = createSandbox({ customers: 200 });
});
const getAll = (x: object = {}) => call(sb.app, 'loyaltyTiers/getAll', { LoyaltyProgramIds: [KEYCARD_PROGRAM_ID], Limitation: { Count: 100 }, ...x });

describe('loyaltyTiers', () => {
  it('requires LoyaltyProgramIds and lists Silver/Gold/Platinum of the Keycard program', async () => {
    expectMewsError(await call(sb.app, 'loyaltyTiers/getAll', { Limitation: { Count: 10 } }), 400, 'Invalid LoyaltyProgramIds.');
    const r = await getAll();
    expect(r.json.LoyaltyTiers.map((t: { Name: string; Ordering: number }) => `${t.Ordering}:${t.Name}`)).toEqual(['3:Platinum', '2:Gold', '1:Silver']);
    expect((await getAll({ LoyaltyProgramIds: [PARTNER_PROGRAM_ID] })).json.LoyaltyTiers).toEqual([]);
  });

  it('adds a tier to an existing program and 400s an unknown program', async () => {
    const r = await call(sb.app, 'loyaltyTiers/add', { LoyaltyTiers: [{ LoyaltyProgramId: PARTNER_PROGRAM_ID, Name: 'Blue', Code: 'BLUE', Ordering: 1 }] });
    expect(r.status).toBe(200);
    expect((await getAll({ LoyaltyProgramIds: [PARTNER_PROGRAM_ID] })).json.LoyaltyTiers[0].Id).toBe(r.json.LoyaltyTiers[0].Id);
    expectMewsError(await call(sb.app, 'loyaltyTiers/add', { LoyaltyTiers: [{ LoyaltyProgramId: crypto.randomUUID(), Name: 'B', Code: 'B', Ordering: 1 }] }), 400, 'Invalid LoyaltyProgramId.');
    expectMewsError(await call(sb.app, 'loyaltyTiers/add', { LoyaltyTiers: [{ LoyaltyProgramId: PARTNER_PROGRAM_ID, Name: 'B', Code: 'B', Ordering: 1.5 }] }), 400, 'Invalid Ordering.');
  });

  it('updates Ordering and Name; null Value for Name is a 400', async () => {
    const r = await call(sb.app, 'loyaltyTiers/update', { LoyaltyTierUpdates: [{ LoyaltyTierId: TIER_IDS.gold, Name: { Value: 'Gold+' }, Ordering: { Value: 5 } }] });
    expect(r.json.LoyaltyTiers[0]).toMatchObject({ Id: TIER_IDS.gold, Name: 'Gold+', Code: 'GOLD', Ordering: 5 });
    expectMewsError(await call(sb.app, 'loyaltyTiers/update', { LoyaltyTierUpdates: [{ LoyaltyTierId: TIER_IDS.gold, Name: { Value: null } }] }), 400, 'Invalid Name.');
  });

  it('403s deleting a tier held by memberships; deletes an unused one', async () => {
    expectMewsError(await call(sb.app, 'loyaltyTiers/delete', { LoyaltyTierIds: [TIER_IDS.silver] }), 403);
    const add = await call(sb.app, 'loyaltyTiers/add', { LoyaltyTiers: [{ LoyaltyProgramId: KEYCARD_PROGRAM_ID, Name: 'Diamond', Code: 'DIA', Ordering: 4 }] });
    const id = add.json.LoyaltyTiers[0].Id;
    expect((await call(sb.app, 'loyaltyTiers/delete', { LoyaltyTierIds: [id] })).json).toEqual({});
    expect((await getAll()).json.LoyaltyTiers.map((t: { Id: string }) => t.Id)).not.toContain(id);
    expect((await getAll({ ActivityStates: ['Deleted'] })).json.LoyaltyTiers.map((t: { Id: string }) => t.Id)).toEqual([id]);
  });
});
