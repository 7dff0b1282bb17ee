// Deterministic, realistic seed data and O(1) lookups at 100k customers.
import { describe, expect, it } from 'vitest';
import { createSandbox } from '../../server/sandbox/app.ts';
import { KEYCARD_PROGRAM_ID, PARTNER_PROGRAM_ID, SEED_NOW, tierForPoints } from '../../server/sandbox/core/seed.ts';
import { call } from './helpers.ts';

const a = createSandbox();
const b = createSandbox();

describe('seed', () => {
  it('is deterministic: two sandboxes hold identical data and answer identically', async () => {
    expect(JSON.stringify(a.state.store.customers.all())).toBe(JSON.stringify(b.state.store.customers.all()));
    expect(JSON.stringify(a.state.store.memberships.all())).toBe(JSON.stringify(b.state.store.memberships.all()));
    expect(JSON.stringify(a.state.store.reservations.all())).toBe(JSON.stringify(b.state.store.reservations.all()));
    expect(JSON.stringify(a.state.store.orderItems.all())).toBe(JSON.stringify(b.state.store.orderItems.all()));
    const q = { Limitation: { Count: 50 } };
    expect((await call(a.app, 'loyaltyMemberships/getAll', q)).json).toEqual((await call(b.app, 'loyaltyMemberships/getAll', q)).json);
    const other = createSandbox({ seed: 7, customers: 50 });
    expect(other.state.store.customers.all()[0]!.Id).not.toBe(a.state.store.customers.all()[0]!.Id);
  });

  it('has ~2,000 customers, ~40% members, some in both programs, all timestamps before SEED_NOW', () => {
    const s = a.state.store;
    expect(s.customers.size).toBe(2000);
    const members = new Set(s.memberships.all().map((m) => m.AccountId));
    expect(members.size / 2000).toBeGreaterThan(0.35);
    expect(members.size / 2000).toBeLessThan(0.45);
    const both = [...members].filter((id) => new Set(s.activeMembershipsOf(id).map((m) => m.LoyaltyProgramId)).size === 2);
    expect(both.length).toBeGreaterThan(20);
    expect(s.memberships.all().every((m) => m.CreatedUtc < SEED_NOW && m.UpdatedUtc <= SEED_NOW)).toBe(true);
    expect(s.reservations.size).toBeGreaterThan(300);
    expect(new Set(s.reservations.all().map((r) => r.State))).toEqual(new Set(['Processed', 'Canceled', 'Started', 'Confirmed', 'Optional']));
    // Every stay has its nights as order items; no seeded timestamp lies after SEED_NOW except nights still to come.
    for (const r of s.reservations.all()) {
      expect(s.itemsOf(r.Id).length).toBe(Math.round((r.ScheduledEndUtc - r.ScheduledStartUtc) / 86_400_000));
      expect(r.UpdatedUtc).toBeGreaterThanOrEqual(Math.max(r.ActualStartUtc ?? 0, r.ActualEndUtc ?? 0, r.CancelledUtc ?? 0));
      expect(r.UpdatedUtc).toBeLessThanOrEqual(SEED_NOW);
    }
    expect(s.orderItems.all().every((i) => i.CreatedUtc < SEED_NOW && i.UpdatedUtc <= SEED_NOW)).toBe(true);
  });

  it('keeps exactly one primary per member account, unique numbers, points 0..50,000, tiers consistent-ish', () => {
    const s = a.state.store;
    const byAccount = new Map<string, number>();
    for (const m of s.memberships.all()) if (m.IsPrimary) byAccount.set(m.AccountId, (byAccount.get(m.AccountId) ?? 0) + 1);
    const members = new Set(s.memberships.all().map((m) => m.AccountId));
    expect([...members].every((id) => byAccount.get(id) === 1)).toBe(true);
    const numbers = s.memberships.all().map((m) => m.MembershipNumber);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(s.memberships.all().every((m) => m.Points !== null && m.Points >= 0 && m.Points <= 50_000)).toBe(true);
    const keycard = s.memberships.all().filter((m) => m.LoyaltyProgramId === KEYCARD_PROGRAM_ID);
    const consistent = keycard.filter((m) => m.LoyaltyTierId === tierForPoints(m.Points!)).length;
    expect(consistent / keycard.length).toBeGreaterThan(0.9);
    expect(s.memberships.all().filter((m) => m.LoyaltyProgramId === PARTNER_PROGRAM_ID).every((m) => m.LoyaltyTierId === null)).toBe(true);
  });

  it('has international names with diacritics and apostrophes, and the hostile ones', () => {
    const names = a.state.store.customers.all().map((c) => `${c.FirstName ?? ''} ${c.LastName}`);
    for (const n of ['Novák', 'Dvořák', 'Müller', 'Ó Briain', "O'Neil", '<script>alert(1)</script>', '<img src=x onerror=alert(1)>']) {
      expect(names.some((x) => x.includes(n))).toBe(true);
    }
    expect(names.some((x) => x.length > 80)).toBe(true);
    expect(a.state.store.customers.all().every((c) => !c.Email || /^[a-z0-9.]+@[a-z.]+$/.test(c.Email))).toBe(true);
  });

  // How fast is for `npm run bench`, not for a test on a shared machine (a 6 s limit here failed under load).
  it('generates 100,000 customers and looks a thousand of them up by id', async () => {
    const big = createSandbox({ customers: 100_000 });
    expect(big.state.store.customers.size).toBe(100_000);
    const ids = big.state.store.customers.all().filter((_, i) => i % 100 === 0).map((c) => c.Id); // 1000 ids
    const r = await call(big.app, 'customers/getAll', { Extent: { Customers: true }, CustomerIds: ids, Limitation: { Count: 1000 } });
    const m = await call(big.app, 'loyaltyMemberships/getAll', { AccountIds: ids, Limitation: { Count: 1000 } });
    expect(r.json.Customers).toHaveLength(1000);
    expect(m.json.LoyaltyMemberships.length).toBeGreaterThan(300);
  });
});
