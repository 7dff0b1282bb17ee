// customers/getAll|search|add|update contract.
import { beforeEach, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../server/sandbox/app.ts';
import { call, expectMewsError } from './helpers.ts';

let sb: Sandbox;
beforeEach(() => {
  sb = createSandbox({ customers: 300 });
});
const EXTENT = { Customers: true, Addresses: false };
const getAll = (x: object) => call(sb.app, 'customers/getAll', { Extent: EXTENT, Limitation: { Count: 100 }, ...x });

describe('customers/getAll', () => {
  it('requires Extent, Limitation and at least one filter', async () => {
    expectMewsError(await call(sb.app, 'customers/getAll', { Limitation: { Count: 1 }, CustomerIds: [crypto.randomUUID()] }), 400, 'Invalid Extent.');
    expectMewsError(await call(sb.app, 'customers/getAll', { Extent: EXTENT, Limitation: { Count: 1 } }), 400, 'Invalid CustomerIds.');
  });

  it('finds customers by id (case-insensitive GUID) with the documented fields', async () => {
    const c = sb.state.store.customers.all()[10]!;
    const r = await getAll({ CustomerIds: [c.Id.toUpperCase(), crypto.randomUUID()] });
    expect(r.json.Customers).toHaveLength(1);
    expect(r.json.Customers[0]).toMatchObject({ Id: c.Id, Number: c.Number, LastName: c.LastName, Email: c.Email, IsActive: true, Classifications: [], HasOtaEmail: false });
    expect(r.json.Cursor).toBe(c.Id);
  });

  it('finds by email (case-insensitive) and last name', async () => {
    const c = sb.state.store.customers.all().find((x) => x.Email)!;
    expect((await getAll({ Emails: [c.Email!.toUpperCase()] })).json.Customers.map((x: { Id: string }) => x.Id)).toEqual([c.Id]);
    const byLast = await getAll({ LastNames: [c.LastName] });
    expect(byLast.json.Customers.map((x: { Id: string }) => x.Id)).toContain(c.Id);
    expect(byLast.json.Customers.every((x: { LastName: string }) => x.LastName === c.LastName)).toBe(true);
  });

  it('returns an empty list but a Cursor when Extent.Customers is false', async () => {
    const c = sb.state.store.customers.all()[0]!;
    const r = await call(sb.app, 'customers/getAll', { Extent: { Customers: false }, CustomerIds: [c.Id], Limitation: { Count: 5 } });
    expect(r.json.Customers).toEqual([]);
    expect(r.json.Cursor).toBe(c.Id);
  });

  it('400s more than 1000 CustomerIds and more than 1 CompanyIds', async () => {
    expectMewsError(await getAll({ CustomerIds: Array.from({ length: 1001 }, () => crypto.randomUUID()) }), 400, 'Invalid CustomerIds.');
    expectMewsError(await getAll({ CompanyIds: [crypto.randomUUID(), crypto.randomUUID()] }), 400, 'Invalid CompanyIds.');
  });

  it('CreatedUtc is half-open: Start inclusive, End exclusive, Start == End is an instant', async () => {
    const c = sb.state.store.customers.all()[50]!;
    const at = new Date(c.CreatedUtc).toISOString();
    const ids = async (StartUtc: string, EndUtc: string) =>
      (await getAll({ CreatedUtc: { StartUtc, EndUtc } })).json.Customers.map((x: { Id: string }) => x.Id);
    expect(await ids(at, at)).toEqual([c.Id]);
    expect(await ids(at, new Date(c.CreatedUtc + 1).toISOString())).toEqual([c.Id]);
    expect(await ids(new Date(c.CreatedUtc - 1).toISOString(), at)).not.toContain(c.Id);
  });
});

describe('customers/add and update', () => {
  it('adds a customer with plain values, newest in getAll, refuses a duplicate email unless OverwriteExisting', async () => {
    const r = await call(sb.app, 'customers/add', { FirstName: 'Zdeněk', LastName: 'Dvořák', Email: 'zd@example.com', Title: 'Mister', OverwriteExisting: false, Notes: 'VIP' });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ FirstName: 'Zdeněk', LastName: 'Dvořák', Email: 'zd@example.com', Notes: 'VIP', Title: 'Mister' });
    expect(r.json.Number).toMatch(/^\d{1,19}$/);
    const dup = await call(sb.app, 'customers/add', { LastName: 'Other', Email: 'ZD@example.com', OverwriteExisting: false });
    expectMewsError(dup, 403);
    const over = await call(sb.app, 'customers/add', { LastName: 'Dvořáková', Email: 'zd@example.com', OverwriteExisting: true });
    expect(over.json.Id).toBe(r.json.Id);
    expect(over.json.LastName).toBe('Dvořáková');
  });

  it('400s a missing LastName or OverwriteExisting, and a bad enum', async () => {
    expectMewsError(await call(sb.app, 'customers/add', { OverwriteExisting: false }), 400, 'Invalid LastName.');
    expectMewsError(await call(sb.app, 'customers/add', { LastName: 'X' }), 400, 'Invalid OverwriteExisting.');
    expectMewsError(await call(sb.app, 'customers/add', { LastName: 'X', OverwriteExisting: false, Sex: 'Other' }), 400, 'Invalid Sex.');
  });

  it('updates with plain values; a blank value does not clear; Italian codes use wrappers', async () => {
    const c = sb.state.store.customers.all()[5]!;
    const before = c.UpdatedUtc;
    const r = await call(sb.app, 'customers/update', { CustomerId: c.Id, FirstName: '', Phone: '+420 111', ItalianFiscalCode: { Value: 'ABC' } });
    expect(r.status).toBe(200);
    expect(r.json.FirstName).toBe(c.FirstName);
    expect(r.json.Phone).toBe('+420 111');
    expect(r.json.ItalianFiscalCode).toBe('ABC');
    expect(Date.parse(r.json.UpdatedUtc)).toBeGreaterThan(before);
    const cleared = await call(sb.app, 'customers/update', { CustomerId: c.Id, ItalianFiscalCode: { Value: null } });
    expect(cleared.json.ItalianFiscalCode).toBeNull();
    expectMewsError(await call(sb.app, 'customers/update', { CustomerId: crypto.randomUUID() }), 400, 'Invalid CustomerId.');
    const other = sb.state.store.customers.all().find((x) => x.Email && x.Id !== c.Id)!;
    expectMewsError(await call(sb.app, 'customers/update', { CustomerId: c.Id, Email: other.Email }), 403);
  });
});

describe('customers/search', () => {
  it('finds only in-house guests (Started reservations) by name, diacritics-insensitive', async () => {
    const started = sb.state.store.reservations.all().find((r) => r.State === 'Started')!;
    const guest = sb.state.store.customers.get(started.AccountId)!;
    const needle = guest.LastName.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toUpperCase();
    const r = await call(sb.app, 'customers/search', { Name: needle });
    expect(r.status).toBe(200);
    const hit = r.json.Customers.find((x: { Customer: { Id: string } }) => x.Customer.Id === guest.Id);
    expect(hit.Reservation.Id).toBe(started.Id);
    const startedIds = new Set(sb.state.store.reservations.all().filter((x) => x.State === 'Started').map((x) => x.AccountId));
    expect(r.json.Customers.every((x: { Customer: { Id: string } }) => startedIds.has(x.Customer.Id))).toBe(true);
  });
});
