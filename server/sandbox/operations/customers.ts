/**
 * `customers/getAll|search|add|update` (operations/customers.md, FACTS §12).
 * add/update take plain values (a blank field never clears anything); only the Italian codes
 * on update are update-value wrappers. Every add/update emits a general-webhook event.
 */
import { forbidden, invalid } from '../core/errors.ts';
import { chainFilter, writeChain, inWriteChain } from '../core/portfolio.ts';
import { bump } from '../core/collection.ts';
import type { CustomerRecord } from '../core/records.ts';
import type { Store } from '../core/store.ts';
import {
  activityStates, enumItem, fail, guidItem, inInterval, iso, limitation, objectItem, optBool,
  optEnum, optGuid, optInterval, optList, optString, reqBool, reqGuid, reqString, stringItem, updateValue, type Json,
} from '../core/validate.ts';
import type { Operation } from './context.ts';
import { reservationObject2017 } from './reservations.ts';

export const TITLES = ['Mister', 'Miss', 'Misses'] as const;
export const SEXES = ['Male', 'Female'] as const;
export const CLASSIFICATIONS = ['None', 'PaymasterAccount', 'Blacklist', 'Media', 'LoyaltyProgram', 'PreviousComplaint',
  'Returning', 'Staff', 'FriendOrFamily', 'TopManagement', 'Important', 'VeryImportant', 'Problematic', 'Cashlist',
  'DisabledPerson', 'Military', 'Airline', 'HealthCompliant', 'InRoom', 'WaitingForRoom', 'Student', 'Blocklist'] as const;
export const OPTIONS = ['None', 'SendMarketingEmails', 'Invoiceable', 'BillAddressObjection', 'SendMarketingPostalMail',
  'SendPartnerMarketingEmails', 'SendPartnerMarketingPostalMail', 'WithdrawCardConsent', 'GuestPhotoConsent', 'IdPhotosConsent'] as const;
/** Optional plain-string fields kept in `extra` (max lengths where the docs give one). */
const EXTRA_FIELDS: Record<string, number | undefined> = {
  SecondLastName: undefined, BirthCountryCode: undefined, BirthCountrySubdivisionCode: undefined, BirthPlace: undefined,
  Occupation: undefined, TaxIdentificationNumber: undefined, Notes: undefined, CarRegistrationNumber: 255,
  DietaryRequirements: 255,
};
const ITALIAN = { ItalianDestinationCode: undefined, ItalianFiscalCode: undefined, ItalianLotteryCode: 15 } as const;
/** The profile id recorded for writes made through the API. */
const INTEGRATION_PROFILE_ID = '0b5e9c4a-6d1f-4e2b-9a37-c8d1e2f3a4b5';
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** The documented Customer wire object. */
export function customerObject(c: CustomerRecord) {
  const x = c.extra ?? {};
  const get = (k: string) => (x[k] as string | undefined) ?? null;
  return {
    Id: c.Id, ChainId: c.ChainId, Number: c.Number, Title: c.Title, Sex: c.Sex, FirstName: c.FirstName,
    LastName: c.LastName, SecondLastName: get('SecondLastName'), NationalityCode: c.NationalityCode,
    PreferredLanguageCode: c.PreferredLanguageCode, LanguageCode: c.PreferredLanguageCode, BirthDate: c.BirthDate,
    BirthCountryCode: get('BirthCountryCode'), BirthCountrySubdivisionCode: get('BirthCountrySubdivisionCode'),
    BirthPlace: get('BirthPlace'), Occupation: get('Occupation'), Email: c.Email, HasOtaEmail: false, Phone: c.Phone,
    TaxIdentificationNumber: get('TaxIdentificationNumber'), LoyaltyCode: c.LoyaltyCode, AccountingCode: null,
    BillingCode: null, Notes: get('Notes'), CarRegistrationNumber: get('CarRegistrationNumber'),
    DietaryRequirements: get('DietaryRequirements'), CreatedUtc: iso(c.CreatedUtc), UpdatedUtc: iso(c.UpdatedUtc),
    AddressId: null, Classifications: c.Classifications, Options: c.Options,
    ItalianDestinationCode: get('ItalianDestinationCode'), ItalianFiscalCode: get('ItalianFiscalCode'),
    ItalianLotteryCode: get('ItalianLotteryCode'), CompanyId: null, MergeTargetId: null,
    IsActive: c.DeletedUtc === null, PreferredSpaceFeatures: [], CreatorProfileId: c.CreatorProfileId,
    UpdaterProfileId: c.UpdaterProfileId, ActivityState: c.DeletedUtc === null ? 'Active' : 'Deleted',
  };
}

const strings = (body: Json, key: string) => optList(body, key, { item: (v, p) => stringItem(v, p) });
const lower = (s: string | null) => (s ?? '').toLocaleLowerCase();

