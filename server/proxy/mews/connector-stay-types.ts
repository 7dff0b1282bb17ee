/** The Connector API's shapes for stays (reservations.md, orderitems.md), as far as Keycard reads them. */
type Guid = string;

export interface MewsReservation {
  Id: Guid;
  AccountId: Guid;
  AccountType?: 'Customer' | 'Company';
  Number?: string;
  /** Inquired | Confirmed | Started | Processed (checked out) | Canceled | Optional | Requested. */
  State?: string;
  UpdatedUtc?: string;
  ActualStartUtc?: string | null;
  ActualEndUtc?: string | null;
  ScheduledStartUtc?: string;
  ScheduledEndUtc?: string;
}

/** The part of an Amount Keycard reads (orderitems.md: negative for a rebate or payment). */
export interface MewsAmount {
  Currency: string;
  NetValue: number;
  GrossValue: number;
}

/** An order item (orderitems.md), as far as stay points need it. */
export interface MewsOrderItem {
  Id: Guid;
  AccountId?: Guid | null;
  ServiceOrderId: Guid;
  UnitCount?: number;
  Amount: MewsAmount;
  /** Open | Closed | Inactive | Canceled. */
  AccountingState: string;
  /** SpaceOrder, ProductOrder, NightRebate, ProductOrderRebate, CityTax, … */
  Type: string;
  ClosedUtc?: string | null;
}

/** A Mews time filter (`_objects.md`): at most 3 months. */
export interface MewsInterval {
  StartUtc: string;
  EndUtc: string;
}
