// orderItems/getAll over real HTTP: seeded nightly items, the documented filters, limits,
// pagination and errors, and the fault pipeline it shares with every other operation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../server/sandbox/server.ts';
import { ENTERPRISE_ID, SERVICE_ID } from '../../server/sandbox/core/seed.ts';
import { api, expectMewsError, post } from './helpers.ts';

const OP = 'orderItems/getAll';
let sb: RunningSandbox;
beforeAll(async () => {
  sb = await startSandbox({ port: 0, customers: 300 });
});
afterAll(() => sb.close());

const store = () => sb.sandbox.state.store;
const items = (body: object) => api(sb.url, OP, { Limitation: { Count: 1000 }, ...body });
const ids = (r: { json: { OrderItems: { Id: string }[] } }) => r.json.OrderItems.map((i) => i.Id).sort();
const seededIn = (state: string) => store().reservations.all().find((r) => r.State === state)!;
const NIGHT = 86_400_000;

describe('orderItems/getAll: seeded stays', () => {
  it('gives every seeded reservation one SpaceOrder per night, in EUR, gross = net × 1.1', async () => {
    const r = seededIn('Started');
    const { json, status } = await items({ ServiceOrderIds: [r.Id] });
    expect(status).toBe(200);
    const nights = Math.round((r.ScheduledEndUtc - r.ScheduledStartUtc) / NIGHT);
    expect(json.OrderItems).toHaveLength(nights);
    for (const i of json.OrderItems) {
      expect(i).toMatchObject({
        EnterpriseId: ENTERPRISE_ID, AccountId: r.AccountId, AccountType: 'Customer', ServiceId: SERVICE_ID, ServiceOrderId: r.Id,
        BillId: r.BillId, UnitCount: 1, Type: 'SpaceOrder', RevenueType: 'Service', AccountingState: 'Open',
        CanceledUtc: null, ClosedUtc: null, Options: { CanceledWithReservation: false },
        Data: { Discriminator: 'Product', Rebate: null, Product: { ProductId: expect.any(String) } },
      });
      expect(i.Amount.Currency).toBe('EUR');
      expect(i.Amount.GrossValue).toBeCloseTo(Math.round(i.Amount.NetValue * 110) / 100, 10);
      expect(i.Amount.TaxValues[0].Value).toBeCloseTo(i.Amount.GrossValue - i.Amount.NetValue, 10);
      expect(i.Amount.Breakdown.Items[0].NetValue).toBe(i.Amount.NetValue);
      expect(i.UnitAmount).toEqual(i.Amount);
      expect(i.OriginalAmount).toEqual(i.Amount);
      expect(i.StartUtc).toBe(i.ConsumedUtc);
    }
    // Nights start at hotel midnight, a day apart (an hour more or less across a DST switch).
    const starts = json.OrderItems.map((i: { StartUtc: string }) => Date.parse(i.StartUtc)).sort();
    for (let k = 1; k < starts.length; k++) expect(Math.abs(starts[k] - starts[k - 1] - NIGHT)).toBeLessThanOrEqual(3_600_000);
  });

  it('closes the items of checked-out stays, cancels those of canceled ones, keeps optional ones Inactive', async () => {
    const processed = seededIn('Processed');
    const closed = (await items({ ServiceOrderIds: [processed.Id] })).json.OrderItems;
    expect(closed.every((i: { AccountingState: string; ClosedUtc: string }) => i.AccountingState === 'Closed' && Date.parse(i.ClosedUtc) === processed.ActualEndUtc)).toBe(true);
    const canceled = seededIn('Canceled');
    const gone = (await items({ ServiceOrderIds: [canceled.Id] })).json.OrderItems;
    expect(gone.length).toBeGreaterThan(0);
    expect(gone.every((i: { AccountingState: string; CanceledUtc: string; Options: { CanceledWithReservation: boolean } }) =>
      i.AccountingState === 'Canceled' && Date.parse(i.CanceledUtc) === canceled.CancelledUtc && i.Options.CanceledWithReservation)).toBe(true);
    const optional = (await items({ ServiceOrderIds: [seededIn('Optional').Id] })).json.OrderItems;
    expect(optional.every((i: { AccountingState: string }) => i.AccountingState === 'Inactive')).toBe(true);
  });
});