export const getAllCustomers: Operation = ({ body, store, behaviour }) => {
  const lim = limitation(body);
  const extent = objectItem(body.Extent ?? fail('Extent', 'required'), 'Extent');
  const withCustomers = optBool(extent, 'Customers', 'Extent.Customers') ?? false;
  // "Required when using Portfolio Access Tokens" (customers.md).
  const inChain = chainFilter(body, behaviour, true);
  const created = optInterval(body, 'CreatedUtc');
  const updated = optInterval(body, 'UpdatedUtc');
  const deleted = optInterval(body, 'DeletedUtc');
  const states = activityStates(body, behaviour.absentActivityStates);
  const ids = optList(body, 'CustomerIds', { item: guidItem });
  const companies = optList(body, 'CompanyIds', { item: guidItem, max: 1 });
  const emails = strings(body, 'Emails')?.map((e) => e.toLocaleLowerCase());
  const firsts = strings(body, 'FirstNames')?.map((e) => e.toLocaleLowerCase());
  const lasts = strings(body, 'LastNames')?.map((e) => e.toLocaleLowerCase());
  const loyaltyCodes = strings(body, 'LoyaltyCodes');
  if (!ids && !created && !updated && !deleted && !companies && !emails && !firsts && !lasts && !loyaltyCodes) {
    fail('CustomerIds', 'required if no other filter is provided');
  }
  const page = store.customers.page({
    count: lim.count, cursor: lim.cursor, ids: ids ?? (emails ? store.customersByEmail.union(emails) : undefined),
    match: (c) =>
      inChain(c.ChainId) && !companies && states.has(c.DeletedUtc === null ? 'Active' : 'Deleted') &&
      inInterval(c.CreatedUtc, created) && inInterval(c.UpdatedUtc, updated) &&
      (!deleted || (c.DeletedUtc !== null && inInterval(c.DeletedUtc, deleted))) &&
      (!emails || emails.includes(lower(c.Email))) && (!firsts || firsts.includes(lower(c.FirstName))) &&
      (!lasts || lasts.includes(lower(c.LastName))) &&
      (!loyaltyCodes || (c.LoyaltyCode !== null && loyaltyCodes.includes(c.LoyaltyCode))),
  });
  return { Customers: withCustomers ? page.items.map(customerObject) : [], Documents: null, Cursor: page.cursor };
};

const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLocaleLowerCase();

/** Search covers only guests in the house right now (Started reservations), as in Mews. */
export const searchCustomers: Operation = ({ body, store }) => {
  const name = optString(body, 'Name');
  const resourceId = optGuid(body, 'ResourceId');
  if (body.Extent !== undefined && body.Extent !== null) objectItem(body.Extent, 'Extent');
  const needle = name === undefined ? undefined : fold(name.trim());
  const out: { Customer: ReturnType<typeof customerObject>; Reservation: ReturnType<typeof reservationObject2017> }[] = [];
  for (const r of store.reservations.all()) {
    if (r.State !== 'Started' || r.DeletedUtc !== null) continue;
    if (resourceId !== undefined && r.AssignedResourceId !== resourceId) continue;
    // The guest in the house: the owner, or the booker of a company-owned stay.
    const c = store.customers.get(r.BookerId);
    if (!c || c.DeletedUtc !== null) continue;
    if (needle !== undefined) {
      const full = fold(`${c.FirstName ?? ''} ${c.LastName}`);
      if (!full.includes(needle) && !fold(`${c.LastName} ${c.FirstName ?? ''}`).includes(needle)) continue;
    }
    out.push({ Customer: customerObject(c), Reservation: reservationObject2017(r) });
  }
  return { Customers: out, Documents: null };
};

/** Reads the plain-value fields shared by add and update; undefined = not sent (or blank). */
function readFields(body: Json) {
  const s = (key: string, max?: number) => {
    const v = optString(body, key, key, max);
    return v === undefined || v.trim() === '' ? undefined : v;
  };
  const email = s('Email');
  if (email !== undefined && !EMAIL.test(email)) fail('Email', 'not an email address');
  const companyId = optGuid(body, 'CompanyId');
  if (companyId !== undefined) throw invalid('CompanyId', 'CompanyId', 'unknown company');
  if (body.Address !== undefined && body.Address !== null) objectItem(body.Address, 'Address');
  const extras: Record<string, string> = {};
  for (const [k, max] of Object.entries(EXTRA_FIELDS)) {
    const v = s(k, max);
    if (v !== undefined) extras[k] = v;
  }
  const list = <T extends string>(key: string, values: readonly T[]) => {
    const v = body[key];
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v)) fail(key, 'must be an array');
    return v.map((x, i) => enumItem(values)(x, `${key}[${i}]`));
  };
  return {
    Title: optEnum(body, 'Title', TITLES), Sex: optEnum(body, 'Sex', SEXES), FirstName: s('FirstName'),
    LastName: s('LastName'), NationalityCode: s('NationalityCode'), PreferredLanguageCode: s('PreferredLanguageCode'),
    BirthDate: s('BirthDate'), Email: email, Phone: s('Phone'), LoyaltyCode: s('LoyaltyCode'), extras,
    Classifications: list('Classifications', CLASSIFICATIONS), Options: list('Options', OPTIONS),
  };
}

