/**
 * Stays and their order items: what Mews does to a reservation's items when it is booked,
 * checked out, canceled or rebated. The seed and the `/_sandbox/reservations` hooks both go
 * through here, so seeded history and live changes obey the same rules.
 *
 * Items follow orderitems.md: one `SpaceOrder` per night (posted at booking, consumed at the
 * night's hotel midnight), `ProductOrder` for extras, a negative `NightRebate` for a
 * correction. Accounting states: `Open` while the bill is open, `Closed` once the bill is
 * closed at check-out, `Inactive` for zero-value items and items of optional reservations,
 * `Canceled` with the reservation.
 */
import { bump } from './collection.ts';
import { ENTERPRISE_ID, NIGHT_PRODUCT_ID, SERVICE_ID, STAFF_PROFILE_ID } from './enterprise.ts';
import { MewsError } from './errors.ts';
import { CHECK_IN_HOUR, DAY, hotelDay, hotelMidnight } from './hotel-time.ts';
import { grossCents } from './money.ts';
import type { AccountingState, OrderItemRecord, ReservationRecord } from './records.ts';
import type { Store } from './store.ts';

/** Makes a new record id (seeded PRNG in the seed, random UUIDs for live writes). */
export type NewId = () => string;

/** An extra sold with a stay. */
export interface ProductSale {
  name: string;
  netCents: number;
}

/** A walk-in stay, checked in now. `companyId` makes the company the owner. */
export interface StayInput {
  customerId: string;
  companyId?: string;
  nights: number;
  nightlyNetCents: number;
  products: ProductSale[];
}

/** Nights the schedule spans: hotel dates from arrival up to, not including, departure. */
export function scheduledNights(r: ReservationRecord): number {
  return Math.max(1, hotelDay(r.ScheduledEndUtc) - hotelDay(r.ScheduledStartUtc));
}

/** Zero-value items and the items of an optional reservation are Inactive (orderitems.md). */
function liveState(r: ReservationRecord, netCents: number): AccountingState {
  return netCents === 0 || r.State === 'Optional' ? 'Inactive' : 'Open';
}

/** What differs between the items of one reservation. */
interface ItemFields {
  Id: string;
  Type: OrderItemRecord['Type'];
  RevenueType: OrderItemRecord['RevenueType'];
  BillingName: string;
  UnitNetCents: number;
  ConsumedUtc: number;
  StartUtc: number;
  ProductId: string;
  RebatedItemId?: string;
}

/**
 * A new live item of `r`, created at `at`. One literal with every field in a fixed order,
 * so 100k+ seeded items share one compact object shape (a spread made them several times larger).
 */
function newItem(r: ReservationRecord, at: number, f: ItemFields): OrderItemRecord {
  return {
    Id: f.Id, EnterpriseId: ENTERPRISE_ID, AccountId: r.AccountId, AccountType: r.AccountType, ServiceId: r.ServiceId,
    ServiceOrderId: r.Id, BillId: r.BillId, Type: f.Type, RevenueType: f.RevenueType, BillingName: f.BillingName,
    UnitCount: 1, UnitNetCents: f.UnitNetCents, AccountingState: liveState(r, f.UnitNetCents),
    ConsumedUtc: f.ConsumedUtc, StartUtc: f.StartUtc, CanceledUtc: null, ClosedUtc: null, CanceledWithReservation: false,
    ProductId: f.ProductId, RebatedItemId: f.RebatedItemId ?? null, ProfileId: STAFF_PROFILE_ID,
    CreatedUtc: at, UpdatedUtc: at, DeletedUtc: null,
  };
}

/** One `SpaceOrder` per scheduled night, all posted when the stay is booked (`at`). */
export function nightItems(r: ReservationRecord, unitNetCents: number, at: number, newId: NewId): OrderItemRecord[] {
  const first = hotelDay(r.ScheduledStartUtc);
  return Array.from({ length: scheduledNights(r) }, (_, i) => {
    const night = hotelMidnight(first + i);
    return newItem(r, at, {
      Id: newId(), Type: 'SpaceOrder', RevenueType: 'Service', BillingName: 'Accommodation',
      UnitNetCents: unitNetCents, ConsumedUtc: night, StartUtc: night, ProductId: NIGHT_PRODUCT_ID,
    });
  });
}

/** A `ProductOrder` sold at `at`; one product id per distinct name. */
function productItem(store: Store, r: ReservationRecord, sale: ProductSale, at: number, newId: NewId): OrderItemRecord {
  let productId = store.productIds.get(sale.name);
  if (!productId) store.productIds.set(sale.name, (productId = newId()));
  return newItem(r, at, {
    Id: newId(), Type: 'ProductOrder', RevenueType: 'Product', BillingName: sale.name,
    UnitNetCents: sale.netCents, ConsumedUtc: at, StartUtc: at, ProductId: productId,
  });
}

/** Closes the bill of these items at `at`: each live item gets ClosedUtc, and Closed if it has a value. */
export function closeItems(items: readonly OrderItemRecord[], at: number): void {
  for (const i of items) {
    if (i.AccountingState === 'Canceled' || i.ClosedUtc !== null) continue;
    i.ClosedUtc = at;
    i.AccountingState = i.UnitNetCents === 0 ? 'Inactive' : 'Closed';
    i.UpdatedUtc = bump(i.UpdatedUtc, at);
  }
}

/** Cancels these items with their reservation at `at`. */
export function cancelItems(items: readonly OrderItemRecord[], at: number): void {
  for (const i of items) {
    if (i.AccountingState === 'Canceled') continue;
    i.AccountingState = 'Canceled';
    i.CanceledUtc = at;
    i.CanceledWithReservation = true;
    i.UpdatedUtc = bump(i.UpdatedUtc, at);
  }
}

