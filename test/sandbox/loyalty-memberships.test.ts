// loyaltyMemberships/getAll|add|update|delete contract.
import { beforeEach, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../server/sandbox/app.ts';
import { KEYCARD_PROGRAM_ID, PARTNER_PROGRAM_ID, TIER_IDS } from '../../server/sandbox/core/seed.ts';
import { call, expectMewsError } from './helpers.ts';

let sb: Sandbox;
beforeEach(() => {
  sb = createSandbox({ customers: 400 });
});
const nonMember = () => sb.state.store.customers.all().find((c) => sb.state.store.activeMembershipsOf(c.Id).length === 0)!;
const someMembership = () => sb.state.store.memberships.all().find((m) => m.LoyaltyProgramId === KEYCARD_PROGRAM_ID)!;

describe('loyaltyMemberships/getAll', () => {
  it('walks every membership exactly once, newest first, Cursor = last Id, null at the end', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let prevCreated = Infinity;
    for (let i = 0; i < 100; i++) {
      const r = await call(sb.app, 'loyaltyMemberships/getAll', { Limitation: { Count: 37, Cursor: cursor } });
      expect(r.status).toBe(200);
      const page = r.json.LoyaltyMemberships as { Id: string }[];
      if (page.length) expect(r.json.Cursor).toBe(page[page.length - 1]!.Id);
      else expect(r.json.Cursor).toBeNull();
      for (const m of page) {
        const created = sb.state.store.memberships.get(m.Id)!.CreatedUtc;
        expect(created).toBeLessThanOrEqual(prevCreated);
        prevCreated = created;
        seen.push(m.Id);
      }
      if (page.length < 37) break;
      cursor = r.json.Cursor;
    }
    expect(seen.length).toBe(sb.state.store.memberships.size);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('400s Count 0 and 1001, and an unknown Cursor', async () => {
    for (const Count of [0, 1001, 1.5]) {
      expectMewsError(await call(sb.app, 'loyaltyMemberships/getAll', { Limitation: { Count } }), 400, 'Invalid Count.');
    }
    expectMewsError(await call(sb.app, 'loyaltyMemberships/getAll', { Limitation: { Count: 5, Cursor: '00000000-0000-4000-8000-000000000000' } }), 400, 'Invalid Cursor.');
    expectMewsError(await call(sb.app, 'loyaltyMemberships/getAll', {}), 400, 'Invalid Limitation.');
  });

  it('400s more than 1000 ids, an empty id list and a non-GUID id', async () => {
    const ids = Array.from({ length: 1001 }, () => crypto.randomUUID());
    expectMewsError(await call(sb.app, 'loyaltyMemberships/getAll', { LoyaltyMembershipIds: ids, Limitation: { Count: 10 } }), 400, 'Invalid LoyaltyMembershipIds.');
    expectMewsError(await call(sb.app, 'loyaltyMemberships/getAll', { AccountIds: [], Limitation: { Count: 10 } }), 400, 'Invalid AccountIds.');
    expectMewsError(await call(sb.app, 'loyaltyMemberships/getAll', { AccountIds: ['abc'], Limitation: { Count: 10 } }), 400, 'Invalid AccountIds.');
    expectMewsError(await call(sb.app, 'loyaltyMemberships/getAll', { MembershipStates: ['Gold'], Limitation: { Count: 10 } }), 400, 'Invalid MembershipStates.');
  });

  it('400s a time interval over 3 months and accepts exactly 3', async () => {
    const over = { StartUtc: '2026-01-01T00:00:00Z', EndUtc: '2026-04-01T00:00:01Z' };
    expectMewsError(await call(sb.app, 'loyaltyMemberships/getAll', { UpdatedUtc: over, Limitation: { Count: 10 } }), 400, 'Invalid UpdatedUtc.');
    const ok = await call(sb.app, 'loyaltyMemberships/getAll', { UpdatedUtc: { StartUtc: '2026-01-01T00:00:00Z', EndUtc: '2026-04-01T00:00:00Z' }, Limitation: { Count: 10 } });
    expect(ok.status).toBe(200);
  });

  it('filters by AccountIds, MembershipNumbers and deprecated Codes through the indexes', async () => {
    const m = someMembership();
    const byAccount = await call(sb.app, 'loyaltyMemberships/getAll', { AccountIds: [m.AccountId.toUpperCase()], Limitation: { Count: 10 } });
    expect(byAccount.json.LoyaltyMemberships.map((x: { Id: string }) => x.Id)).toContain(m.Id);
    expect(byAccount.json.LoyaltyMemberships.every((x: { AccountId: string }) => x.AccountId === m.AccountId)).toBe(true);
    const byNumber = await call(sb.app, 'loyaltyMemberships/getAll', { MembershipNumbers: [m.MembershipNumber], Limitation: { Count: 10 } });
    expect(byNumber.json.LoyaltyMemberships).toHaveLength(1);
    expect(byNumber.json.LoyaltyMemberships[0].Code).toBe(m.MembershipNumber);
    const byCode = await call(sb.app, 'loyaltyMemberships/getAll', { Codes: [m.MembershipNumber], Limitation: { Count: 10 } });
    expect(byCode.json.LoyaltyMemberships[0].Id).toBe(m.Id);
  });

  it('UpdatedUtc returns only records changed in the window', async () => {
    const m = someMembership();
    const start = new Date(Date.now() - 1000).toISOString();
    const up = await call(sb.app, 'loyaltyMemberships/update', { LoyaltyMembershipUpdates: [{ LoyaltyMembershipId: m.Id, Points: { Value: 4242 } }] });
    expect(up.status).toBe(200);
    const end = new Date(Date.now() + 1000).toISOString();
    const r = await call(sb.app, 'loyaltyMemberships/getAll', { UpdatedUtc: { StartUtc: start, EndUtc: end }, Limitation: { Count: 100 } });
    expect(r.json.LoyaltyMemberships.map((x: { Id: string }) => x.Id)).toEqual([m.Id]);
    expect(r.json.LoyaltyMemberships[0].Points).toBe(4242);
  });
});

describe('loyaltyMemberships/add', () => {
  it('adds with defaults (State Enrolled), echoes MembershipNumber into Code, demotes the old primary', async () => {
    const c = nonMember();
    const first = await call(sb.app, 'loyaltyMemberships/add', { LoyaltyMemberships: [{ AccountId: c.Id, LoyaltyProgramId: PARTNER_PROGRAM_ID, IsPrimary: true }] });
    expect(first.status).toBe(200);
    const r = await call(sb.app, 'loyaltyMemberships/add', {
      LoyaltyMemberships: [{ AccountId: c.Id, LoyaltyProgramId: KEYCARD_PROGRAM_ID, IsPrimary: true, MembershipNumber: 'KCR-T-1', Points: 12, LoyaltyTierId: TIER_IDS.silver }],
    });
    expect(r.status).toBe(200);
    const m = r.json.LoyaltyMemberships[0];
    expect(m).toMatchObject({ AccountId: c.Id, State: 'Enrolled', IsPrimary: true, MembershipNumber: 'KCR-T-1', Code: 'KCR-T-1', Points: 12 });
    expect(r.json.Cursor).toBe(m.Id);
    const all = sb.state.store.activeMembershipsOf(c.Id);
    expect(all.filter((x) => x.IsPrimary).map((x) => x.Id)).toEqual([m.Id]);
  });

  it('403s a second membership of the same program for the same account', async () => {
    const m = someMembership();
    const r = await call(sb.app, 'loyaltyMemberships/add', { LoyaltyMemberships: [{ AccountId: m.AccountId, LoyaltyProgramId: m.LoyaltyProgramId, IsPrimary: false }] });
    expectMewsError(r, 403, /already a member/);
  });

  it('403s a tier of another program; 400s unknown account, program and missing IsPrimary', async () => {
    const c = nonMember();
    const add = (x: object) => call(sb.app, 'loyaltyMemberships/add', { LoyaltyMemberships: [{ AccountId: c.Id, LoyaltyProgramId: PARTNER_PROGRAM_ID, IsPrimary: true, ...x }] });
    expectMewsError(await add({ LoyaltyTierId: TIER_IDS.gold }), 403, /another loyalty program/);
    expectMewsError(await add({ AccountId: crypto.randomUUID() }), 400, 'Invalid AccountId.');
    expectMewsError(await add({ LoyaltyProgramId: crypto.randomUUID() }), 400, 'Invalid LoyaltyProgramId.');
    expectMewsError(await add({ IsPrimary: undefined }), 400, 'Invalid IsPrimary.');
    expectMewsError(await add({ State: 'Gold' }), 400, 'Invalid State.');
    expectMewsError(await add({ Points: 'many' }), 400, 'Invalid Points.');
    expect(sb.state.store.activeMembershipsOf(c.Id)).toHaveLength(0);
  });
});

describe('loyaltyMemberships/update', () => {
  it('sets with {Value}, clears a nullable field with {Value: null}, keeps absent ones, bumps UpdatedUtc', async () => {
    const m = someMembership();
    const before = m.UpdatedUtc;
    const number = m.MembershipNumber;
    const r = await call(sb.app, 'loyaltyMemberships/update', {
      LoyaltyMembershipUpdates: [{ LoyaltyMembershipId: m.Id, Points: { Value: null }, Url: { Value: 'https://x.example/1' }, State: { Value: 'Canceled' } }],
    });
    expect(r.status).toBe(200);
    expect(r.json.LoyaltyMemberships[0]).toMatchObject({ Points: null, Url: 'https://x.example/1', State: 'Canceled', MembershipNumber: number });
    expect(sb.state.store.memberships.get(m.Id)!.UpdatedUtc).toBeGreaterThan(before);
  });

  it('refuses null for non-nullable wrappers', async () => {
    const m = someMembership();
    for (const key of ['IsPrimary', 'LoyaltyProgramId', 'State']) {
      const r = await call(sb.app, 'loyaltyMemberships/update', { LoyaltyMembershipUpdates: [{ LoyaltyMembershipId: m.Id, [key]: { Value: null } }] });
      expectMewsError(r, 400, `Invalid ${key}.`);
    }
  });

  it('400s an unknown membership id and is atomic over the batch', async () => {
    const m = someMembership();
    const points = m.Points;
    const r = await call(sb.app, 'loyaltyMemberships/update', {
      LoyaltyMembershipUpdates: [{ LoyaltyMembershipId: m.Id, Points: { Value: 1 } }, { LoyaltyMembershipId: crypto.randomUUID(), Points: { Value: 2 } }],
    });
    expectMewsError(r, 400, 'Invalid LoyaltyMembershipId.');
    expect(sb.state.store.memberships.get(m.Id)!.Points).toBe(points);
  });
});

describe('loyaltyMemberships/delete', () => {
  it('hides deleted records by default and shows them with ActivityStates Deleted', async () => {
    const m = someMembership();
    const del = await call(sb.app, 'loyaltyMemberships/delete', { LoyaltyMembershipIds: [m.Id] });
    expect(del.status).toBe(200);
    expect(del.json).toEqual({});
    const active = await call(sb.app, 'loyaltyMemberships/getAll', { LoyaltyMembershipIds: [m.Id], Limitation: { Count: 10 } });
    expect(active.json.LoyaltyMemberships).toEqual([]);
    expect(active.json.Cursor).toBeNull();
    const deleted = await call(sb.app, 'loyaltyMemberships/getAll', { LoyaltyMembershipIds: [m.Id], ActivityStates: ['Deleted'], Limitation: { Count: 10 } });
    expect(deleted.json.LoyaltyMemberships.map((x: { Id: string }) => x.Id)).toEqual([m.Id]);
    expectMewsError(await call(sb.app, 'loyaltyMemberships/delete', { LoyaltyMembershipIds: [m.Id] }), 400, 'Invalid LoyaltyMembershipIds.');
  });
});