type Fields = ReturnType<typeof readFields>;

function apply(store: Store, c: CustomerRecord, f: Fields): void {
  for (const k of ['Title', 'Sex', 'FirstName', 'LastName', 'NationalityCode', 'PreferredLanguageCode', 'BirthDate', 'Phone', 'LoyaltyCode'] as const) {
    const v = f[k];
    if (v !== undefined) (c as unknown as Record<string, unknown>)[k] = v;
  }
  if (f.Email !== undefined) store.setCustomerEmail(c, f.Email);
  if (f.Classifications) c.Classifications = f.Classifications;
  if (f.Options) c.Options = f.Options;
  if (Object.keys(f.extras).length) c.extra = { ...(c.extra ?? {}), ...f.extras };
}

function emailOwner(store: Store, email: string, except?: string): CustomerRecord | undefined {
  for (const id of store.customersByEmail.get(email.toLocaleLowerCase())) {
    const c = store.customers.get(id);
    if (c && c.DeletedUtc === null && c.Id !== except) return c;
  }
  return undefined;
}

export const addCustomer: Operation = ({ body, store, now, effects, behaviour }) => {
  const chainId = writeChain(body, behaviour);
  reqString(body, 'LastName');
  const overwrite = reqBool(body, 'OverwriteExisting');
  const f = readFields(body);
  const italian: Record<string, string> = {};
  for (const [k, max] of Object.entries(ITALIAN)) {
    const v = optString(body, k, k, max);
    if (v !== undefined && v !== '') italian[k] = v;
  }
  const t = now();
  const existing = f.Email === undefined ? undefined : emailOwner(store, f.Email);
  if (existing) {
    if (!overwrite) throw forbidden('A guest profile with this email already exists.', 'Email');
    apply(store, existing, f);
    existing.UpdatedUtc = bump(existing.UpdatedUtc, t);
    effects.customerEvent('CustomerUpdated', existing.Id);
    return customerObject(existing);
  }
  const last = store.customers.all();
  const maxNumber = last.length ? Number(last[last.length - 1]!.Number) : 100_000;
  const c: CustomerRecord = {
    Id: crypto.randomUUID(), ChainId: chainId, Number: String(Math.max(maxNumber, store.customers.size + 100_000) + 1),
    Title: null, Sex: null, FirstName: null, LastName: f.LastName ?? '', Email: null, Phone: null, NationalityCode: null,
    PreferredLanguageCode: null, BirthDate: null, LoyaltyCode: null, Classifications: [], Options: [],
    extra: Object.keys(italian).length ? italian : null, CreatorProfileId: INTEGRATION_PROFILE_ID,
    UpdaterProfileId: INTEGRATION_PROFILE_ID, CreatedUtc: t, UpdatedUtc: t, DeletedUtc: null,
  };
  apply(store, c, f);
  store.addCustomer(c);
  effects.customerEvent('CustomerAdded', c.Id);
  effects.customerEvent('CustomerUpdated', c.Id);
  return customerObject(c);
};

export const updateCustomer: Operation = ({ body, store, now, effects, behaviour }) => {
  const chainId = writeChain(body, behaviour);
  const id = reqGuid(body, 'CustomerId');
  const c = store.customers.get(id);
  if (!c || c.DeletedUtc !== null) throw invalid('CustomerId', 'CustomerId', 'unknown customer');
  inWriteChain(c, chainId, 'CustomerId', 'CustomerId');
  const f = readFields(body);
  const italian = Object.entries(ITALIAN).map(([k, max]) =>
    [k, updateValue(body, k, k, { nullable: true, item: (x, p) => stringItem(x, p, max, true) })] as const);
  if (f.Email !== undefined && emailOwner(store, f.Email, c.Id)) {
    throw forbidden('Another guest profile already uses this email.', 'Email');
  }
  apply(store, c, f);
  for (const [k, u] of italian) {
    if (!u.set) continue;
    const extra = { ...(c.extra ?? {}) };
    if (u.value === null) delete extra[k];
    else extra[k] = u.value;
    c.extra = extra;
  }
  c.UpdaterProfileId = INTEGRATION_PROFILE_ID;
  c.UpdatedUtc = bump(c.UpdatedUtc, now());
  effects.customerEvent('CustomerUpdated', c.Id);
  return customerObject(c);
};
