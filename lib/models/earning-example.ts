/**
 * The earning form's live example ("A 2-night stay at 100 EUR a night earns 250 points"): the
 * formula of lib/contract/earning.ts for the simplest stay, nights only and all of their price
 * counted. Same integer steps as the proxy (cents × hundredths, rounded down once at the end),
 * so the example never differs from a real stay like it by a point.
 */
import type { EarningRules } from '@/lib/contract';

export interface ExampleStay {
  nights: number;
  /** Counted revenue per night, in the enterprise currency. */
  nightly: number;
}

const hundredths = (value: number) => Math.round(value * 100);

/**
 * Points `stay` earns under `rules` for a member whose tier multiplies by `multiplier`.
 *
 * @example
 * ```ts
 * examplePoints({ ...rules, perNight: 10, perCurrencyUnit: 1, perStay: 50 }, { nights: 2, nightly: 100 }); // → 270
 * ```
 */
export function examplePoints(rules: EarningRules, stay: ExampleStay, multiplier = 1): number {
  if (stay.nights <= 0 || stay.nights < rules.minNights) return 0;
  // Ten-thousandths of a point; the example's figures stay far below 2^53, so no BigInt.
  const base =
    stay.nights * rules.perNight * 10_000 +
    hundredths(stay.nights * stay.nightly) * hundredths(rules.perCurrencyUnit) +
    rules.perStay * 10_000;
  return Math.max(0, Math.floor((base * hundredths(multiplier)) / 1_000_000));
}
