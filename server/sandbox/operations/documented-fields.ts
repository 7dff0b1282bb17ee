/**
 * Every request property the docs list, per operation: the swagger's request schemas
 * (openapi/connector-api.openapi.yaml, all `additionalProperties: false`) joined with the newer
 * markdown (connector-api/operations/*.md), which adds `MembershipNumber(s)`. Deprecated
 * properties still in the docs (`Code`, `Codes`, `Documents`, identity documents) are accepted.
 * `LanguageCode` and `CultureCode` are optional on every request (guidelines/requests.md).
 */
import type { FieldShape } from '../core/known-fields.ts';

const V = 'value' as const;
const leaves = (...names: string[]): FieldShape => Object.fromEntries(names.map((n) => [n, V]));
/** An update-value wrapper `{ "Value": x }` (serialization.md). */
const update = (rule: 'value' | 'utc' = V): FieldShape => ({ Value: rule });
const updates = (...names: string[]): FieldShape => Object.fromEntries(names.map((n) => [n, update()]));

const REQUEST = leaves('ClientToken', 'AccessToken', 'Client', 'LanguageCode', 'CultureCode');
/** Time interval (_objects.md): both ends are date-times. */
const INTERVAL: FieldShape = { StartUtc: 'utc', EndUtc: 'utc' };
const LIMITATION = leaves('Count', 'Cursor');
const intervals = (...names: string[]): FieldShape => Object.fromEntries(names.map((n) => [n, INTERVAL]));
const paged = (shape: FieldShape): FieldShape => ({ ...REQUEST, ...shape, Limitation: LIMITATION });

const CUSTOMER_EXTENT = leaves('Customers', 'Addresses', 'Documents');
const ADDRESS = leaves('Line1', 'Line2', 'City', 'PostalCode', 'CountryCode', 'CountrySubdivisionCode');
const IDENTITY_DOCUMENT = leaves('Number', 'Expiration', 'Issuance', 'IssuingCountryCode', 'IssuingCountrySubdivisionCode', 'IssuingCity');
const CUSTOMER_FIELDS: FieldShape = {
  ...leaves('Title', 'FirstName', 'LastName', 'SecondLastName', 'NationalityCode', 'PreferredLanguageCode', 'Sex', 'BirthDate',
    'BirthCountryCode', 'BirthCountrySubdivisionCode', 'BirthPlace', 'Occupation', 'Email', 'Phone', 'LoyaltyCode', 'Notes',
    'CarRegistrationNumber', 'DietaryRequirements', 'TaxIdentificationNumber', 'CompanyId', 'Classifications', 'Options', 'ChainId'),
  Address: ADDRESS,
  IdentityCard: IDENTITY_DOCUMENT, Passport: IDENTITY_DOCUMENT, Visa: IDENTITY_DOCUMENT, DriversLicense: IDENTITY_DOCUMENT,
};
const ITALIAN_CODES = ['ItalianDestinationCode', 'ItalianFiscalCode', 'ItalianLotteryCode'];

const MEMBERSHIP_ADD: FieldShape = {
  ...leaves('AccountId', 'LoyaltyProgramId', 'IsPrimary', 'State', 'MembershipNumber', 'Code', 'Points', 'Url', 'LoyaltyTierId'),
  ExpirationDate: 'utc',
};
const MEMBERSHIP_UPDATE: FieldShape = {
  LoyaltyMembershipId: V,
  ...updates('LoyaltyProgramId', 'State', 'IsPrimary', 'MembershipNumber', 'Code', 'ProviderMembershipId', 'Points', 'Url', 'LoyaltyTierId'),
  ExpirationDate: update('utc'),
};

