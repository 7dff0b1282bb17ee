/**
 * What a stay earns: the arithmetic of lib/contract/earning.ts, in integers. Money is in cents
 * and rates in hundredths, so "0.1 points per euro on 2.30 €" is 23 × 10 / 10 000, exactly,
 * and rounding happens once, down, at the end (BigInt: a large stay × rate × multiplier can
 * pass 2^53).
 */
import type { EarningRules } from '../../../../lib/contract';
import type { MewsOrderItem } from '../../mews/connector-types';

/** The facts of a stay the rules need, from its order items. */
export interface StayFacts {
  nights: number;
  /** SpaceOrder items and their rebates, in cents. */
  space: { net: number; gross: number };
  /** ProductOrder items and their rebates, in cents. */
  products: { net: number; gross: number };
}

const cents = (value: number | null | undefined) => Math.round((value ?? 0) * 100);
const hundredths = cents;

const SPACE_TYPES = new Set(['SpaceOrder', 'NightRebate']);
const PRODUCT_TYPES = new Set(['ProductOrder', 'ProductOrderRebate']);

/**
 * Sums a stay's order items: canceled and inactive ones (optional reservations) earn nothing;
 * a rebate (negative amount) counts against what it rebates. Nights are the stay's SpaceOrder
 * units, complimentary (zero-priced or rebated) nights included: the guest stayed them.
 */
export function stayFactsOf(items: readonly MewsOrderItem[]): StayFacts {
  const facts: StayFacts = { nights: 0, space: { net: 0, gross: 0 }, products: { net: 0, gross: 0 } };
  for (const item of items) {
    if (item.AccountingState === 'Canceled' || item.AccountingState === 'Inactive') continue;
    const bucket = SPACE_TYPES.has(item.Type) ? facts.space : PRODUCT_TYPES.has(item.Type) ? facts.products : null;
    if (!bucket) continue;
    bucket.net += cents(item.Amount?.NetValue);
    bucket.gross += cents(item.Amount?.GrossValue);
    if (item.Type === 'SpaceOrder') facts.nights += item.UnitCount ?? 1;
  }
  return facts;
}

/** The revenue the rules count, in cents, never below zero. */
export function countedRevenue(rules: EarningRules, facts: StayFacts): number {
  const pick = (m: { net: number; gross: number }) => (rules.revenue === 'net' ? m.net : m.gross);
  return Math.max(0, pick(facts.space) + (rules.includeProducts ? pick(facts.products) : 0));
}

/** The multiplier of the member's tier (1 when the tier has none or there is no tier). */
export function tierMultiplier(rules: EarningRules, tierId: string | null | undefined): number {
  return (tierId ? rules.tierMultipliers[tierId] : undefined) ?? 1;
}

/** Points the stay earns under `rules` for a member of `tierId`. Never negative. */
export function stayPoints(rules: EarningRules, facts: StayFacts, tierId: string | null | undefined): number {
  if (facts.nights <= 0 || facts.nights < rules.minNights) return 0;
  // Everything in ten-thousandths of a point: cents × hundredths-of-a-point-per-unit.
  const base =
    BigInt(facts.nights) * BigInt(rules.perNight) * 10_000n +
    BigInt(countedRevenue(rules, facts)) * BigInt(hundredths(rules.perCurrencyUnit)) +
    BigInt(rules.perStay) * 10_000n;
  const points = (base * BigInt(hundredths(tierMultiplier(rules, tierId)))) / 1_000_000n;
  return Number(points > 0n ? points : 0n);
}
