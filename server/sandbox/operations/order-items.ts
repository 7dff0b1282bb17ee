/**
 * `orderItems/getAll` (operations/orderitems.md): the revenue of reservations, item by item.
 * Amounts are kept in euro cents (core/money.ts) and converted only here, on the way out.
 */
import { CURRENCY } from '../core/enterprise.ts';
import { MewsError } from '../core/errors.ts';
import { centsToValue, grossCents, TAX_RATE_CODE } from '../core/money.ts';
import type { OrderItemRecord } from '../core/records.ts';
import {
  enumItem, fail, inInterval, iso, isoOrNull, limitation, optGuids, optIntervals, optList, optString, stampedIn, type Json,
} from '../core/validate.ts';
import { enterpriseMatches, type Operation } from './context.ts';

/** Order item accounting state enum. */
export const ACCOUNTING_STATES = ['Open', 'Closed', 'Inactive', 'Canceled'] as const;

/** Order item type enum (the sandbox makes SpaceOrder, ProductOrder and NightRebate). */
export const ORDER_ITEM_TYPES = [
  'CancellationFee', 'NightRebate', 'ProductOrderRebate', 'AdditionalExpenseRebate', 'Deposit', 'ExchangeRateDifference',
  'CustomItem', 'ServiceCharge', 'CityTax', 'CityTaxDiscount', 'SpaceOrder', 'ProductOrder', 'Surcharge', 'TaxCorrection',
  'ResourceUpgradeFee', 'InvoiceFee', 'MulticurrencyFee', 'AllowanceDiscount', 'AllowanceBreakage', 'AllowanceContraBreakage',
] as const;

/**
 * Units of each enabled currency (configuration/get) per euro. The docs give no rates; a
 * fixed, round made-up one keeps conversions exact and predictable in tests.
 */
const RATES: Readonly<Record<string, number>> = { [CURRENCY]: 1, CZK: 25 };

/** The filters of which the docs require at least one ("required if no other filter is provided"). */
const MAIN_FILTERS = [
  'OrderItemIds', 'AccountIds', 'ServiceOrderIds', 'ServiceIds', 'BillIds',
  'CreatedUtc', 'UpdatedUtc', 'ConsumedUtc', 'CanceledUtc', 'ClosedUtc',
] as const;

/** An Amount object (`_objects.md#amount`) of `netCents` euro cents, in `currency`. */
function amountObject(netCents: number, currency: string) {
  const rate = RATES[currency]!;
  const net = netCents * rate;
  const tax = grossCents(netCents) * rate - net;
  return {
    Currency: currency, NetValue: centsToValue(net), GrossValue: centsToValue(net + tax),
    TaxValues: [{ Code: TAX_RATE_CODE, Value: centsToValue(tax) }],
    Breakdown: { Items: [{ TaxRateCode: TAX_RATE_CODE, NetValue: centsToValue(net), TaxValue: centsToValue(tax) }] },
  };
}

/** The Order item wire object; amounts in `currency` (OriginalAmount stays in euros, the source). */
export function orderItemObject(i: OrderItemRecord, currency: string = CURRENCY) {
  return {
    Id: i.Id, EnterpriseId: i.EnterpriseId, AccountId: i.AccountId, AccountType: i.AccountType, Notes: null,
    ServiceId: i.ServiceId, ServiceOrderId: i.ServiceOrderId, BillId: i.BillId, AccountingCategoryId: null,
    BillingName: i.BillingName, ExternalIdentifier: null, UnitCount: i.UnitCount,
    UnitAmount: amountObject(i.UnitNetCents, currency), Amount: amountObject(i.UnitNetCents * i.UnitCount, currency),
    OriginalAmount: amountObject(i.UnitNetCents * i.UnitCount, CURRENCY),
    RevenueType: i.RevenueType, CreatorProfileId: i.ProfileId, UpdaterProfileId: i.ProfileId,
    CreatedUtc: iso(i.CreatedUtc), UpdatedUtc: iso(i.UpdatedUtc), ConsumedUtc: iso(i.ConsumedUtc),
    CanceledUtc: isoOrNull(i.CanceledUtc), ClosedUtc: isoOrNull(i.ClosedUtc), StartUtc: iso(i.StartUtc), ClaimedUtc: null,
    AccountingState: i.AccountingState, Type: i.Type,
    Options: { CanceledWithReservation: i.CanceledWithReservation },
    Data: i.RebatedItemId !== null
      ? { Discriminator: 'Rebate', Rebate: { ProductId: i.ProductId, RebatedItemId: i.RebatedItemId }, Product: null }
      : { Discriminator: 'Product', Rebate: null, Product: { ProductId: i.ProductId, AgeCategoryId: null, ProductType: 'Product' } },
    TaxExemptionReason: null, TaxExemptionLegalReference: null,
  };
}

/** `Currency`: an enabled currency of the enterprise, or the default when omitted. */
function currencyOf(body: Json): string {
  const c = optString(body, 'Currency');
  if (c === undefined) return CURRENCY;
  if (!Object.hasOwn(RATES, c)) fail('Currency', `must be an enabled currency of the enterprise: ${Object.keys(RATES).join(', ')}`);
  return c;
}

export const getAllOrderItems: Operation = ({ body, store }) => {
  const lim = limitation(body);
  const enterpriseOk = enterpriseMatches(body);
  const ids = optGuids(body, 'OrderItemIds');
  const accounts = optGuids(body, 'AccountIds', 100);
  const orders = optGuids(body, 'ServiceOrderIds');
  const services = optGuids(body, 'ServiceIds');
  const bills = optGuids(body, 'BillIds');
  const at = optIntervals(body, ['CreatedUtc', 'UpdatedUtc', 'ConsumedUtc', 'CanceledUtc', 'ClosedUtc']);
  const currency = currencyOf(body);
  const states = optList(body, 'AccountingStates', { item: enumItem(ACCOUNTING_STATES) });
  const types = optList(body, 'Types', { item: enumItem(ORDER_ITEM_TYPES) });
  if (MAIN_FILTERS.every((key) => body[key] === undefined || body[key] === null)) {
    throw new MewsError(400, `At least one of ${MAIN_FILTERS.join(', ')} is required.`,
      'orderItems/getAll needs a filter besides EnterpriseIds, Currency, AccountingStates and Types.');
  }
  // The narrowest index at hand picks the candidates; `match` applies every filter anyway.
  // An account's items hang off its reservations (owned or booked; match keeps the owned).
  const candidates = ids ?? (orders ? store.itemsByReservation.union(orders)
    : accounts ? store.itemsByReservation.union(store.reservationsByAccount.union(accounts)) : undefined);
  const page = store.orderItems.page({
    count: lim.count, cursor: lim.cursor, ids: candidates,
    match: (i) =>
      enterpriseOk && (!accounts || accounts.includes(i.AccountId)) && (!orders || orders.includes(i.ServiceOrderId)) &&
      (!services || services.includes(i.ServiceId)) && (!bills || bills.includes(i.BillId)) &&
      inInterval(i.CreatedUtc, at.CreatedUtc) && inInterval(i.UpdatedUtc, at.UpdatedUtc) && inInterval(i.ConsumedUtc, at.ConsumedUtc) &&
      stampedIn(i.CanceledUtc, at.CanceledUtc) && stampedIn(i.ClosedUtc, at.ClosedUtc) &&
      (!states || states.includes(i.AccountingState)) && (!types || types.includes(i.Type)),
  });
  return { OrderItems: page.items.map((i) => orderItemObject(i, currency)), Cursor: page.cursor };
};
