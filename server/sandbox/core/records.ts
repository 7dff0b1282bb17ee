/**
 * The internal record shapes of the sandbox "Mews": epoch-ms timestamps and a soft-delete
 * marker, which operations turn into the documented wire objects.
 */
import type { BaseRecord } from './collection.ts';

/** A loyalty program (chain level). */
export interface ProgramRecord extends BaseRecord {
  ChainId: string;
  Name: string;
  Code: string;
  Type: string;
  Subscription: string;
}

/** A loyalty tier of one program. */
export interface TierRecord extends BaseRecord {
  LoyaltyProgramId: string;
  Name: string;
  Code: string;
  Ordering: number;
}

/** Mews "Profile data": who created or last changed a record. */
export interface ProfileData {
  Discriminator: 'Personal' | 'Enterprise' | 'Platform' | 'Static' | 'Integration';
  EnterpriseProfile: { ProfileId: string } | null;
}

/** A loyalty membership of one account (customer) in one program. */
export interface MembershipRecord extends BaseRecord {
  ChainId: string;
  AccountId: string;
  LoyaltyProgramId: string;
  State: string;
  IsPrimary: boolean;
  ProviderMembershipId: string | null;
  MembershipNumber: string | null;
  Points: number | null;
  ExpirationDate: number | null;
  Url: string | null;
  LoyaltyTierId: string | null;
  CreatorProfile: ProfileData | null;
  UpdaterProfile: ProfileData | null;
}

/**
 * A customer. The common fields are typed; anything else a client set through add/update
 * (Notes, Occupation, ...) lives in `extra`, so 100k seeded customers stay small in memory.
 */
export interface CustomerRecord extends BaseRecord {
  ChainId: string;
  Number: string;
  Title: string | null;
  Sex: string | null;
  FirstName: string | null;
  LastName: string;
  Email: string | null;
  Phone: string | null;
  NationalityCode: string | null;
  PreferredLanguageCode: string | null;
  BirthDate: string | null;
  LoyaltyCode: string | null;
  Classifications: string[];
  Options: string[];
  extra: Record<string, unknown> | null;
  CreatorProfileId: string;
  UpdaterProfileId: string;
}

/** Who owns a reservation or an order item (accounts.md#account-type). */
export type AccountType = 'Customer' | 'Company';

/** A reservation (2023-06-06 shape, internal timestamps in ms). */
export interface ReservationRecord extends BaseRecord {
  ServiceId: string;
  /** The owner: the guest (a customer), or a company that pays and owns the stay. */
  AccountId: string;
  AccountType: AccountType;
  /** The customer who booked; the staying guest when a company owns the reservation. */
  BookerId: string;
  Number: string;
  State: string;
  GroupId: string;
  RateId: string;
  RequestedResourceCategoryId: string;
  AssignedResourceId: string | null;
  ScheduledStartUtc: number;
  ScheduledEndUtc: number;
  ActualStartUtc: number | null;
  ActualEndUtc: number | null;
  CancelledUtc: number | null;
  Adults: number;
  ProfileId: string;
  /** The stay's bill; its items are closed on it at check-out. */
  BillId: string;
}

/** Order item types the sandbox produces (orderitems.md#order-item-type lists more). */
export type OrderItemType = 'SpaceOrder' | 'ProductOrder' | 'NightRebate';

/** Order item accounting state (orderitems.md#order-item-accounting-state). */
export type AccountingState = 'Open' | 'Closed' | 'Inactive' | 'Canceled';

/**
 * An order item of a reservation. Money is kept in integer euro cents of the **net** unit
 * price, so sums never drift; gross and tax are derived when the wire object is built.
 */
export interface OrderItemRecord extends BaseRecord {
  EnterpriseId: string;
  AccountId: string;
  AccountType: AccountType;
  ServiceId: string;
  /** The reservation (a service order). */
  ServiceOrderId: string;
  BillId: string;
  Type: OrderItemType;
  RevenueType: 'Service' | 'Product' | 'Additional';
  BillingName: string | null;
  UnitCount: number;
  /** Net unit amount in cents; negative for rebates. */
  UnitNetCents: number;
  AccountingState: AccountingState;
  ConsumedUtc: number;
  /** Start of the night (hotel midnight; a rebate keeps its night's), or the sale time of a product. */
  StartUtc: number;
  CanceledUtc: number | null;
  ClosedUtc: number | null;
  CanceledWithReservation: boolean;
  /** The product sold (nights sell the accommodation product); for a rebate, the rebated item's. */
  ProductId: string;
  /** Set on rebates: the item this one corrects. */
  RebatedItemId: string | null;
  ProfileId: string;
}
