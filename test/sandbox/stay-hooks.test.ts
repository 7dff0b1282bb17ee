// The /_sandbox/reservations hooks over real HTTP: a walk-in stay, check-out, cancel and a
// rebate after check-out, as the Connector API then shows them; and clear errors for bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../server/sandbox/server.ts';
import { ENTERPRISE_ID } from '../../server/sandbox/core/seed.ts';
import { api, expectMewsError, post, type Reply } from './helpers.ts';

let sb: RunningSandbox;
beforeAll(async () => {
  sb = await startSandbox({ port: 0, customers: 100 });
});
afterAll(() => sb.close());

const NIGHT = 86_400_000;
const guest = () => sb.sandbox.state.store.customers.all()[3]!;
const stay = (body: object) => post(sb.url, '/_sandbox/reservations', body);
const act = (id: string, action: string, body: object = {}) => post(sb.url, `/_sandbox/reservations/${id}/${action}`, body);
const itemsOf = async (id: string) => (await api(sb.url, 'orderItems/getAll', { ServiceOrderIds: [id], Limitation: { Count: 100 } })).json.OrderItems;
const reservation = async (id: string) =>
  (await api(sb.url, 'reservations/getAll/2023-06-06', { ReservationIds: [id], Limitation: { Count: 1 } })).json.Reservations[0];
type Item = { Id: string; Type: string; AccountingState: string; Amount: { NetValue: number; GrossValue: number }; [k: string]: any };
const gross = (items: Item[]) => Math.round(items.filter((i) => i.AccountingState !== 'Canceled').reduce((s, i) => s + i.Amount.GrossValue * 100, 0)) / 100;

describe('POST /_sandbox/reservations', () => {
  it('books and checks in a stay now, with one night item per night and the products', async () => {
    const before = Date.now();
    const r: Reply = await stay({ customerId: guest().Id, nights: 3, nightlyPrice: 100, products: [{ name: 'Breakfast', price: 12.5 }] });
    expect(r.status).toBe(201);
    const res = r.json;
    expect(res).toMatchObject({ AccountId: guest().Id, AccountType: 'Customer', BookerId: guest().Id, State: 'Started', ActualEndUtc: null, CancelledUtc: null });
    expect(Date.parse(res.ActualStartUtc)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(res.ActualStartUtc)).toBeLessThanOrEqual(Date.now());
    expect(Math.abs(Date.parse(res.ScheduledStartUtc) - Date.now())).toBeLessThan(NIGHT);
    expect(Date.parse(res.ScheduledEndUtc) - Date.parse(res.ScheduledStartUtc)).toBe(3 * NIGHT);
    expect(await reservation(res.Id)).toEqual(Object.fromEntries(Object.entries(res).filter(([k]) => k !== 'OrderItems')));

    const items: Item[] = res.OrderItems;
    expect(items.map((i) => i.Type).sort()).toEqual(['ProductOrder', 'SpaceOrder', 'SpaceOrder', 'SpaceOrder']);
    const night = items.find((i) => i.Type === 'SpaceOrder')!;
    expect(night).toMatchObject({ UnitCount: 1, AccountingState: 'Open', AccountType: 'Customer', ServiceOrderId: res.Id, EnterpriseId: ENTERPRISE_ID });
    expect(night.Amount).toMatchObject({ Currency: 'EUR', NetValue: 100, GrossValue: 110, TaxValues: [{ Value: 10 }] });
    const breakfast = items.find((i) => i.Type === 'ProductOrder')!;
    expect(breakfast).toMatchObject({ BillingName: 'Breakfast', RevenueType: 'Product', Data: { Discriminator: 'Product' } });
    expect(breakfast.Amount).toMatchObject({ NetValue: 12.5, GrossValue: 13.75 });
    expect((await itemsOf(res.Id)).map((i: Item) => i.Id).sort()).toEqual(items.map((i) => i.Id).sort());
    expect(gross(items)).toBe(343.75);

    const search = await api(sb.url, 'customers/search', { Name: guest().LastName });
    expect(search.json.Customers.map((x: { Reservation: { Id: string } }) => x.Reservation.Id)).toContain(res.Id);
  });

  it('lets a company own the stay: AccountType Company on the reservation and its items, the guest as booker', async () => {
    const company = crypto.randomUUID();
    const { json: res } = await stay({ customerId: guest().Id, companyId: company, nights: 1, nightlyPrice: 80 });
    expect(res).toMatchObject({ AccountId: company, AccountType: 'Company', BookerId: guest().Id });
    expect(res.OrderItems[0]).toMatchObject({ AccountId: company, AccountType: 'Company' });
    const byGuest = await api(sb.url, 'reservations/getAll/2023-06-06', { AccountIds: [guest().Id], Limitation: { Count: 100 } });
    expect(byGuest.json.Reservations.find((x: { Id: string }) => x.Id === res.Id)).toMatchObject({ AccountType: 'Company' });
    const byCompany = await api(sb.url, 'orderItems/getAll', { AccountIds: [company], Limitation: { Count: 10 } });
    expect(byCompany.json.OrderItems.map((i: Item) => i.Id)).toEqual([res.OrderItems[0].Id]);
    const guestItems = await api(sb.url, 'orderItems/getAll', { AccountIds: [guest().Id], Limitation: { Count: 1000 } });
    expect(guestItems.json.OrderItems.some((i: Item) => i.ServiceOrderId === res.Id)).toBe(false);
  });

  it('refuses bad input with 400 and a message naming the field', async () => {
    const ok = { customerId: guest().Id, nights: 2, nightlyPrice: 90 };
    const cases: [object, RegExp][] = [
      [{ ...ok, customerId: undefined }, /^Invalid customerId: required/],
      [{ ...ok, customerId: 'guest-1' }, /^Invalid customerId: must be a customer GUID/],
      [{ ...ok, customerId: crypto.randomUUID() }, /^Invalid customerId: no customer /],
      [{ ...ok, nights: 0 }, /^Invalid nights: must be a whole number/],
      [{ ...ok, nights: 1.5 }, /^Invalid nights/],
      [{ ...ok, nights: '2' }, /^Invalid nights/],
      [{ ...ok, nightlyPrice: -1 }, /^Invalid nightlyPrice: must not be negative/],
      [{ ...ok, nightlyPrice: 10.005 }, /^Invalid nightlyPrice: must have at most 2 decimals/],
      [{ ...ok, nightlyPrice: '90' }, /^Invalid nightlyPrice: must be a number/],
      [{ ...ok, products: {} }, /^Invalid products/],
      [{ ...ok, products: [{ name: '', price: 1 }] }, /^Invalid products\[0\]\.name/],
      [{ ...ok, products: [{ name: 'Spa', price: -5 }] }, /^Invalid products\[0\]\.price: must not be negative/],
      [{ ...ok, companyId: 'acme' }, /^Invalid companyId: must be a GUID/],
      [{ ...ok, companyId: guest().Id }, /^Invalid companyId: .* is a customer, not a company/],
    ];
    const before = sb.sandbox.state.store.reservations.size;
    for (const [body, message] of cases) expectMewsError(await stay(body), 400, message);
    expectMewsError(await post(sb.url, '/_sandbox/reservations', '[1]'), 400, 'Invalid JSON.');
    const broken = await fetch(`${sb.url}/_sandbox/reservations`, { method: 'POST', body: '{"nights":' });
    expect(broken.status).toBe(400);
    expect(sb.sandbox.state.store.reservations.size).toBe(before);
    expect((await stay({ ...ok, nightlyPrice: 0 })).json.OrderItems[0].AccountingState).toBe('Inactive');
  });
});