/** Operation path → the shape of its request body. */
export const DOCUMENTED_FIELDS: Readonly<Record<string, FieldShape>> = {
  'configuration/get': { ...REQUEST, EnterpriseId: V },
  'customers/getAll': paged({
    ...leaves('ChainIds', 'ActivityStates', 'CustomerIds', 'CompanyIds', 'Emails', 'FirstNames', 'LastNames', 'LoyaltyCodes'),
    ...intervals('CreatedUtc', 'UpdatedUtc', 'DeletedUtc'),
    Extent: CUSTOMER_EXTENT,
  }),
  'customers/search': { ...REQUEST, ...leaves('Name', 'ResourceId'), Extent: CUSTOMER_EXTENT },
  'customers/add': { ...REQUEST, ...CUSTOMER_FIELDS, ...leaves('OverwriteExisting', ...ITALIAN_CODES) },
  'customers/update': { ...REQUEST, ...CUSTOMER_FIELDS, CustomerId: V, ...updates(...ITALIAN_CODES) },
  'loyaltyPrograms/getAll': paged({ ...leaves('ChainIds', 'LoyaltyProgramIds', 'ActivityStates', 'Codes'), ...intervals('CreatedUtc', 'UpdatedUtc') }),
  'loyaltyPrograms/add': { ...REQUEST, ChainId: V, LoyaltyPrograms: [leaves('Name', 'Code', 'Type', 'Subscription')] },
  'loyaltyPrograms/update': { ...REQUEST, ChainId: V, LoyaltyProgramUpdates: [{ LoyaltyProgramId: V, ...updates('Name', 'Type', 'Subscription') }] },
  'loyaltyPrograms/delete': { ...REQUEST, LoyaltyProgramIds: V },
  'loyaltyTiers/getAll': paged({ ...leaves('ChainIds', 'LoyaltyProgramIds', 'LoyaltyTierIds', 'ActivityStates'), ...intervals('UpdatedUtc') }),
  'loyaltyTiers/add': { ...REQUEST, ChainId: V, LoyaltyTiers: [leaves('LoyaltyProgramId', 'Name', 'Code', 'Ordering')] },
  'loyaltyTiers/update': { ...REQUEST, LoyaltyTierUpdates: [{ LoyaltyTierId: V, ...updates('Name', 'Code', 'Ordering') }] },
  'loyaltyTiers/delete': { ...REQUEST, LoyaltyTierIds: V },
  'loyaltyMemberships/getAll': paged({
    ...leaves('ChainIds', 'LoyaltyMembershipIds', 'AccountIds', 'LoyaltyProgramIds', 'MembershipStates', 'ActivityStates',
      'MembershipNumbers', 'Codes', 'ProviderMembershipIds'),
    ...intervals('CreatedUtc', 'UpdatedUtc'),
  }),
  'loyaltyMemberships/add': { ...REQUEST, ChainId: V, LoyaltyMemberships: [MEMBERSHIP_ADD] },
  'loyaltyMemberships/update': { ...REQUEST, ChainId: V, LoyaltyMembershipUpdates: [MEMBERSHIP_UPDATE] },
  'loyaltyMemberships/delete': { ...REQUEST, ChainId: V, LoyaltyMembershipIds: V },
  'reservations/getAll/2023-06-06': paged({
    ...leaves('EnterpriseIds', 'ReservationIds', 'ServiceIds', 'ReservationGroupIds', 'AccountIds', 'PartnerCompanyIds', 'TravelAgencyIds',
      'Numbers', 'ChannelNumbers', 'AssignedResourceIds', 'AvailabilityBlockIds', 'States'),
    ...intervals('CreatedUtc', 'UpdatedUtc', 'CollidingUtc', 'ScheduledStartUtc', 'ActualStartUtc', 'ActualEndUtc', 'ScheduledEndUtc'),
  }),
  'orderItems/getAll': paged({
    ...leaves('EnterpriseIds', 'OrderItemIds', 'AccountIds', 'ServiceOrderIds', 'ServiceIds', 'BillIds', 'Currency', 'AccountingStates', 'Types'),
    ...intervals('CreatedUtc', 'UpdatedUtc', 'ConsumedUtc', 'CanceledUtc', 'ClosedUtc'),
  }),
};
