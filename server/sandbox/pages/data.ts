/**
 * JSON data behind the look-alike Mews Operations pages. Read straight from the store, so
 * page views never count in Connector API stats or rate limits.
 */
import { CURRENCY, ENTERPRISE_ID, ENTERPRISE_NAME } from '../core/enterprise.ts';
import { centsToValue } from '../core/money.ts';
import type { CustomerRecord } from '../core/records.ts';
import type { LoyaltyView } from '../partner/view.ts';
import { stayTotals } from '../core/stays.ts';
import type { Store } from '../core/store.ts';
import { iso } from '../core/validate.ts';

/** How many guests the guest list shows (newest first). */
export const GUEST_LIST_SIZE = 50;

/** A guest row on the list. */
export interface GuestRow {
  id: string;
  number: string;
  firstName: string | null;
  lastName: string;
  email: string | null;
  member: boolean;
}

function row(store: Store, c: CustomerRecord): GuestRow {
  return {
    id: c.Id, number: c.Number, firstName: c.FirstName, lastName: c.LastName, email: c.Email,
    member: store.activeMembershipsOf(c.Id).length > 0,
  };
}

/** `/Customer/Index` data: the newest guests plus a member, a non-member and an HTML-named guest. */
export function guestListData(store: Store) {
  const all = store.customers.all();
  const guests: GuestRow[] = [];
  let member: GuestRow | null = null;
  let nonMember: GuestRow | null = null;
  let html: GuestRow | null = null;
  for (let i = all.length - 1; i >= 0; i--) {
    const c = all[i]!;
    if (c.DeletedUtc !== null) continue;
    const r = row(store, c);
    if (guests.length < GUEST_LIST_SIZE) guests.push(r);
    if (!member && r.member) member = r;
    if (!nonMember && !r.member) nonMember = r;
    if (!html && /[<>]/.test(`${c.FirstName ?? ''}${c.LastName}`)) html = r;
    if (guests.length >= GUEST_LIST_SIZE && member && nonMember && html) break;
  }
  return { view: 'list' as const, enterpriseId: ENTERPRISE_ID, enterpriseName: ENTERPRISE_NAME, guests, notable: { member, nonMember, html } };
}

/**
 * `/Customer/Detail/{id}` data, or null when there is no such guest. `loyalty` is the Loyalty
 * section as last known; the page asks the partner for fresh rows after it renders.
 */
export function customerData(store: Store, id: string, loyalty: { view(customerId: string): LoyaltyView | null }) {
  const c = store.customers.get(id.toLowerCase());
  if (!c || c.DeletedUtc !== null) return null;
  const reservations = [...store.reservationsByAccount.get(c.Id)]
    .map((rid) => store.reservations.get(rid)!)
    .sort((a, b) => b.ScheduledStartUtc - a.ScheduledStartUtc)
    .map((r) => ({ id: r.Id, number: r.Number, state: r.State, start: iso(r.ScheduledStartUtc), end: iso(r.ScheduledEndUtc) }));
  return {
    view: 'customer' as const, enterpriseId: ENTERPRISE_ID, enterpriseName: ENTERPRISE_NAME,
    customer: {
      id: c.Id, number: c.Number, firstName: c.FirstName, lastName: c.LastName, email: c.Email, phone: c.Phone,
      nationalityCode: c.NationalityCode, birthDate: c.BirthDate,
    },
    reservations,
    loyalty: loyalty.view(c.Id),
  };
}

/** `/Reservation/Detail/{id}` data, or null when there is no such reservation. */
export function reservationData(store: Store, id: string) {
  const r = store.reservations.get(id.toLowerCase());
  if (!r || r.DeletedUtc !== null) return null;
  // The page links the guest: the owner, or the booker when a company owns the stay.
  const guest = store.customers.get(r.BookerId);
  const { nights, grossCents } = stayTotals(store, r);
  return {
    view: 'reservation' as const, enterpriseId: ENTERPRISE_ID, enterpriseName: ENTERPRISE_NAME,
    reservation: {
      id: r.Id, number: r.Number, state: r.State, start: iso(r.ScheduledStartUtc), end: iso(r.ScheduledEndUtc),
      ownerId: r.BookerId, ownerFirstName: guest?.FirstName ?? null, ownerLastName: guest?.LastName ?? '',
      companyId: r.AccountType === 'Company' ? r.AccountId : null,
      nights, total: centsToValue(grossCents), currency: CURRENCY,
    },
  };
}