describe('check-out, rebate and cancel hooks', () => {
  it('checks out: Processed, ActualEndUtc, every item Closed on the bill, UpdatedUtc bumped', async () => {
    const { json: made } = await stay({ customerId: guest().Id, nights: 2, nightlyPrice: 120, products: [{ name: 'Minibar', price: 7 }] });
    const r = await act(made.Id, 'checkout');
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ Id: made.Id, State: 'Processed' });
    expect(Date.parse(r.json.ActualEndUtc)).toBeGreaterThanOrEqual(Date.parse(made.ActualStartUtc));
    expect(Date.parse(r.json.UpdatedUtc)).toBeGreaterThan(Date.parse(made.UpdatedUtc));
    for (const i of r.json.OrderItems as Item[]) {
      expect(i).toMatchObject({ AccountingState: 'Closed', ClosedUtc: r.json.ActualEndUtc, BillId: made.OrderItems[0].BillId });
      expect(Date.parse(i.UpdatedUtc)).toBeGreaterThan(Date.parse(i.CreatedUtc));
    }
    const byId = (a: Item, b: Item) => (a.Id < b.Id ? -1 : 1);
    expect((await itemsOf(made.Id)).sort(byId)).toEqual([...r.json.OrderItems].sort(byId));
    expectMewsError(await act(made.Id, 'checkout'), 400, /is Processed: only a Started \(checked-in\) reservation can be checked out/);
    // A stay voided after check-out: canceled with its items (the proxy then reverses its points).
    const voided = await act(made.Id, 'cancel');
    expect(voided.json).toMatchObject({ State: 'Canceled' });
    for (const i of voided.json.OrderItems as Item[]) expect(i.AccountingState).toBe('Canceled');
    expectMewsError(await act(made.Id, 'cancel'), 400, /is Canceled: it is already canceled/);
  });

  it('rebates the last night after check-out: a negative NightRebate on a closed corrective bill, UpdatedUtc bumped', async () => {
    const { json: made } = await stay({ customerId: guest().Id, nights: 3, nightlyPrice: 100 });
    const { json: out } = await act(made.Id, 'checkout');
    const r = await act(made.Id, 'rebate', { amount: 40 });
    expect(r.status).toBe(200);
    expect(Date.parse(r.json.UpdatedUtc)).toBeGreaterThan(Date.parse(out.UpdatedUtc));
    expect(r.json.State).toBe('Processed');
    const nights = (r.json.OrderItems as Item[]).filter((i) => i.Type === 'SpaceOrder');
    const last = nights.reduce((a, i) => (i.StartUtc > a.StartUtc ? i : a));
    const rebate = (r.json.OrderItems as Item[]).find((i) => i.Type === 'NightRebate')!;
    expect(rebate).toMatchObject({
      AccountingState: 'Closed', UnitCount: 1, StartUtc: last.StartUtc,
      Data: { Discriminator: 'Rebate', Rebate: { RebatedItemId: last.Id, ProductId: last.Data.Product.ProductId }, Product: null },
    });
    expect(rebate.Amount).toMatchObject({ NetValue: -40, GrossValue: -44 });
    expect(rebate.BillId).not.toBe(last.BillId);
    expect(Date.parse(rebate.ClosedUtc)).toBeGreaterThan(Date.parse(out.ActualEndUtc) - 1);
    expect(gross(r.json.OrderItems)).toBe(286);
    expect((await reservation(made.Id)).UpdatedUtc).toBe(r.json.UpdatedUtc);
    // Found by an UpdatedUtc poll that starts after check-out.
    const since = await api(sb.url, 'orderItems/getAll', { UpdatedUtc: { StartUtc: out.ActualEndUtc, EndUtc: new Date(Date.now() + 1000).toISOString() }, Limitation: { Count: 100 } });
    expect(since.json.OrderItems.map((i: Item) => i.Id)).toContain(rebate.Id);

    expectMewsError(await act(made.Id, 'rebate', { amount: 60.01 }), 400, /^Invalid amount: 60\.01 is more than the 60 EUR net left of the last night/);
    expect((await act(made.Id, 'rebate', { amount: 60 })).status).toBe(200);
  });

  it('rebates before check-out on the open bill, and check-out then closes it with the rest', async () => {
    const { json: made } = await stay({ customerId: guest().Id, nights: 1, nightlyPrice: 50 });
    const { json } = await act(made.Id, 'rebate', { amount: 5.5 });
    const rebate = (json.OrderItems as Item[]).find((i) => i.Type === 'NightRebate')!;
    expect(rebate).toMatchObject({ AccountingState: 'Open', ClosedUtc: null, BillId: made.OrderItems[0].BillId });
    const { json: out } = await act(made.Id, 'checkout');
    expect((out.OrderItems as Item[]).every((i) => i.AccountingState === 'Closed')).toBe(true);
  });

  it('cancels: Canceled, CancelledUtc, every item Canceled with the reservation', async () => {
    const { json: made } = await stay({ customerId: guest().Id, nights: 2, nightlyPrice: 70, products: [{ name: 'Parking', price: 15 }] });
    const r = await act(made.Id, 'cancel');
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ State: 'Canceled', CancellationReason: 'Other' });
    expect(Date.parse(r.json.CancelledUtc)).toBeGreaterThanOrEqual(Date.parse(made.CreatedUtc));
    expect(Date.parse(r.json.UpdatedUtc)).toBeGreaterThan(Date.parse(made.UpdatedUtc));
    for (const i of r.json.OrderItems as Item[]) {
      expect(i).toMatchObject({ AccountingState: 'Canceled', CanceledUtc: r.json.CancelledUtc, Options: { CanceledWithReservation: true } });
    }
    expect(gross(r.json.OrderItems)).toBe(0);
    expectMewsError(await act(made.Id, 'cancel'), 400, /is Canceled/);
    expectMewsError(await act(made.Id, 'checkout'), 400, /is Canceled: only a Started/);
    expectMewsError(await act(made.Id, 'rebate', { amount: 1 }), 400, /is Canceled: its items are canceled/);
  });

  it('404s an unknown reservation and 400s a bad rebate amount', async () => {
    const unknown = crypto.randomUUID();
    for (const action of ['checkout', 'cancel', 'rebate']) expectMewsError(await act(unknown, action, { amount: 1 }), 404, `No reservation ${unknown}.`);
    const { json: made } = await stay({ customerId: guest().Id, nights: 1, nightlyPrice: 50 });
    expectMewsError(await act(made.Id, 'rebate', {}), 400, /^Invalid amount: required/);
    expectMewsError(await act(made.Id, 'rebate', { amount: 0 }), 400, /^Invalid amount: must be more than 0/);
    expectMewsError(await act(made.Id, 'rebate', { amount: -3 }), 400, /^Invalid amount: must not be negative/);
    expectMewsError(await act(made.Id, 'rebate', { amount: 'ten' }), 400, /^Invalid amount: must be a number/);
  });

  it('are never faulted and never counted', async () => {
    await post(sb.url, '/_sandbox/faults', { rate5xx: 1 });
    const before = await fetch(`${sb.url}/_sandbox/stats`).then((r) => r.json());
    const { status, json } = await stay({ customerId: guest().Id, nights: 1, nightlyPrice: 10 });
    expect(status).toBe(201);
    expect((await act(json.Id, 'checkout')).status).toBe(200);
    expectMewsError(await act(json.Id, 'checkout'), 400);
    await post(sb.url, '/_sandbox/faults', { rate5xx: 0 });
    expect(await fetch(`${sb.url}/_sandbox/stats`).then((r) => r.json())).toEqual(before);
  });
});