describe('orderItems/getAll: filters', () => {
  it('filters by OrderItemIds, AccountIds, BillIds and ServiceIds', async () => {
    const r = seededIn('Processed');
    const own = store().itemsOf(r.Id).map((i) => i.Id).sort();
    expect(ids(await items({ OrderItemIds: own }))).toEqual(own);
    const byAccount = await items({ AccountIds: [r.AccountId] });
    expect(ids(byAccount)).toEqual(expect.arrayContaining(own));
    expect(byAccount.json.OrderItems.every((i: { AccountId: string }) => i.AccountId === r.AccountId)).toBe(true);
    expect(ids(await items({ BillIds: [r.BillId] }))).toEqual(own);
    const byService = await items({ ServiceIds: [SERVICE_ID], Limitation: { Count: 10 } });
    expect(byService.json.OrderItems).toHaveLength(10);
    expect((await items({ ServiceIds: [crypto.randomUUID()] })).json).toEqual({ OrderItems: [], Cursor: null });
  });

  it('filters by the time intervals, half-open, and only matches items that have the timestamp', async () => {
    const r = seededIn('Processed');
    const at = new Date(r.ActualEndUtc!).toISOString();
    const own = store().itemsOf(r.Id).map((i) => i.Id).sort();
    expect(ids(await items({ ClosedUtc: { StartUtc: at, EndUtc: at } }))).toEqual(expect.arrayContaining(own));
    expect(ids(await items({ ClosedUtc: { StartUtc: new Date(r.ActualEndUtc! - 1000).toISOString(), EndUtc: at } }))).not.toContain(own[0]);
    const canceled = await items({ CanceledUtc: { StartUtc: '2026-07-01T00:00:00Z', EndUtc: '2026-10-01T00:00:00Z' } });
    expect(canceled.json.OrderItems.length).toBeGreaterThan(0);
    expect(canceled.json.OrderItems.every((i: { AccountingState: string }) => i.AccountingState === 'Canceled')).toBe(true);
    const night = store().itemsOf(r.Id)[0]!;
    const consumed = await items({ ConsumedUtc: { StartUtc: new Date(night.ConsumedUtc).toISOString(), EndUtc: new Date(night.ConsumedUtc + 1).toISOString() } });
    expect(ids(consumed)).toContain(night.Id);
    const created = await items({ CreatedUtc: { StartUtc: new Date(r.CreatedUtc).toISOString(), EndUtc: new Date(r.CreatedUtc + 1).toISOString() } });
    expect(ids(created)).toEqual(expect.arrayContaining(own));
    const updated = await items({ UpdatedUtc: { StartUtc: '2026-08-01T00:00:00Z', EndUtc: '2026-10-01T00:00:00Z' }, Limitation: { Count: 50 } });
    expect(updated.json.OrderItems).toHaveLength(50);
    expect(updated.json.OrderItems.every((i: { UpdatedUtc: string }) => i.UpdatedUtc >= '2026-08-01' && i.UpdatedUtc < '2026-10-01')).toBe(true);
  });

  it('filters by AccountingStates and Types, and EnterpriseIds outside the token match nothing', async () => {
    const window = { UpdatedUtc: { StartUtc: '2026-07-01T00:00:00Z', EndUtc: '2026-10-01T00:00:00Z' } };
    const closed = await items({ ...window, AccountingStates: ['Closed'] });
    expect(closed.json.OrderItems.length).toBeGreaterThan(0);
    expect(closed.json.OrderItems.every((i: { AccountingState: string }) => i.AccountingState === 'Closed')).toBe(true);
    expect((await items({ ...window, Types: ['CityTax'] })).json.OrderItems).toEqual([]);
    expect((await items({ ...window, Types: ['SpaceOrder'], Limitation: { Count: 5 } })).json.OrderItems).toHaveLength(5);
    expect((await items({ ...window, EnterpriseIds: [crypto.randomUUID()] })).json.OrderItems).toEqual([]);
    expect((await items({ ...window, EnterpriseIds: [ENTERPRISE_ID], Limitation: { Count: 5 } })).json.OrderItems).toHaveLength(5);
  });

  it('converts to another enabled currency (CZK at a fixed 25 per euro), keeping OriginalAmount in EUR', async () => {
    const r = seededIn('Started');
    const [eur] = (await items({ ServiceOrderIds: [r.Id] })).json.OrderItems;
    const [czk] = (await items({ ServiceOrderIds: [r.Id], Currency: 'CZK' })).json.OrderItems;
    expect(czk.Amount).toMatchObject({ Currency: 'CZK', NetValue: eur.Amount.NetValue * 25, GrossValue: eur.Amount.GrossValue * 25 });
    expect(czk.OriginalAmount).toEqual(eur.Amount);
    expectMewsError(await items({ ServiceOrderIds: [r.Id], Currency: 'USD' }), 400, 'Invalid Currency.');
  });
});

