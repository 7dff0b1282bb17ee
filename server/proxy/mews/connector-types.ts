/**
 * The Mews Connector API shapes the proxy uses (PascalCase, as Mews sends them), typed per
 * operation. Only the fields Keycard reads or writes are listed; Mews sends more.
 * Source: shared/mews-reference/connector-api/operations/*.md (see FACTS.md).
 */
import type { MewsInterval, MewsOrderItem, MewsReservation } from './connector-stay-types';
export type * from './connector-stay-types';

export type Guid = string;
/** ISO 8601 UTC, `YYYY-MM-DDThh:mm:ssZ`. */
export type UtcString = string;

/** Half-open `[StartUtc, EndUtc)`, at most 3 months long. */
export interface TimeInterval {
  StartUtc: UtcString;
  EndUtc: UtcString;
}

/** Cursor pagination: `Count` 1..1000; a null cursor starts from the newest items. */
export interface Limitation {
  Count: number;
  Cursor?: string | null;
}

export type ActivityState = 'Active' | 'Deleted';
export type MewsMembershipState = 'New' | 'Pending' | 'Enrolled' | 'Canceled' | 'Declined';

/** `{Value: x}` sets a property, absent/null leaves it unchanged. */
export interface UpdateValue<T> {
  Value: T;
}

/** Standard error body of every failed call. */
export interface MewsErrorBody {
  Message?: string | null;
  RequestId?: string | null;
  Details?: unknown;
}

export interface MewsLoyaltyMembership {
  Id: Guid;
  ChainId: Guid;
  AccountId: Guid;
  LoyaltyProgramId: Guid;
  State: MewsMembershipState;
  IsPrimary: boolean;
  ProviderMembershipId?: string | null;
  MembershipNumber?: string | null;
  /** @deprecated echoed by Mews; use MembershipNumber. */
  Code?: string | null;
  Points?: number | null;
  ExpirationDate?: UtcString | null;
  Url?: string | null;
  LoyaltyTierId?: Guid | null;
  /** Not in the documented object; the sandbox (and maybe Mews) may send it. */
  UpdatedUtc?: UtcString | null;
  ActivityState?: ActivityState | null;
  IsActive?: boolean | null;
}

export interface MewsLoyaltyProgram {
  Id: Guid;
  ChainId: Guid;
  Name: string;
  Code: string;
  Type: 'Hotel' | 'ExternalPartner' | 'SoftBrand' | 'Unknown';
  Subscription: 'Free' | 'Paid';
}

export interface MewsLoyaltyTier {
  Id: Guid;
  LoyaltyProgramId: Guid;
  Name: string;
  Code: string;
  Ordering: number;
}

export interface MewsCustomer {
  Id: Guid;
  ChainId?: Guid;
  Number?: string;
  FirstName?: string | null;
  LastName: string;
  Email?: string | null;
  CreatedUtc?: UtcString;
  UpdatedUtc?: UtcString;
  ActivityState?: ActivityState | null;
  IsActive?: boolean;
  MergeTargetId?: Guid | null;
}

export interface MewsEnterprise {
  Id: Guid;
  ChainId: Guid;
  ChainName?: string | null;
  Name: string;
  TimeZoneIdentifier: string;
  Currencies?: { Currency: string; IsDefault: boolean; IsEnabled: boolean }[];
  DefaultLanguageCode?: string;
  Pricing?: 'Gross' | 'Net';
  IsPortfolio?: boolean;
}

export interface LoyaltyMembershipsGetAllRequest {
  ChainIds?: Guid[];
  CreatedUtc?: TimeInterval;
  UpdatedUtc?: TimeInterval;
  LoyaltyMembershipIds?: Guid[];
  AccountIds?: Guid[];
  LoyaltyProgramIds?: Guid[];
  MembershipStates?: MewsMembershipState[];
  /**
   * Required here though optional in Mews: the docs do not say what an omitted filter returns
   * (active only, or deleted too), so Keycard always says which it means.
   */
  ActivityStates: ActivityState[];
  MembershipNumbers?: string[];
  ProviderMembershipIds?: string[];
  Limitation: Limitation;
}

export interface LoyaltyMembershipsPage {
  LoyaltyMemberships: MewsLoyaltyMembership[];
  Cursor?: string | null;
}

export interface LoyaltyMembershipAddParameters {
  AccountId: Guid;
  LoyaltyProgramId: Guid;
  IsPrimary: boolean;
  State?: MewsMembershipState;
  MembershipNumber?: string;
  Points?: number;
  ExpirationDate?: UtcString;
  Url?: string;
  LoyaltyTierId?: Guid;
}

export interface LoyaltyMembershipUpdateParameters {
  LoyaltyMembershipId: Guid;
  /** Moves the membership to another program of the same chain. */
  LoyaltyProgramId?: UpdateValue<Guid>;
  State?: UpdateValue<MewsMembershipState>;
  IsPrimary?: UpdateValue<boolean>;
  MembershipNumber?: UpdateValue<string | null>;
  Points?: UpdateValue<number | null>;
  ExpirationDate?: UpdateValue<UtcString | null>;
  Url?: UpdateValue<string | null>;
  LoyaltyTierId?: UpdateValue<Guid | null>;
}

