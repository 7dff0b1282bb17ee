/**
 * `configuration/get`: the enterprise behind the token, with the chain id, time zone and
 * currencies that clients need before any loyalty call (FACTS.md §13).
 */
import { CURRENCY } from '../core/seed.ts';
import { configuredEnterprise, HOME_ENTERPRISE, type SandboxEnterprise } from '../core/portfolio.ts';
import { iso } from '../core/validate.ts';
import type { Operation } from './context.ts';

const ADDRESS_ID = 'c5a4e3d2-1b0a-4f9e-8d7c-6b5a4f3e2d10';
const CREATED = Date.UTC(2024, 0, 2, 8, 0, 0);

/** The enterprise object as `configuration/get` returns it (the token's own by default). */
export function enterpriseObject(e: SandboxEnterprise = HOME_ENTERPRISE) {
  return {
    Id: e.id,
    ExternalIdentifier: null,
    HoldingKey: null,
    ChainId: e.chainId,
    ChainName: e.chainName,
    CreatedUtc: iso(CREATED),
    UpdatedUtc: iso(CREATED),
    Name: e.name,
    ShortName: e.shortName,
    TimeZoneIdentifier: e.timeZone,
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
    IsPortfolio: e.isPortfolio,
  };
}

/**
 * `configuration/get {EnterpriseId?}`: an enterprise outside the token's scope is a 400 like any
 * unknown id; a portfolio token without `EnterpriseId` gets the portfolio's dummy (core/portfolio.ts).
 */
export const getConfiguration: Operation = ({ body, now, behaviour }) => {
  const enterprise = configuredEnterprise(body, behaviour);
  return {
    NowUtc: iso(Math.floor(now() / 1000) * 1000),
    Enterprise: enterpriseObject(enterprise),
    Service: null,
    PaymentCardStorage: null,
    IsIdentityDocumentNumberRequired: false,
  };
};
