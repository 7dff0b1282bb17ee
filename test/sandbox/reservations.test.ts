// reservations/getAll/2023-06-06 contract.
import { describe, expect, it } from 'vitest';
import { createSandbox } from '../../server/sandbox/app.ts';
import { call, expectMewsError } from './helpers.ts';

const sb = createSandbox({ customers: 300 });
const OP = 'reservations/getAll/2023-06-06';

describe('reservations/getAll/2023-06-06', () => {
  it('pages newest first with the 2023-06-06 shape', async () => {
    const r = await call(sb.app, OP, { Limitation: { Count: 5 } });
    expect(r.status).toBe(200);
    expect(r.json.Reservations).toHaveLength(5);
    const first = r.json.Reservations[0];
    expect(first).toMatchObject({ AccountType: 'Customer' });
    expect(Object.keys(first)).toEqual(expect.arrayContaining(['Id', 'AccountId', 'Number', 'State', 'ScheduledStartUtc', 'ScheduledEndUtc', 'ActualStartUtc', 'ActualEndUtc', 'GroupId', 'RateId']));
    const created = r.json.Reservations.map((x: { CreatedUtc: string }) => Date.parse(x.CreatedUtc));
    expect([...created].sort((a, b) => b - a)).toEqual(created);
  });

  it('filters by AccountIds, Numbers and States', async () => {
    const rec = sb.state.store.reservations.all()[7]!;
    const byAccount = await call(sb.app, OP, { AccountIds: [rec.AccountId], Limitation: { Count: 10 } });
    expect(byAccount.json.Reservations.map((x: { Id: string }) => x.Id)).toContain(rec.Id);
    const byNumber = await call(sb.app, OP, { Numbers: [rec.Number], Limitation: { Count: 10 } });
    expect(byNumber.json.Reservations.map((x: { Id: string }) => x.Id)).toEqual([rec.Id]);
    const started = await call(sb.app, OP, { States: ['Started'], Limitation: { Count: 1000 } });
    const expected = sb.state.store.reservations.all().filter((x) => x.State === 'Started').length;
    expect(started.json.Reservations).toHaveLength(expected);
    expect(expected).toBeGreaterThan(0);
  });

  it('400s bad states, long intervals and conflicting time filters', async () => {
    expectMewsError(await call(sb.app, OP, { States: ['Sleeping'], Limitation: { Count: 10 } }), 400, 'Invalid States.');
    expectMewsError(await call(sb.app, OP, { CollidingUtc: { StartUtc: '2026-01-01T00:00:00Z', EndUtc: '2026-05-01T00:00:00Z' }, Limitation: { Count: 10 } }), 400, 'Invalid CollidingUtc.');
    const iv = { StartUtc: '2026-01-01T00:00:00Z', EndUtc: '2026-02-01T00:00:00Z' };
    expectMewsError(await call(sb.app, OP, { ScheduledStartUtc: iv, ActualStartUtc: iv, Limitation: { Count: 10 } }), 400, 'Invalid ActualStartUtc.');
    expectMewsError(await call(sb.app, OP, { CreatedUtc: { StartUtc: '2026-02-01T00:00:00Z', EndUtc: '2026-01-01T00:00:00Z' }, Limitation: { Count: 10 } }), 400, 'Invalid CreatedUtc.');
  });

  it('CollidingUtc returns reservations overlapping the interval', async () => {
    const rec = sb.state.store.reservations.all()[20]!;
    const r = await call(sb.app, OP, {
      CollidingUtc: { StartUtc: new Date(rec.ScheduledStartUtc).toISOString(), EndUtc: new Date(rec.ScheduledStartUtc + 3_600_000).toISOString() },
      Limitation: { Count: 1000 },
    });
    expect(r.json.Reservations.map((x: { Id: string }) => x.Id)).toContain(rec.Id);
  });
});
