/**
 * Instants as Mews documents them: `YYYY-MM-DDThh:mm:ssZ`, UTC, whole seconds
 * (connector-api/guidelines/serialization.md). Plain code (no valibot), so the request schemas
 * and any view can use it.
 */

const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?(?:Z|([+-])(\d{2}):?(\d{2}))$/;

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * An ISO 8601 date-time with its offset (`Z`, `+01:00`; fractions allowed) of a real calendar
 * day, as Mews's format; null for anything else (no 30 February, no 24:00, no date without a
 * time: which midnight it means depends on a time zone the text does not carry).
 *
 * @example
 * documentedUtc('2027-01-01T01:00:00.250+01:00'); // → '2027-01-01T00:00:00Z'
 * documentedUtc('2027-02-30T00:00:00Z');          // → null
 */
export function documentedUtc(text: string): string | null {
  const m = ISO_INSTANT.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
  const [sign, offsetHours, offsetMinutes] = [m[7] === '-' ? -1 : 1, Number(m[8] ?? 0), Number(m[9] ?? 0)];
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59) return null;
  const instant = Date.UTC(year, month - 1, day, hour, minute, second) - sign * (offsetHours * 60 + offsetMinutes) * 60_000;
  const utc = new Date(instant).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return /^\d{4}-/.test(utc) ? utc : null;
}
