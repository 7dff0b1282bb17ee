// @vitest-environment node
/**
 * Points from stays, over real HTTP against the Mews sandbox, on SQLite and PostgreSQL:
 * earning rules, a check-out credited once by webhook or by poll however often it is seen,
 * a rebate after check-out corrected by exactly the difference, a cancel reversed, two
 * proxies on one store crediting once, company stays and non-members skipped, and a backfill
 * whose preview equals what it credits.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackfillReport, EarningRules, GuestLoyalty, Program, ProgramEarning, Stay } from '../../../lib/contract';
import { pgAvailable } from '../support/postgres';
import { startLoyaltyEnv, WEBHOOK_TOKEN, type LoyaltyEnv } from '../support/loyalty-env';
import type { MewsReservation } from '../../../server/proxy/mews/connector-types';
import { settleStays } from '../../../server/proxy/loyalty/stays/stays-read';

const dialects = (['sqlite', 'postgres'] as const).filter((d) => d === 'sqlite' || pgAvailable);
if (!pgAvailable) describe.skip('stays on PostgreSQL (no PostgreSQL: see the warning above)', () => { it('skipped', () => {}); });

type Json = Record<string, any>;
const RULES: EarningRules = {
  perNight: 10, perCurrencyUnit: 1, revenue: 'gross', includeProducts: false,
  perStay: 5, minNights: 1, tierMultipliers: {},
};

describe.each(dialects)('points from stays (%s)', (dialect) => {
  let env: LoyaltyEnv;
  let manager: string;
  let desk: string;
  let program: Program;
  let members: Json[];
  let closeServer: () => Promise<void>;
  let proxyUrl: string;

  beforeAll(async () => {
    env = await startLoyaltyEnv(dialect, { customers: 80 });
    manager = (await env.harness.pair('manager', 'Front office manager')).token;
    desk = (await env.harness.pair('desk')).token;
    const programs = (await (await env.harness.request('/v1/programs', { token: desk })).json()) as { programs: Program[] };
    // The program with the most primary, enrolled members (the ones a stay credits); RULES has
    // no multipliers, so every tier earns × 1 and the arithmetic below is plain.
    for (const candidate of programs.programs) {
      const found = await env.mews('loyaltyMemberships/getAll', { LoyaltyProgramIds: [candidate.id], ActivityStates: ['Active'], Limitation: { Count: 1000 } });
      const primaries = (found.LoyaltyMemberships as Json[]).filter((m) => m.IsPrimary && m.State === 'Enrolled');
      if (!members || primaries.length > members.length) [program, members] = [candidate, primaries];
    }
    expect(members.length).toBeGreaterThan(8);
    // The proxy on a real port, so the sandbox's webhooks reach it over HTTP.
    const server = serve({ fetch: env.harness.app.fetch, hostname: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => server.once('listening', resolve));
    proxyUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    closeServer = () => new Promise((resolve) => server.close(() => resolve()));
  });
  afterAll(async () => {
    await closeServer?.();
    await env?.close();
  });

  const send = (method: string, path: string, json?: unknown, token = manager) =>
    env.harness.request(path, { method, token, ...(json !== undefined ? { json } : {}), headers: { 'Idempotency-Key': randomUUID() } });
  const hook = async (path: string, body: unknown = {}) => {
    const res = await fetch(`${env.sandbox.url}/_sandbox/${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const json = (await res.json()) as Json;
    if (!res.ok) throw new Error(`${path} ${res.status}: ${JSON.stringify(json)}`);
    return json;
  };
  const points = async (membershipId: string) =>
    ((await env.mews('loyaltyMemberships/getAll', { LoyaltyMembershipIds: [membershipId], Limitation: { Count: 1 } })).LoyaltyMemberships[0].Points ?? 0) as number;
  /** A checked-in stay; its gross revenue as Mews's order items say. */
  const stay = async (customerId: string, nights: number, nightlyPrice = 100, extra: Json = {}) => {
    const created = await hook('reservations', { customerId, nights, nightlyPrice, ...extra });
    const reservation = (created.reservation ?? created) as Json;
    return reservation.Id as string;
  };
  const grossOf = async (reservationId: string) => {
    const { OrderItems } = await env.mews('orderItems/getAll', { ServiceOrderIds: [reservationId], Limitation: { Count: 1000 } });
    return (OrderItems as Json[])
      .filter((i) => ['SpaceOrder', 'NightRebate'].includes(i.Type) && !['Canceled', 'Inactive'].includes(i.AccountingState))
      .reduce((sum, i) => sum + Math.round(i.Amount.GrossValue * 100), 0);
  };
  const expected = (nights: number, grossCents: number) => nights * RULES.perNight + Math.floor(grossCents / 100) * RULES.perCurrencyUnit + RULES.perStay;
  const stayRows = (reservationId: string) =>
    env.store.db.selectFrom('ledger').selectAll().where('stay_id', '=', reservationId).orderBy('created_at').execute();

  it('keeps earning rules per program, versioned, and refuses bad ones with the field named', async () => {
    const none = (await (await env.harness.request(`/v1/programs/${program.id}/earning`, { token: desk })).json()) as ProgramEarning;
    expect(none.earning).toBeNull();
    const bad = await send('PUT', `/v1/programs/${program.id}/earning`, { ...RULES, perCurrencyUnit: 0.125 });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(await bad.json())).toMatch(/perCurrencyUnit/);
    const stranger = await send('PUT', `/v1/programs/${program.id}/earning`, { ...RULES, tierMultipliers: { 'no-such-tier': 2 } });
    expect(stranger.status).toBe(422);
    expect(JSON.stringify(await stranger.json())).toMatch(/no-such-tier/);
    expect((await send('PUT', `/v1/programs/${program.id}/earning`, RULES, desk)).status).toBe(403);

    const nothing = await send('PUT', `/v1/programs/${program.id}/earning`, {});
    expect(((await nothing.json()) as ProgramEarning).earning?.rules).toEqual({
      perNight: 0, perCurrencyUnit: 0, revenue: 'net', includeProducts: false, perStay: 0, minNights: 0, tierMultipliers: {},
    });
    const saved = await send('PUT', `/v1/programs/${program.id}/earning`, RULES);
    const body = (await saved.json()) as ProgramEarning;
    expect(body.earning).toMatchObject({ programId: program.id, version: 2, rules: RULES, savedBy: 'Front office manager' });
    const read = (await (await env.harness.request(`/v1/programs/${program.id}/earning`, { token: desk })).json()) as ProgramEarning;
    expect(read.earning?.version).toBe(2);
  });

  it('backfill: the preview says what the real run credits, and a second run credits nothing', async () => {
    const guests = members.slice(0, 3);
    const before = await Promise.all(guests.map((m) => points(m.Id)));
    const ids = [];
    for (const [i, m] of guests.entries()) {
      const id = await stay(m.AccountId, i + 1);
      await hook(`reservations/${id}/checkout`);
      ids.push(id);
    }
    const today = new Date().toISOString().slice(0, 10);
    const run = async (dryRun: boolean) => {
      const res = await send('POST', '/v1/accrual/backfill', { from: today, to: today, dryRun });
      expect(res.status).toBe(200);
      return (await res.json()) as BackfillReport;
    };
    const preview = await run(true);
    const credit = (r: BackfillReport) => r.programs.find((p) => p.programId === program.id)?.credit ?? 0;
    const want = (await Promise.all(ids.map(async (id, i) => expected(i + 1, await grossOf(id))))).reduce((a, b) => a + b, 0);
    expect(credit(preview)).toBe(want);
    expect(preview.members).toBe(3);
    expect(await Promise.all(guests.map((m) => points(m.Id)))).toEqual(before);

    const real = await run(false);
    expect(credit(real)).toBe(credit(preview));
    expect(real.points).toBe(preview.points);
    expect(real.stays).toBeGreaterThanOrEqual(3);
    const after = await Promise.all(guests.map((m) => points(m.Id)));
    expect(after.reduce((a, b) => a + b, 0) - before.reduce((a, b) => a + b, 0)).toBe(want);
    const again = await run(false);
    expect(credit(again)).toBe(0);
    expect(again.points).toBe(0);
    expect(await Promise.all(guests.map((m) => points(m.Id)))).toEqual(after);

    const invalid = await send('POST', '/v1/accrual/backfill', { from: today, to: '2020-01-01', dryRun: true });
    expect(invalid.status).toBe(422);
  });

  it('credits a check-out once by poll, however often the poll and the webhook see it', async () => {
    const member = members[3]!;
    const start = await points(member.Id);
    const id = await stay(member.AccountId, 3);
    await env.module.stays.pollOnce();
    expect(await points(member.Id)).toBe(start); // checked in: nothing yet
    await hook(`reservations/${id}/checkout`);
    await env.module.stays.pollOnce();
    const want = expected(3, await grossOf(id));
    expect(await points(member.Id)).toBe(start + want);

    await env.module.stays.pollOnce();
    const event = { EnterpriseId: 'e', IntegrationId: 'i', Events: [{ Discriminator: 'ServiceOrderUpdated', Value: { Id: id } }] };
    for (let i = 0; i < 5; i++) {
      const res = await env.harness.request(`/mews/webhooks?token=${WEBHOOK_TOKEN}`, { method: 'POST', json: event });
      expect(res.status).toBe(202);
    }
    await env.module.stays.drain();
    expect(await points(member.Id)).toBe(start + want);
    const rows = await stayRows(id);
    expect(rows.map((r) => [r.kind, r.delta, r.status, r.reason, r.rule_version])).toEqual([['stay', want, 'applied', 'stay', 2]]);
    expect(rows[0]!.note).toMatch(/Stay /);
    // The ledger as desks and managers read it names the reservation.
    const ledger = (await (await env.harness.request(`/v1/memberships/${member.Id}/adjustments`, { token: desk })).json()) as { adjustments: Json[] };
    expect(ledger.adjustments.find((a) => a.reservationId === id)).toMatchObject({ reason: 'stay', delta: want, kind: 'stay' });
  });

  it('shows the desk the stay: an estimate while checked in, what it earned once credited', async () => {
    const member = members[10]!;
    const id = await stay(member.AccountId, 2, 90);
    const view = async () => {
      const res = await env.harness.request(`/v1/reservations/${id}/stay`, { token: desk });
      expect(res.status).toBe(200);
      return (await res.json()) as Stay;
    };
    const want = expected(2, await grossOf(id));
    const open = await view();
    expect(open).toMatchObject({ reservationId: id, state: 'Started', nights: 2, skipped: null, revenue: { amount: (await grossOf(id)) / 100, currency: 'EUR' } });
    expect(open.programs).toEqual([{ programId: program.id, membershipId: member.Id, earned: 0, earnedAt: null, estimate: want }]);
    await hook(`reservations/${id}/checkout`);
    await env.module.stays.pollOnce();
    const done = await view();
    expect(done.state).toBe('Processed');
    expect(done.programs[0]).toMatchObject({ earned: want, estimate: want });
    expect(Date.parse(done.programs[0]!.earnedAt!)).toBeGreaterThan(Date.now() - 60_000);
    // The member's card: points from stays this year, in the guest's loyalty answer.
    const loyalty = (await (await env.harness.request(`/v1/reservations/${id}/loyalty`, { token: desk })).json()) as GuestLoyalty;
    expect(loyalty.memberships.find((m) => m.id === member.Id)?.stayPointsThisYear).toBe(want);
    const missing = await env.harness.request(`/v1/reservations/${randomUUID()}/stay`, { token: desk });
    expect(missing.status).toBe(404);
  });

  it('credits within seconds of check-out by webhook, with no poll', async () => {
    await hook('webhooks', { url: `${proxyUrl}/mews/webhooks?token=${WEBHOOK_TOKEN}` });
    try {
      const member = members[4]!;
      const start = await points(member.Id);
      const id = await stay(member.AccountId, 2);
      const checkedOut = Date.now();
      await hook(`reservations/${id}/checkout`);
      const want = start + expected(2, await grossOf(id));
      while ((await points(member.Id)) !== want && Date.now() - checkedOut < 5_000) await new Promise((r) => setTimeout(r, 50));
      expect(await points(member.Id)).toBe(want);
    } finally {
      await hook('webhooks', { url: null });
    }
  });

  it('corrects a rebate after check-out by exactly the difference', async () => {
    const member = members[5]!;
    const start = await points(member.Id);
    const id = await stay(member.AccountId, 2, 120);
    await hook(`reservations/${id}/checkout`);
    await env.module.stays.pollOnce();
    const first = expected(2, await grossOf(id));
    expect(await points(member.Id)).toBe(start + first);

    await hook(`reservations/${id}/rebate`, { amount: 50 });
    await env.module.stays.pollOnce();
    const corrected = expected(2, await grossOf(id));
    expect(corrected).toBeLessThan(first);
    expect(await points(member.Id)).toBe(start + corrected);
    const rows = await stayRows(id);
    expect(rows.map((r) => [r.kind, r.delta])).toEqual([['stay', first], ['stay-correction', corrected - first]]);
  });

  it('never takes a credit back on an older snapshot of the reservation (a poll page read before check-out)', async () => {
    const member = members[11]!;
    const start = await points(member.Id);
    const created = await hook('reservations', { customerId: member.AccountId, nights: 1, nightlyPrice: 100 });
    const stale = created as MewsReservation; // as a poll page read it: checked in, before check-out
    await hook(`reservations/${stale.Id}/checkout`);
    await env.module.stays.pollOnce();
    const credited = start + expected(1, await grossOf(stale.Id));
    expect(await points(member.Id)).toBe(credited);
    const report = await settleStays(env.module.ctx, env.module.catalog, [stale]);
    expect(report.failed).toEqual([]);
    expect(await points(member.Id)).toBe(credited);
    expect((await stayRows(stale.Id)).map((r) => r.kind)).toEqual(['stay']);
  });

  it('reverses a stay canceled after it was credited', async () => {
    const member = members[6]!;
    const start = await points(member.Id);
    const id = await stay(member.AccountId, 1);
    await hook(`reservations/${id}/checkout`);
    await env.module.stays.pollOnce();
    expect(await points(member.Id)).toBeGreaterThan(start);
    await hook(`reservations/${id}/cancel`);
    await env.module.stays.pollOnce();
    expect(await points(member.Id)).toBe(start);
    expect((await stayRows(id)).map((r) => r.kind)).toEqual(['stay', 'stay-reversal']);
  });

  it('credits once with two proxies on one store seeing the same check-outs at once', async () => {
    const guests = members.slice(7, 9);
    const start = await Promise.all(guests.map((m) => points(m.Id)));
    const ids = [];
    for (const m of guests) {
      const id = await stay(m.AccountId, 2);
      await hook(`reservations/${id}/checkout`);
      ids.push(id);
    }
    const second = env.restart();
    const event = { Events: ids.map((id) => ({ Discriminator: 'ServiceOrderUpdated', Value: { Id: id } })) };
    await Promise.all([
      env.module.stays.pollOnce(), second.stays.pollOnce(),
      env.harness.request(`/mews/webhooks?token=${WEBHOOK_TOKEN}`, { method: 'POST', json: event }),
      second.stays.serviceOrdersUpdated(ids),
    ]);
    await Promise.all([env.module.stays.drain(), second.stays.drain()]);
    await second.stop();
    for (const [i, m] of guests.entries()) expect(await points(m.Id)).toBe(start[i]! + expected(2, await grossOf(ids[i]!)));
    for (const id of ids) expect((await stayRows(id)).length).toBe(1);
  });

  it('records company stays and non-members as skipped, with the reason, and credits nothing', async () => {
    const member = members[9]!;
    const start = await points(member.Id);
    const company = await stay(member.AccountId, 2, 100, { companyId: randomUUID() });
    await hook(`reservations/${company}/checkout`);
    const stranger = (await env.mews('customers/add', { FirstName: 'Nora', LastName: 'Nomember', Email: `${randomUUID()}@example.com`, OverwriteExisting: false })) as Json;
    const walkIn = await stay(stranger.Id, 1);
    await hook(`reservations/${walkIn}/checkout`);
    await env.module.stays.pollOnce();
    expect(await points(member.Id)).toBe(start);
    const skipped = async (id: string) =>
      (await env.store.db.selectFrom('stays').selectAll().where('reservation_id', '=', id).execute()).map((r) => [r.status, r.skip_reason]);
    expect(await skipped(company)).toEqual([['skipped', 'company']]);
    expect(await skipped(walkIn)).toEqual([['skipped', 'not-a-member']]);
    expect(await stayRows(company)).toEqual([]);
  });
});
