/**
 * `reservations/getAll/2023-06-06` (operations/reservations.md) and the older 2017-04-12
 * reservation shape that `customers/search` embeds.
 */
import { invalid } from '../core/errors.ts';
import { ENTERPRISE_ID } from '../core/seed.ts';
import type { ReservationRecord } from '../core/store.ts';
import {
  enumItem, guidItem, inInterval, iso, limitation, optInterval, optList, stringItem, type Interval,
} from '../core/validate.ts';
import type { Operation } from './context.ts';

/** Service order state enum. */
export const SERVICE_ORDER_STATES = ['Inquired', 'Confirmed', 'Started', 'Processed', 'Canceled', 'Optional', 'Requested'] as const;
const ADULTS = '1f67644f-052d-4863-acdf-ae1600c60ca0';
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

/** The 2023-06-06 wire object. */
export function reservationObject(r: ReservationRecord) {
  return {
    Id: r.Id, ServiceId: r.ServiceId, AccountId: r.AccountId, AccountType: 'Customer',
    CreatorProfileId: r.ProfileId, UpdaterProfileId: r.ProfileId, BookerId: r.AccountId,
    Number: r.Number, State: r.State, Origin: 'Commander', CommanderOrigin: 'InPerson', OriginDetails: null,
    CreatedUtc: iso(r.CreatedUtc), UpdatedUtc: iso(r.UpdatedUtc), CancelledUtc: isoOrNull(r.CancelledUtc),
    VoucherId: null, BusinessSegmentId: null,
    Options: {
      OwnerCheckedIn: r.ActualStartUtc !== null, AllCompanionsCheckedIn: r.ActualStartUtc !== null,
      AnyCompanionCheckedIn: r.ActualStartUtc !== null, ConnectorCheckIn: false,
    },
    RateId: r.RateId, CreditCardId: null, GroupId: r.GroupId, RequestedResourceCategoryId: r.RequestedResourceCategoryId,
    AssignedResourceId: r.AssignedResourceId, AvailabilityBlockId: null, PartnerCompanyId: null, TravelAgencyId: null,
    AssignedResourceLocked: false, ChannelNumber: null, ChannelManagerNumber: null,
    CancellationReason: r.State === 'Canceled' ? 'Other' : null, ReleasedUtc: null,
    StartUtc: iso(r.ActualStartUtc ?? r.ScheduledStartUtc), EndUtc: iso(r.ScheduledEndUtc),
    ScheduledStartUtc: iso(r.ScheduledStartUtc), ActualStartUtc: isoOrNull(r.ActualStartUtc),
    ScheduledEndUtc: iso(r.ScheduledEndUtc), ActualEndUtc: isoOrNull(r.ActualEndUtc),
    Purpose: 'Leisure', QrCodeData: null,
    PersonCounts: [{ AgeCategoryId: ADULTS, Count: r.Adults }],
  };
}

/** The 2017-04-12 shape (only what `customers/search` needs to be useful). */
export function reservationObject2017(r: ReservationRecord) {
  return {
    Id: r.Id, ServiceId: r.ServiceId, GroupId: r.GroupId, Number: r.Number, ChannelNumber: null,
    State: r.State, Origin: 'Commander', CreatedUtc: iso(r.CreatedUtc), UpdatedUtc: iso(r.UpdatedUtc),
    CancelledUtc: isoOrNull(r.CancelledUtc), StartUtc: iso(r.ActualStartUtc ?? r.ScheduledStartUtc),
    EndUtc: iso(r.ScheduledEndUtc), RequestedCategoryId: r.RequestedResourceCategoryId,
    AssignedSpaceId: r.AssignedResourceId, AssignedResourceId: r.AssignedResourceId, RateId: r.RateId,
    CustomerId: r.AccountId, OwnerId: r.AccountId, CompanionIds: [r.AccountId], AdultCount: r.Adults, ChildCount: 0,
  };
}

const overlaps = (start: number, end: number, iv: Interval | undefined) => !iv || (start < iv.end && end > iv.start);
const within = (t: number | null, iv: Interval | undefined) => !iv || (t !== null && inInterval(t, iv));

export const getAllReservations: Operation = ({ body, store }) => {
  const lim = limitation(body);
  const guids = (key: string, max?: number) => optList(body, key, { item: guidItem, max });
  const enterprises = guids('EnterpriseIds');
  const ids = guids('ReservationIds');
  const services = guids('ServiceIds');
  const groups = guids('ReservationGroupIds');
  const accounts = guids('AccountIds');
  guids('PartnerCompanyIds', 100);
  guids('TravelAgencyIds', 100);
  guids('AvailabilityBlockIds', 100);
  optList(body, 'ChannelNumbers', { item: (v, p) => stringItem(v, p), max: 100 });
  const numbers = optList(body, 'Numbers', { item: (v, p) => stringItem(v, p) });
  const resources = guids('AssignedResourceIds');
  const created = optInterval(body, 'CreatedUtc');
  const updated = optInterval(body, 'UpdatedUtc');
  const colliding = optInterval(body, 'CollidingUtc');
  const schedStart = optInterval(body, 'ScheduledStartUtc');
  const schedEnd = optInterval(body, 'ScheduledEndUtc');
  const actualStart = optInterval(body, 'ActualStartUtc');
  const actualEnd = optInterval(body, 'ActualEndUtc');
  if (schedStart && actualStart) throw invalid('ActualStartUtc', 'ActualStartUtc', 'cannot be used with ScheduledStartUtc');
  if (schedEnd && actualEnd) throw invalid('ActualEndUtc', 'ActualEndUtc', 'cannot be used with ScheduledEndUtc');
  const states = optList(body, 'States', { item: enumItem(SERVICE_ORDER_STATES) });
  const enterpriseOk = !enterprises || enterprises.includes(ENTERPRISE_ID);
  const candidates = ids ?? (accounts ? store.reservationsByAccount.union(accounts)
    : numbers ? store.reservationsByNumber.union(numbers) : undefined);
  const page = store.reservations.page({
    count: lim.count, cursor: lim.cursor, ids: candidates,
    match: (r) =>
      enterpriseOk && r.DeletedUtc === null &&
      (!services || services.includes(r.ServiceId)) && (!groups || groups.includes(r.GroupId)) &&
      (!accounts || accounts.includes(r.AccountId)) && (!numbers || numbers.includes(r.Number)) &&
      (!resources || (r.AssignedResourceId !== null && resources.includes(r.AssignedResourceId))) &&
      (!states || states.includes(r.State as (typeof SERVICE_ORDER_STATES)[number])) &&
      inInterval(r.CreatedUtc, created) && inInterval(r.UpdatedUtc, updated) &&
      overlaps(r.ScheduledStartUtc, r.ScheduledEndUtc, colliding) &&
      within(r.ScheduledStartUtc, schedStart) && within(r.ScheduledEndUtc, schedEnd) &&
      within(r.ActualStartUtc, actualStart) && within(r.ActualEndUtc, actualEnd),
  });
  return { Reservations: page.items.map(reservationObject), Cursor: page.cursor };
};