describe('orderItems/getAll: pagination', () => {
  it('walks every item newest first with Limitation cursors, and ends with an empty page and a null Cursor', async () => {
    const filter = { ServiceIds: [SERVICE_ID] };
    const seen: { Id: string; CreatedUtc: string }[] = [];
    let cursor: string | null = null;
    for (;;) {
      const { json } = await items({ ...filter, Limitation: { Count: 400, Cursor: cursor } });
      seen.push(...json.OrderItems);
      if (json.OrderItems.length < 400) {
        expect(json.Cursor).toBe(json.OrderItems.length ? json.OrderItems.at(-1).Id : null);
        break;
      }
      expect(json.Cursor).toBe(json.OrderItems[399].Id);
      cursor = json.Cursor;
    }
    expect(seen.length).toBe(store().orderItems.size);
    expect(new Set(seen.map((i) => i.Id)).size).toBe(seen.length);
    const created = seen.map((i) => Date.parse(i.CreatedUtc));
    expect([...created].sort((a, b) => b - a)).toEqual(created);
    const last = await items({ ...filter, Limitation: { Count: 10, Cursor: seen.at(-1)!.Id } });
    expect(last.json).toEqual({ OrderItems: [], Cursor: null });
  });
});

describe('orderItems/getAll: errors', () => {
  it('400s a request without any of the main filters, naming them', async () => {
    const r = await items({ AccountingStates: ['Open'], Types: ['SpaceOrder'], Currency: 'EUR' });
    expectMewsError(r, 400, /^At least one of OrderItemIds, AccountIds, ServiceOrderIds, ServiceIds, BillIds, CreatedUtc, UpdatedUtc, ConsumedUtc, CanceledUtc, ClosedUtc is required\.$/);
  });

  it('400s lists over their limits, empty lists, long intervals, bad enums and a bad Limitation', async () => {
    const guids = (n: number) => Array.from({ length: n }, () => crypto.randomUUID());
    expectMewsError(await items({ AccountIds: guids(101) }), 400, 'Invalid AccountIds.');
    expect((await items({ AccountIds: guids(100) })).status).toBe(200);
    expectMewsError(await items({ BillIds: guids(1001) }), 400, 'Invalid BillIds.');
    expectMewsError(await items({ OrderItemIds: [] }), 400, 'Invalid OrderItemIds.');
    expectMewsError(await items({ ServiceOrderIds: ['nope'] }), 400, 'Invalid ServiceOrderIds.');
    for (const key of ['CreatedUtc', 'UpdatedUtc', 'ConsumedUtc', 'CanceledUtc', 'ClosedUtc']) {
      expectMewsError(await items({ [key]: { StartUtc: '2026-01-01T00:00:00Z', EndUtc: '2026-04-02T00:00:00Z' } }), 400, `Invalid ${key}.`);
    }
    expect((await items({ ClosedUtc: { StartUtc: '2026-01-01T00:00:00Z', EndUtc: '2026-04-01T00:00:00Z' } })).status).toBe(200);
    expectMewsError(await items({ ServiceIds: [SERVICE_ID], AccountingStates: ['Paid'] }), 400, 'Invalid AccountingStates.');
    expectMewsError(await items({ ServiceIds: [SERVICE_ID], Types: ['Night'] }), 400, 'Invalid Types.');
    expectMewsError(await api(sb.url, OP, { ServiceIds: [SERVICE_ID] }), 400, 'Invalid Limitation.');
    expectMewsError(await items({ ServiceIds: [SERVICE_ID], Limitation: { Count: 1001 } }), 400, 'Invalid Count.');
    expectMewsError(await items({ ServiceIds: [SERVICE_ID], Limitation: { Count: 1, Cursor: crypto.randomUUID() } }), 400, 'Invalid Cursor.');
  });

  it('goes through the same pipeline: tokens, faults and stats apply', async () => {
    expectMewsError(await api(sb.url, OP, { AccessToken: 'nope', ServiceIds: [SERVICE_ID], Limitation: { Count: 1 } }), 401);
    expect((await post(sb.url, '/_sandbox/faults', { rate5xx: 1 })).status).toBe(200);
    const faulted = await items({ ServiceIds: [SERVICE_ID] });
    expect([500, 503]).toContain(faulted.status);
    await post(sb.url, '/_sandbox/faults', { rate5xx: 0 });
    expect((await items({ ServiceIds: [SERVICE_ID] })).status).toBe(200);
    const stats = (await fetch(`${sb.url}/_sandbox/stats`).then((r) => r.json())) as { requestsByOperation: Record<string, number> };
    expect(stats.requestsByOperation[OP]).toBeGreaterThan(10);
  });
});
