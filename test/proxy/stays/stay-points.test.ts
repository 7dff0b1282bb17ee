/** The stay arithmetic of lib/contract/earning.ts: examples as documented, then properties. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EarningRules } from '../../../lib/contract';
import type { MewsOrderItem } from '../../../server/proxy/mews/connector-types';
import { stayFactsOf, stayPoints, type StayFacts } from '../../../server/proxy/loyalty/stays/stay-points';

const RULES: EarningRules = {
  perNight: 10, perCurrencyUnit: 0.1, revenue: 'gross', includeProducts: false,
  perStay: 50, minNights: 1, tierMultipliers: { gold: 1.5 },
};

let n = 0;
const item = (type: string, gross: number, extra: Partial<MewsOrderItem> = {}): MewsOrderItem => ({
  Id: `item-${++n}`, ServiceOrderId: 'r1', UnitCount: 1, AccountingState: 'Closed', Type: type,
  Amount: { Currency: 'EUR', GrossValue: gross, NetValue: Math.round((gross / 1.1) * 100) / 100 }, ...extra,
});

describe('stay facts from order items', () => {
  it('counts nightly SpaceOrders, rebates against them, products apart; skips canceled, inactive and city tax', () => {
    const facts = stayFactsOf([
      item('SpaceOrder', 110), item('SpaceOrder', 110), item('NightRebate', -20),
      item('ProductOrder', 5.5), item('CityTax', 3), item('SpaceOrder', 110, { AccountingState: 'Canceled' }),
      item('SpaceOrder', 110, { AccountingState: 'Inactive' }),
    ]);
    expect(facts.nights).toBe(2);
    expect(facts.space.gross).toBe(20_000);
    expect(facts.products.gross).toBe(550);
  });
});

describe('stay points', () => {
  const facts: StayFacts = { nights: 3, space: { net: 30_000, gross: 33_000 }, products: { net: 1_000, gross: 1_100 } };

  it('adds nights, revenue and the stay bonus, then applies the tier multiplier, rounding down once', () => {
    // 3 × 10 + 330.00 × 0.1 + 50 = 113; gold × 1.5 = 169.5 → 169
    expect(stayPoints(RULES, facts, null)).toBe(113);
    expect(stayPoints(RULES, facts, 'gold')).toBe(169);
    expect(stayPoints(RULES, facts, 'unknown-tier')).toBe(113);
  });

  it('reads net or gross revenue, with products only when included', () => {
    expect(stayPoints({ ...RULES, revenue: 'net' }, facts, null)).toBe(30 + 30 + 50);
    expect(stayPoints({ ...RULES, includeProducts: true }, facts, null)).toBe(30 + 34 + 50);
  });

  it('is exact where floating point is not (2.30 € × 100 points per euro is 230, not 229)', () => {
    const rules = { ...RULES, perNight: 0, perStay: 0, perCurrencyUnit: 100 };
    expect(stayPoints(rules, { ...facts, space: { net: 230, gross: 230 } }, null)).toBe(230);
  });

  it('gives nothing below the minimum nights, and nothing for a stay with no nights', () => {
    expect(stayPoints({ ...RULES, minNights: 4 }, facts, null)).toBe(0);
    expect(stayPoints(RULES, { ...facts, nights: 0 }, null)).toBe(0);
  });

  const rules = fc.record({
    perNight: fc.integer({ min: 0, max: 1000 }),
    perCurrencyUnit: fc.integer({ min: 0, max: 10_000 }).map((h) => h / 100),
    revenue: fc.constantFrom('net' as const, 'gross' as const),
    includeProducts: fc.boolean(),
    perStay: fc.integer({ min: 0, max: 10_000 }),
    minNights: fc.integer({ min: 0, max: 5 }),
    tierMultipliers: fc.record({ gold: fc.integer({ min: 0, max: 500 }).map((h) => h / 100) }),
  });
  const money = fc.integer({ min: -100_000, max: 10_000_000 });
  const stay = fc.record({
    nights: fc.integer({ min: 1, max: 60 }),
    space: fc.record({ net: money, gross: money }),
    products: fc.record({ net: money, gross: money }),
  });

  it('is never negative for a positive stay, whatever the rebates', () => {
    fc.assert(fc.property(rules, stay, fc.constantFrom(null, 'gold'), (r, s, tier) => stayPoints(r, s, tier) >= 0));
  });

  it('applies a multiplier of m as floor(m × the unmultiplied value, computed exactly)', () => {
    fc.assert(fc.property(rules, stay, (r, s) => {
      const plain = stayPoints({ ...r, tierMultipliers: {} }, s, 'gold');
      const doubled = stayPoints({ ...r, tierMultipliers: { gold: 2 } }, s, 'gold');
      // ×2 of the exact value, rounded down, is at least twice the rounded-down value and at most one more.
      return doubled >= 2 * plain && doubled <= 2 * plain + 1;
    }));
  });

  it('never earns less for more revenue (rebates only ever lower it)', () => {
    fc.assert(fc.property(rules, stay, fc.integer({ min: 0, max: 1_000_000 }), (r, s, extra) => {
      const more = { ...s, space: { net: s.space.net + extra, gross: s.space.gross + extra } };
      return stayPoints(r, more, 'gold') >= stayPoints(r, s, 'gold');
    }));
  });

  it('a rebate item counts exactly as the night it rebates being cheaper (a correction equals a fresh computation)', () => {
    const price = fc.integer({ min: 1, max: 100_000 }).map((c) => c / 100);
    fc.assert(fc.property(rules, fc.array(price, { minLength: 1, maxLength: 14 }), fc.integer({ min: 0, max: 99 }), (anyRules, nights, percent) => {
      // Gross: the test's items derive net by rounding, which a rebate need not match to the cent.
      const r = { ...anyRules, revenue: 'gross' as const };
      const last = nights.at(-1)!;
      const rebate = Math.round(last * percent) / 100;
      const rebated = stayFactsOf([...nights.map((p) => item('SpaceOrder', p)), item('NightRebate', -rebate)]);
      const cheaper = stayFactsOf([...nights.slice(0, -1).map((p) => item('SpaceOrder', p)), item('SpaceOrder', Math.round((last - rebate) * 100) / 100)]);
      // So the credit plus the correction written after the rebate is what a fresh computation gives.
      return stayPoints(r, rebated, 'gold') === stayPoints(r, cheaper, 'gold');
    }));
  });
});
