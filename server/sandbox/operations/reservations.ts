/**
 * `reservations/getAll/2023-06-06` (operations/reservations.md) and the older 2017-04-12
 * reservation shape that `customers/search` embeds.
 */
import { invalid } from '../core/errors.ts';
import type { ReservationRecord } from '../core/records.ts';
import {
  enumItem, inInterval, iso, isoOrNull, limitation, optGuids, optIntervals, optList, stampedIn, stringItem, type Interval,
} from '../core/validate.ts';
import { enterpriseMatches, type Operation } from './context.ts';

/** Service order state enum. */
export const SERVICE_ORDER_STATES = ['Inquired', 'Confirmed', 'Started', 'Processed', 'Canceled', 'Optional', 'Requested'] as const;
const ADULTS = '1f67644f-052d-4863-acdf-ae1600c60ca0';

/** The 2023-06-06 wire object. */
export function reservationObject(r: ReservationRecord) {
  return {
    Id: r.Id, ServiceId: r.ServiceId, AccountId: r.AccountId, AccountType: r.AccountType,
    CreatorProfileId: r.ProfileId, UpdaterProfileId: r.ProfileId, BookerId: r.BookerId,
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
    CustomerId: r.BookerId, OwnerId: r.BookerId, CompanionIds: [r.BookerId], AdultCount: r.Adults, ChildCount: 0,
    CompanyId: r.AccountType === 'Company' ? r.AccountId : null,
  };
}

const overlaps = (start: number, end: number, iv: Interval | undefined) => !iv || (start < iv.end && end > iv.start);

export const getAllReservations: Operation = ({ body, store }) => {
  const lim = limitation(body);
  const enterpriseOk = enterpriseMatches(body);
  const ids = optGuids(body, 'ReservationIds');
  const services = optGuids(body, 'ServiceIds');
  const groups = optGuids(body, 'ReservationGroupIds');
  const accounts = optGuids(body, 'AccountIds');
  optGuids(body, 'PartnerCompanyIds', 100);
  optGuids(body, 'TravelAgencyIds', 100);
  optGuids(body, 'AvailabilityBlockIds', 100);
  optList(body, 'ChannelNumbers', { item: (v, p) => stringItem(v, p), max: 100 });
  const numbers = optList(body, 'Numbers', { item: (v, p) => stringItem(v, p) });
  const resources = optGuids(body, 'AssignedResourceIds');
  const at = optIntervals(body, [
    'CreatedUtc', 'UpdatedUtc', 'CollidingUtc', 'ScheduledStartUtc', 'ScheduledEndUtc', 'ActualStartUtc', 'ActualEndUtc',
  ]);
  if (at.ScheduledStartUtc && at.ActualStartUtc) throw invalid('ActualStartUtc', 'ActualStartUtc', 'cannot be used with ScheduledStartUtc');
  if (at.ScheduledEndUtc && at.ActualEndUtc) throw invalid('ActualEndUtc', 'ActualEndUtc', 'cannot be used with ScheduledEndUtc');
  const states = optList(body, 'States', { item: enumItem(SERVICE_ORDER_STATES) });
  const candidates = ids ?? (accounts ? store.reservationsByAccount.union(accounts)
    : numbers ? store.reservationsByNumber.union(numbers) : undefined);
  const page = store.reservations.page({
    count: lim.count, cursor: lim.cursor, ids: candidates,
    match: (r) =>
      enterpriseOk && r.DeletedUtc === null &&
      (!services || services.includes(r.ServiceId)) && (!groups || groups.includes(r.GroupId)) &&
      (!accounts || accounts.includes(r.AccountId) || accounts.includes(r.BookerId)) && (!numbers || numbers.includes(r.Number)) &&
      (!resources || (r.AssignedResourceId !== null && resources.includes(r.AssignedResourceId))) &&
      (!states || states.includes(r.State as (typeof SERVICE_ORDER_STATES)[number])) &&
      inInterval(r.CreatedUtc, at.CreatedUtc) && inInterval(r.UpdatedUtc, at.UpdatedUtc) &&
      overlaps(r.ScheduledStartUtc, r.ScheduledEndUtc, at.CollidingUtc) &&
      inInterval(r.ScheduledStartUtc, at.ScheduledStartUtc) && inInterval(r.ScheduledEndUtc, at.ScheduledEndUtc) &&
      stampedIn(r.ActualStartUtc, at.ActualStartUtc) && stampedIn(r.ActualEndUtc, at.ActualEndUtc),
  });
  return { Reservations: page.items.map(reservationObject), Cursor: page.cursor };
};