/**
 * Books and checks in a stay now: arrival today at the check-in hour (hotel time), departure
 * `nights` × 24 h later, its nights and products posted to a new open bill.
 */
export function createStay(store: Store, input: StayInput, now: number, newId: NewId): ReservationRecord {
  const start = hotelMidnight(hotelDay(now)) + CHECK_IN_HOUR * 3_600_000;
  const { rooms, categories, rateId } = store.property;
  const number = store.nextReservationNumber();
  const r: ReservationRecord = {
    Id: newId(), ServiceId: SERVICE_ID, Number: number, State: 'Started',
    AccountId: input.companyId ?? input.customerId, AccountType: input.companyId ? 'Company' : 'Customer',
    BookerId: input.customerId, GroupId: newId(), RateId: rateId, RequestedResourceCategoryId: categories[0]!,
    AssignedResourceId: rooms[Number(number) % rooms.length] ?? null,
    ScheduledStartUtc: start, ScheduledEndUtc: start + input.nights * DAY, ActualStartUtc: now, ActualEndUtc: null,
    CancelledUtc: null, Adults: 1, ProfileId: STAFF_PROFILE_ID, BillId: newId(),
    CreatedUtc: now, UpdatedUtc: now, DeletedUtc: null,
  };
  store.addReservation(r);
  const items = [
    ...nightItems(r, input.nightlyNetCents, now, newId),
    ...input.products.map((p) => productItem(store, r, p, now, newId)),
  ];
  for (const i of items) store.addOrderItem(i);
  return r;
}

/** 400 for a state change the reservation's state does not allow. */
function refused(r: ReservationRecord, why: string): MewsError {
  return new MewsError(400, `Reservation ${r.Number} is ${r.State}: ${why}`, `reservation ${r.Id}`);
}

/** Check-out: Processed now, and the stay's bill closes with every item on it. */
export function checkOut(store: Store, r: ReservationRecord, now: number): void {
  if (r.State !== 'Started') throw refused(r, 'only a Started (checked-in) reservation can be checked out.');
  r.State = 'Processed';
  r.ActualEndUtc = now;
  r.UpdatedUtc = bump(r.UpdatedUtc, now);
  closeItems(store.itemsOf(r.Id), now);
}

/**
 * Cancellation: Canceled now, with every item of the stay. A checked-out stay may be canceled
 * too: Mews Operations has no such button, but a stay voided after check-out (a booking
 * error found at night audit, a stay reverted and then canceled) ends the same way, and the
 * proxy must take back its points; this is the hook that lets a test do it.
 */
export function cancelStay(store: Store, r: ReservationRecord, now: number): void {
  if (r.State === 'Canceled') throw refused(r, 'it is already canceled.');
  r.State = 'Canceled';
  r.CancelledUtc = now;
  r.UpdatedUtc = bump(r.UpdatedUtc, now);
  cancelItems(store.itemsOf(r.Id), now);
}

/**
 * Rebates `netCents` of the stay's last night: a negative `NightRebate` pointing at that night.
 * Before check-out it joins the open bill; after check-out the stay's bill is closed, so it
 * goes on a corrective bill of its own, closed at once (Closed, ClosedUtc now).
 * A night can lose at most what it cost, over all its rebates.
 */
export function rebateLastNight(store: Store, r: ReservationRecord, netCents: number, now: number, newId: NewId): OrderItemRecord {
  if (r.State === 'Canceled') throw refused(r, 'its items are canceled, there is nothing to rebate.');
  const items = store.itemsOf(r.Id).filter((i) => i.AccountingState !== 'Canceled');
  const last = items.filter((i) => i.Type === 'SpaceOrder').reduce<OrderItemRecord | undefined>(
    (a, i) => (!a || i.StartUtc > a.StartUtc ? i : a), undefined);
  if (!last) throw refused(r, 'it has no night to rebate.');
  const left = items.filter((i) => i.RebatedItemId === last.Id).reduce((sum, i) => sum + i.UnitNetCents, last.UnitNetCents);
  if (netCents > left) {
    throw new MewsError(400, `Invalid amount: ${netCents / 100} is more than the ${left / 100} EUR net left of the last night.`,
      `reservation ${r.Id}, night item ${last.Id}`);
  }
  const corrective = r.State === 'Processed';
  const rebate = newItem(r, now, {
    Id: newId(), Type: 'NightRebate', RevenueType: 'Service', BillingName: 'Night rebate',
    UnitNetCents: -netCents, ConsumedUtc: now, StartUtc: last.StartUtc, ProductId: last.ProductId,
    RebatedItemId: last.Id,
  });
  if (corrective) {
    rebate.BillId = newId();
    rebate.AccountingState = 'Closed';
    rebate.ClosedUtc = now;
  }
  store.addOrderItem(rebate);
  r.UpdatedUtc = bump(r.UpdatedUtc, now);
  return rebate;
}

/** What the reservation page shows: nights booked and gross revenue of its live items. */
export function stayTotals(store: Store, r: ReservationRecord): { nights: number; grossCents: number } {
  let nights = 0;
  let gross = 0;
  for (const i of store.itemsOf(r.Id)) {
    if (i.Type === 'SpaceOrder') nights++;
    if (i.AccountingState !== 'Canceled') gross += grossCents(i.UnitNetCents) * i.UnitCount;
  }
  return { nights, grossCents: gross };
}
