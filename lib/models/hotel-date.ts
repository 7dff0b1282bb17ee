/**
 * Calendar dates in the hotel's time zone, for the expiry date input. A manager picking
 * "31 Dec 2026" at a Prague hotel means Prague's 31 December whatever the desk computer's
 * clock says, so the date becomes the instant that day starts in Prague.
 */

function wallClock(instant: number, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { year: part('year'), month: part('month'), day: part('day'), hour: part('hour'), minute: part('minute'), second: part('second') };
}

function safeZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return timeZone;
  } catch {
    return 'UTC';
  }
}

/** How far the zone's wall clock is ahead of UTC at `instant`, in ms. */
function offsetAt(instant: number, timeZone: string): number {
  const wall = wallClock(instant, timeZone);
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second) - Math.floor(instant / 1000) * 1000;
}

/**
 * The ISO instant at which a calendar date (YYYY-MM-DD) begins in the hotel's time zone;
 * null when the text is not a date.
 *
 * @example
 * ```ts
 * hotelDateToIso('2026-12-31', 'Europe/Prague'); // → '2026-12-30T23:00:00.000Z'
 * ```
 */
export function hotelDateToIso(date: string, timeZone: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return null;
  const zone = safeZone(timeZone);
  const midnightUtc = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  if (Number.isNaN(midnightUtc)) return null;
  let instant = midnightUtc - offsetAt(midnightUtc, zone);
  // Across a DST change the offset at the answer differs from the first guess's: correct once.
  instant = midnightUtc - offsetAt(instant, zone);
  return new Date(instant).toISOString();
}

/**
 * The calendar date (YYYY-MM-DD) of an instant in the hotel's time zone, for date inputs.
 *
 * @example
 * ```ts
 * isoToHotelDate('2026-12-31T23:30:00Z', 'Europe/Prague'); // → '2027-01-01'
 * ```
 */
export function isoToHotelDate(iso: string, timeZone: string): string {
  const instant = Date.parse(iso);
  if (Number.isNaN(instant)) return '';
  const wall = wallClock(instant, safeZone(timeZone));
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}`;
}

/**
 * The browser's calendar date (YYYY-MM-DD) of `date`: the default of a date range the manager
 * reads before sending it (ledger export, credit past stays), where a day off at midnight is harmless.
 *
 * @example
 * ```ts
 * localIsoDate(new Date(2026, 2, 1)); // → '2026-03-01'
 * ```
 */
export function localIsoDate(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

/**
 * Why a From–To pair of date inputs cannot be sent (a catalogue key), or null.
 *
 * @example
 * ```ts
 * dateRangeProblem('2026-04-01', '2026-03-01'); // → 'dates.fromAfterTo' (The From date must not be after the To date.)
 * ```
 */
export function dateRangeProblem(from: string, to: string): 'dates.chooseBoth' | 'dates.fromAfterTo' | null {
  if (!from || !to) return 'dates.chooseBoth';
  return from > to ? 'dates.fromAfterTo' : null;
}
