/**
 * The earning-rules form as typed (strings, like its inputs) and as the proxy reads it. Only
 * "is it a number" is checked here: the ranges, whole numbers and two decimals are the proxy's
 * rules (lib/contract/earning.ts), and its 422 comes back to the field it names, so the two
 * sides cannot drift apart.
 */
import type { EarningRules, Problem, Tier } from '@/lib/contract';
import type { RevenueBasis } from '@/lib/contract/vocabulary';
import { liveLabels, t } from '@/lib/i18n';

export interface EarningDraft {
  perNight: string;
  perCurrencyUnit: string;
  revenue: RevenueBasis;
  includeProducts: boolean;
  perStay: string;
  minNights: string;
  /** Tier id → multiplier as typed; empty: the tier earns × 1. */
  tierMultipliers: Record<string, string>;
}

export type EarningNumberField = 'perNight' | 'perCurrencyUnit' | 'perStay' | 'minNights';

/**
 * Field problems keyed as the proxy's JSON Pointers without the leading slash
 * (`perNight`, `tierMultipliers/<tierId>`), so a 422 lands on its field unchanged.
 */
export type EarningFieldErrors = Record<string, string>;

export const multiplierKey = (tierId: string) => `tierMultipliers/${tierId}`;

export const EMPTY_EARNING_DRAFT: EarningDraft = {
  perNight: '',
  perCurrencyUnit: '',
  revenue: 'net',
  includeProducts: false,
  perStay: '',
  minNights: '',
  tierMultipliers: {},
};

export const REVENUE_BASIS_LABELS: Record<RevenueBasis, string> = liveLabels(['net', 'gross'] as const, (basis) => t(`revenueBasis.${basis}`));

/** The hotel's words for each field (the proxy's messages name fields by their JSON keys). */
export function earningLabels(currency: string) {
  return {
    perNight: t('earningField.perNight'),
    perCurrencyUnit: t('earningField.perCurrencyUnit', { currency }),
    revenue: t('earningField.revenue'),
    includeProducts: t('earningField.includeProducts'),
    perStay: t('earningField.perStay'),
    minNights: t('earningField.minNights'),
  };
}

export const multiplierLabel = (tier: Pick<Tier, 'name'>) => t('earningField.multiplier', { tier: tier.name });

/** The form filled with saved rules, or empty for a program that earns nothing yet. */
export function draftOf(rules: EarningRules | null): EarningDraft {
  if (!rules) return EMPTY_EARNING_DRAFT;
  const multipliers = Object.entries(rules.tierMultipliers).map(([tierId, value]) => [tierId, String(value)]);
  return {
    perNight: String(rules.perNight),
    perCurrencyUnit: String(rules.perCurrencyUnit),
    revenue: rules.revenue,
    includeProducts: rules.includeProducts,
    perStay: String(rules.perStay),
    minNights: String(rules.minNights),
    tierMultipliers: Object.fromEntries(multipliers),
  };
}

// A decimal comma too: Czech and German desks type "0,5".
const NUMBER = /^[+-]?\d+(?:[.,]\d+)?$/;
const NOT_A_NUMBER = Symbol('not a number');

/** A field's number; empty is `blank` (0 for amounts, "not listed" for a multiplier). */
function numberOf<T>(text: string, blank: T): number | T | typeof NOT_A_NUMBER {
  const trimmed = text.trim();
  if (!trimmed) return blank;
  return NUMBER.test(trimmed) ? Number(trimmed.replace(',', '.')) : NOT_A_NUMBER;
}

/**
 * The rules the draft says, or the fields that are not numbers. Only tiers still in the
 * program are sent: a multiplier of a deleted tier would be refused.
 *
 * @example
 * ```ts
 * readDraft({ ...EMPTY_EARNING_DRAFT, perNight: '10' }, ['tier-gold']).rules?.perNight; // → 10
 * ```
 */
export function readDraft(draft: EarningDraft, tierIds: readonly string[]): { rules: EarningRules | null; errors: EarningFieldErrors } {
  const errors: EarningFieldErrors = {};
  const read = (key: string, text: string): number => {
    const value = numberOf(text, 0);
    if (typeof value === 'number') return value;
    errors[key] = t('earning.notANumber');
    return 0;
  };
  const tierMultipliers: Record<string, number> = {};
  for (const tierId of tierIds) {
    const value = numberOf(draft.tierMultipliers[tierId] ?? '', null);
    if (typeof value === 'number') tierMultipliers[tierId] = value;
    else if (value !== null) errors[multiplierKey(tierId)] = t('earning.notANumber');
  }
  const rules: EarningRules = {
    perNight: read('perNight', draft.perNight),
    perCurrencyUnit: read('perCurrencyUnit', draft.perCurrencyUnit),
    revenue: draft.revenue,
    includeProducts: draft.includeProducts,
    perStay: read('perStay', draft.perStay),
    minNights: read('minNights', draft.minNights),
    tierMultipliers,
  };
  return { rules: Object.keys(errors).length ? null : rules, errors };
}

/** `/tierMultipliers/a~1b` → `tierMultipliers/a/b` (RFC 6901 unescaped). */
const keyOfPointer = (pointer: string) => pointer.replace(/^\//, '').replaceAll('~1', '/').replaceAll('~0', '~');

/**
 * A 422's field problems placed on the form's fields, worded with the field's label instead
 * of its JSON key ("perCurrencyUnit has at most two decimals." → "Points per EUR of
 * revenue has at most two decimals."). Problems on no field of the form are returned apart.
 */
export function refusedFields(problem: Problem | undefined, labelOf: (key: string) => string | undefined): { fields: EarningFieldErrors; other: string[] } {
  const fields: EarningFieldErrors = {};
  const other: string[] = [];
  for (const { pointer, detail } of problem?.errors ?? []) {
    const key = keyOfPointer(pointer);
    const label = labelOf(key);
    if (!label) {
      other.push(detail);
      continue;
    }
    const jsonKey = key.split('/')[0]!;
    fields[key] ??= detail.startsWith(`${jsonKey} `) ? `${label}${detail.slice(jsonKey.length)}` : detail;
  }
  return { fields, other };
}
