/**
 * Money of the sandbox: integer euro cents, net. The docs give no tax rules to copy, so one
 * made-up 10 % VAT rate serves every item: gross = net × 1.1, rounded half away from zero to
 * cents, so a rebate of a night's full price is exactly that night's gross, negated.
 */

/** The one tax rate (10 %) and its code, obviously not a real Mews tax rate code. */
export const TAX_RATE_CODE = 'SANDBOX-10';

/** Gross cents of `netCents` at 10 % VAT. */
export function grossCents(netCents: number): number {
  const g = Math.round((Math.abs(netCents) * 11) / 10);
  return netCents < 0 ? -g : g;
}

/** Cents → a JSON number of currency units (12345 → 123.45). */
export function centsToValue(cents: number): number {
  return cents / 100;
}
