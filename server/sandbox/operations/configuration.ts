/**
 * `configuration/get`: the enterprise behind the token, with the chain id, time zone and
 * currencies that clients need before any loyalty call (FACTS.md §13).
 */
import { invalid } from '../core/errors.ts';
import { CHAIN_ID, CHAIN_NAME, CURRENCY, ENTERPRISE_ID, ENTERPRISE_NAME, TIME_ZONE } from '../core/seed.ts';
import { iso, optGuid } from '../core/validate.ts';
import type { Operation } from './context.ts';

const ADDRESS_ID = 'c5a4e3d2-1b0a-4f9e-8d7c-6b5a4f3e2d10';
const CREATED = Date.UTC(2024, 0, 2, 8, 0, 0);

/** The enterprise object as `configuration/get` returns it. */
export function enterpriseObject() {
  return {
    Id: ENTERPRISE_ID,
    ExternalIdentifier: null,
    HoldingKey: null,
    ChainId: CHAIN_ID,
    ChainName: CHAIN_NAME,
    CreatedUtc: iso(CREATED),
    UpdatedUtc: iso(CREATED),
    Name: ENTERPRISE_NAME,
    ShortName: 'ZlataHv',
    TimeZoneIdentifier: TIME_ZONE,
    LegalEnvironmentCode: 'CZ',
    AccommodationEnvironmentCode: 'CZ',
    AccountingEnvironmentCode: 'CZ',
    TaxEnvironmentCode: 'CZ-2024',
    DefaultLanguageCode: 'en-US',
    AccountingEditableHistoryInterval: 'P0Y0M7DT0H0M0S',
    OperationalEditableHistoryInterval: 'P0Y0M7DT0H0M0S',
    EditableHistoryInterval: 'P0Y0M7DT0H0M0S',
    BusinessDayClosingOffset: null,
    WebsiteUrl: 'https://hotel.example.com',
    Email: 'frontdesk@hotel.example.com',
    Phone: '+420 222 000 111',
    LogoImageId: null,
    CoverImageId: null,
    Pricing: 'Gross',
    TaxPrecision: null,
    AddressId: ADDRESS_ID,
    Address: {
      Id: ADDRESS_ID, Line1: 'Karlova 1', Line2: null, City: 'Praha', PostalCode: '110 00',
      CountryCode: 'CZ', CountrySubdivisionCode: null, Latitude: 50.0855, Longitude: 14.4175,
    },
    GroupNames: [],
    Subscription: { TaxIdentifier: null },
    Currencies: [
      { Currency: CURRENCY, IsDefault: true, IsEnabled: true },
      { Currency: 'CZK', IsDefault: false, IsEnabled: true },
    ],
    AccountingConfiguration: null,
    IsPortfolio: false,
  };
}

/** `configuration/get {EnterpriseId?}`: another enterprise's id is a 400 like any unknown id. */
export const getConfiguration: Operation = ({ body, now }) => {
  const id = optGuid(body, 'EnterpriseId');
  if (id !== undefined && id !== ENTERPRISE_ID) throw invalid('EnterpriseId', 'EnterpriseId', 'not in the scope of this token');
  return {
    NowUtc: iso(Math.floor(now() / 1000) * 1000),
    Enterprise: enterpriseObject(),
    Service: null,
    PaymentCardStorage: null,
    IsIdentityDocumentNumberRequired: false,
  };
};
