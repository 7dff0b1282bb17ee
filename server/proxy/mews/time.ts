/** Mews's time filters: ISO 8601 UTC without milliseconds, at most 3 months long (FACTS.md). */
import type { MewsInterval } from './connector-stay-types';

/** Mews datetimes: ISO 8601 UTC without milliseconds. */
export const mewsUtc = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Safely inside Mews's 3-month limit on a time filter, whatever the months' lengths. */
export const MAX_WINDOW_MS = 89 * 24 * 60 * 60_000;

/** Splits [start, end) into consecutive windows Mews accepts. */
export function windowsOf(start: Date, end: Date): MewsInterval[] {
  const windows: MewsInterval[] = [];
  for (let at = start.getTime(); at < end.getTime(); at += MAX_WINDOW_MS) {
    windows.push({ StartUtc: mewsUtc(new Date(at)), EndUtc: mewsUtc(new Date(Math.min(end.getTime(), at + MAX_WINDOW_MS))) });
  }
  return windows;
}
