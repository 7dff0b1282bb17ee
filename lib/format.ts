/**
 * How numbers and dates read at the desk. Dates are shown in the hotel's time zone (from the
 * desk context), not the browser's: a membership expiring at midnight in Prague expires on
 * that Prague date whatever the desk computer's clock says. Without a locale, the desk's chosen
 * language's (lib/i18n): a view formatting while it renders is drawn again when that changes.
 */
import { deskLocale, tn } from './i18n/translate';
import { languageOf } from './i18n/languages';

function timeZoneOrUtc(timeZone: string | undefined): string {
  if (!timeZone) return 'UTC';
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return timeZone;
  } catch {
    return 'UTC';
  }
}

/**
 * Points with a thousands separator.
 *
 * @example
 * ```ts
 * formatPoints(12345, 'en-US'); // → '12,345'
 * ```
 */
export function formatPoints(points: number, locale: string = deskLocale.value): string {
  return pointsFormat(locale).format(points);
}

/**
 * Points with their unit, singular for one.
 *
 * @example
 * ```ts
 * pointsWithUnit(1, 'en-US'); // → '1 point'
 * pointsWithUnit(1200, 'en-US'); // → '1,200 points'
 * ```
 */
export function pointsWithUnit(points: number, locale: string = deskLocale.value): string {
  return tn('unit.points', points, undefined, languageOf(locale) ?? 'en');
}

// Building an Intl.NumberFormat costs far more than using one; the popup formats 50 rows a keystroke.
const pointsFormats = new Map<string, Intl.NumberFormat>();
function pointsFormat(locale: string): Intl.NumberFormat {
  const key = locale;
  let format = pointsFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
    pointsFormats.set(key, format);
  }
  return format;
}

/**
 * A point change with its sign, using a true minus sign.
 *
 * @example
 * ```ts
 * formatDelta(250, 'en-US'); // → '+250'
 * formatDelta(-1500, 'en-US'); // → '−1,500'
 * ```
 */
export function formatDelta(delta: number, locale: string = deskLocale.value): string {
  return `${delta < 0 ? '−' : '+'}${formatPoints(Math.abs(delta), locale)}`;
}

/**
 * A calendar date in the hotel's time zone.
 *
 * @example
 * ```ts
 * formatDate('2026-12-31T23:30:00Z', 'Europe/Prague', 'en-US'); // → 'Jan 1, 2027'
 * ```
 */
export function formatDate(iso: string, timeZone?: string, locale: string = deskLocale.value): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: timeZoneOrUtc(timeZone) }).format(date);
}

/**
 * A 24-hour clock time in the hotel's time zone, for "as of 12:04".
 *
 * @example
 * ```ts
 * formatTime('2026-03-02T11:04:00Z', 'Europe/Prague', 'en-US'); // → '12:04'
 * ```
 */
export function formatTime(iso: string, timeZone?: string, locale: string = deskLocale.value): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  return new Intl.DateTimeFormat(locale, {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: timeZoneOrUtc(timeZone),
  }).format(date);
}

/**
 * An amount with its currency code and two decimals. The code rather than a symbol: "kr" or
 * "$" name several currencies, and the desk's locale need not be the hotel's.
 *
 * @example
 * ```ts
 * formatMoney(341, 'EUR', 'en-US'); // → '341.00 EUR'
 * ```
 */
export function formatMoney(amount: number, currency: string, locale: string = deskLocale.value): string {
  const number = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(amount);
  return currency ? `${number} ${currency}` : number;
}