export interface CustomersGetAllRequest {
  ChainIds?: Guid[];
  CreatedUtc?: TimeInterval;
  UpdatedUtc?: TimeInterval;
  Extent: { Customers?: boolean; Addresses?: boolean };
  ActivityStates?: ActivityState[];
  CustomerIds?: Guid[];
  Emails?: string[];
  FirstNames?: string[];
  LastNames?: string[];
  Limitation: Limitation;
}

/** Every operation Keycard calls: request body (without the tokens) and response. */
export interface MewsOperations {
  'configuration/get': {
    request: { EnterpriseId?: Guid };
    response: { NowUtc?: UtcString; Enterprise: MewsEnterprise };
  };
  'loyaltyMemberships/getAll': { request: LoyaltyMembershipsGetAllRequest; response: LoyaltyMembershipsPage };
  'loyaltyMemberships/add': {
    request: { LoyaltyMemberships: LoyaltyMembershipAddParameters[]; ChainId?: Guid };
    response: LoyaltyMembershipsPage;
  };
  'loyaltyMemberships/update': {
    request: { LoyaltyMembershipUpdates: LoyaltyMembershipUpdateParameters[]; ChainId?: Guid };
    response: LoyaltyMembershipsPage;
  };
  'loyaltyPrograms/getAll': {
    request: {
      ChainIds?: Guid[];
      LoyaltyProgramIds?: Guid[];
      ActivityStates?: ActivityState[];
      Codes?: string[];
      Limitation: Limitation;
    };
    response: { LoyaltyPrograms: MewsLoyaltyProgram[]; Cursor?: string | null };
  };
  'loyaltyMemberships/delete': {
    request: { LoyaltyMembershipIds: Guid[]; ChainId?: Guid };
    response: Record<string, never>;
  };
  'loyaltyPrograms/add': {
    request: { LoyaltyPrograms: Pick<MewsLoyaltyProgram, 'Name' | 'Code' | 'Type' | 'Subscription'>[]; ChainId?: Guid };
    response: { LoyaltyPrograms: MewsLoyaltyProgram[] };
  };
  'loyaltyPrograms/update': {
    request: {
      LoyaltyProgramUpdates: {
        LoyaltyProgramId: Guid;
        Name?: UpdateValue<string>;
        Type?: UpdateValue<MewsLoyaltyProgram['Type']>;
        Subscription?: UpdateValue<MewsLoyaltyProgram['Subscription']>;
      }[];
      ChainId?: Guid;
    };
    response: { LoyaltyPrograms: MewsLoyaltyProgram[] };
  };
  'loyaltyPrograms/delete': {
    request: { LoyaltyProgramIds: Guid[] };
    response: Record<string, never>;
  };
  'loyaltyTiers/add': {
    request: { LoyaltyTiers: Omit<MewsLoyaltyTier, 'Id'>[]; ChainId?: Guid };
    response: { LoyaltyTiers: MewsLoyaltyTier[] };
  };
  /** Update and delete take no ChainId (FACTS §10). */
  'loyaltyTiers/update': {
    request: {
      LoyaltyTierUpdates: { LoyaltyTierId: Guid; Name?: UpdateValue<string>; Code?: UpdateValue<string>; Ordering?: UpdateValue<number> }[];
    };
    response: { LoyaltyTiers: MewsLoyaltyTier[] };
  };
  'loyaltyTiers/delete': {
    request: { LoyaltyTierIds: Guid[] };
    response: Record<string, never>;
  };
  'loyaltyTiers/getAll': {
    request: {
      LoyaltyProgramIds: Guid[];
      ChainIds?: Guid[];
      LoyaltyTierIds?: Guid[];
      ActivityStates?: ActivityState[];
      Limitation: Limitation;
    };
    response: { LoyaltyTiers: MewsLoyaltyTier[]; Cursor?: string | null };
  };
  'customers/getAll': {
    request: CustomersGetAllRequest;
    response: { Customers: MewsCustomer[]; Cursor?: string | null };
  };
  'reservations/getAll/2023-06-06': {
    request: {
      ReservationIds?: Guid[];
      AccountIds?: Guid[];
      EnterpriseIds?: Guid[];
      UpdatedUtc?: MewsInterval;
      ActualEndUtc?: MewsInterval;
      States?: string[];
      Limitation: Limitation;
    };
    response: { Reservations: MewsReservation[]; Cursor?: string | null };
  };
  'orderItems/getAll': {
    request: { ServiceOrderIds?: Guid[]; UpdatedUtc?: MewsInterval; Types?: string[]; Currency?: string; Limitation: Limitation };
    response: { OrderItems: MewsOrderItem[]; Cursor?: string | null };
  };
}

export type MewsOperation = keyof MewsOperations;
export type MewsRequest<Op extends MewsOperation> = MewsOperations[Op]['request'];
export type MewsResponse<Op extends MewsOperation> = MewsOperations[Op]['response'];

/** Writes change Mews state: never retried blindly (only via the ledger's idempotent path). */
export function isWriteOperation(op: string): boolean {
  const action = op.split('/')[1] ?? '';
  return ['add', 'update', 'delete', 'merge', 'set', 'close', 'cancel'].includes(action) || action.startsWith('add');
}
