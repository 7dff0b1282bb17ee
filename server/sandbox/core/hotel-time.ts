/**
 * Hotel-local dates of the one enterprise (Europe/Prague). Nights begin at local midnight, as
 * order items' `StartUtc` shows in the docs (2023-03-30T22:00:00Z is midnight in summer
 * Prague), so UTC arithmetic alone would put nights an hour or two off.
 */
import { TIME_ZONE } from './enterprise.ts';

/** One day in ms. */
export const DAY = 86_400_000;
/** Scheduled check-in time of the house, in local hours. */
export const CHECK_IN_HOUR = 14;

const parts = new Intl.DateTimeFormat('en-US', {
  timeZone: TIME_ZONE, hourCycle: 'h23',
  year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
});

// Offsets change only at whole UTC hours (DST switches), so one Intl call per hour asked
// serves every instant in it: Intl is slow enough to matter when seeding 100k customers.
const offsets = new Map<number, number>();

/** Local time minus UTC at instant `ms`, in ms (+1 h in winter, +2 h in summer). */
function offsetAt(ms: number): number {
  const hour = Math.floor(ms / 3_600_000);
  let offset = offsets.get(hour);
  if (offset === undefined) {
    const p: Record<string, number> = {};
    for (const { type, value } of parts.formatToParts(new Date(hour * 3_600_000))) p[type] = Number(value);
    offset = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - hour * 3_600_000;
    offsets.set(hour, offset);
  }
  return offset;
}

/** The hotel date of an instant, as whole days since 1970-01-01. */
export function hotelDay(ms: number): number {
  return Math.floor((ms + offsetAt(ms)) / DAY);
}

/** The UTC instant of local midnight that starts hotel date `day`. */
export function hotelMidnight(day: number): number {
  // The offset at the guess is the offset at midnight unless a DST switch lies between them;
  // a second pass settles that case.
  const guess = day * DAY - offsetAt(day * DAY);
  return day * DAY - offsetAt(guess);
}
