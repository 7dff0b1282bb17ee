/**
 * `GET /v1/ledger/export.csv` (manager): the ledger between two of the hotel's calendar days
 * (in its own time zone, as the books are kept) as CSV. RFC 4180 quoting, CRLF line ends; text cells that a spreadsheet would run as a
 * formula (`= + - @`, tab, CR) get a leading `'`. Numbers Keycard itself writes (delta,
 * before, after) stay numbers: `-120` is a redemption, not a formula. Streams page by page
 * (keyset on created_at, id), so a year of ledger never sits in memory at once.
 */
import type { Kysely } from 'kysely';
import { unprocessable, fieldProblem, type ProblemText } from '../../http/problems';
import type { Database } from '../../store/schema';
import { ledgerExportPage } from '../../store/ledger-repository';

/** `device id` last: names are not unique nor fixed, the id says which device wrote a row; earlier columns keep their places. */
export const LEDGER_CSV_COLUMNS = [
  'date', 'membership id', 'membership number', 'guest name', 'delta', 'reason', 'note', 'before', 'after', 'status', 'device', 'device id',
] as const;

/** Longest range one export may cover, in days (both ends included). */
export const MAX_EXPORT_DAYS = 366;
const DAY_MS = 86_400_000;

/** How far `timeZone`'s wall clock is ahead of UTC at the instant `utcMs`, in ms. */
function zoneOffsetMs(utcMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(new Date(utcMs));
  const part = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const wall = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return wall - Math.floor(utcMs / 1000) * 1000;
}

/**
 * An instant as the hotel's wall clock reads it, with that day's UTC offset: the CSV says what
 * the panel and History showed (it used to say UTC, an hour or two off for the books).
 *
 * @example
 * hotelTimestamp('2026-12-31T23:30:00Z', 'Europe/Prague'); // → '2027-01-01T00:30:00+01:00'
 */
export function hotelTimestamp(iso: string, timeZone: string): string {
  const utcMs = Date.parse(iso);
  const offset = zoneOffsetMs(utcMs, timeZone);
  const wall = new Date(Math.floor(utcMs / 1000) * 1000 + offset).toISOString().slice(0, 19);
  const minutes = Math.round(Math.abs(offset) / 60_000);
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `${wall}${offset < 0 ? '-' : '+'}${hh}:${mm}`;
}

/**
 * The UTC instant at which the calendar day starting at `dayStartUtcMs` (midnight, read as
 * UTC) begins in `timeZone`. Two passes settle days on which the offset changes; where the
 * clocks skip midnight itself (some zones do), the day begins at the first minute it has.
 */
export function startOfHotelDay(dayStartUtcMs: number, timeZone: string): number {
  const guess = dayStartUtcMs - zoneOffsetMs(dayStartUtcMs, timeZone);
  const start = dayStartUtcMs - zoneOffsetMs(guess, timeZone);
  const wall = start + zoneOffsetMs(start, timeZone);
  return wall < dayStartUtcMs ? start + (dayStartUtcMs - wall) : start;
}

/**
 * Parses `from`/`to` (YYYY-MM-DD, the hotel's calendar days, both included) into a half-open
 * UTC interval: from the hotel's midnight starting `from` to its midnight ending `to`.
 * 422 naming the field.
 *
 * @example
 * exportRange('2026-07-01', '2026-07-31', 'Europe/Prague');
 * // → { startIso: '2026-06-30T22:00:00.000Z', endIso: '2026-07-31T22:00:00.000Z' }
 */
export function exportRange(from: string, to: string, timeZone = 'UTC'): { startIso: string; endIso: string } {
  const start = Date.parse(`${from}T00:00:00.000Z`);
  const end = Date.parse(`${to}T00:00:00.000Z`);
  const bad = (pointer: string, text: ProblemText) => unprocessable([fieldProblem(pointer, text)], { key: 'invalidQuery' });
  if (Number.isNaN(start) || new Date(start).toISOString().slice(0, 10) !== from) throw bad('/from', { key: 'fieldCalendarDate', params: { field: 'from' } });
  if (Number.isNaN(end) || new Date(end).toISOString().slice(0, 10) !== to) throw bad('/to', { key: 'fieldCalendarDate', params: { field: 'to' } });
  if (end < start) throw bad('/to', { key: 'fieldToBeforeFrom' });
  if ((end - start) / DAY_MS + 1 > MAX_EXPORT_DAYS) throw bad('/to', { key: 'fieldExportRange', params: { days: MAX_EXPORT_DAYS } });
  return {
    startIso: new Date(startOfHotelDay(start, timeZone)).toISOString(),
    endIso: new Date(startOfHotelDay(end + DAY_MS, timeZone)).toISOString(),
  };
}

/** One CSV cell: text is made formula-safe, then quoted when it holds `"`, `,`, CR or LF. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export const csvLine = (cells: readonly (string | number | null | undefined)[]) => `${cells.map(csvCell).join(',')}\r\n`;

type ExportRow = Awaited<ReturnType<typeof ledgerExportPage>>[number];

const lineOf = (r: ExportRow, timeZone: string) => csvLine([
  hotelTimestamp(r.created_at, timeZone), r.membership_id, r.number, [r.first_name, r.last_name].filter(Boolean).join(' ') || null,
  r.delta, r.reason, r.note, r.points_before, r.points_after, r.status, r.device_name, r.device_id,
]);

/**
 * The CSV as a byte stream, oldest first, one store query per `pageSize` rows as the client reads.
 *
 * @example
 * return new Response(ledgerCsv(db, exportRange('2025-01-01', '2025-12-31', zone), 500, zone), { headers: { 'Content-Type': 'text/csv' } });
 */
export function ledgerCsv(db: Kysely<Database>, range: { startIso: string; endIso: string }, pageSize = 500, timeZone = 'UTC', chainId?: string): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let after: { at: string; id: string } | null = null;
  let header = true;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (header) {
        header = false;
        controller.enqueue(encoder.encode(csvLine(LEDGER_CSV_COLUMNS)));
        return;
      }
      const rows = await ledgerExportPage(db, range, after, pageSize, chainId);
      if (rows.length > 0) controller.enqueue(encoder.encode(rows.map((row) => lineOf(row, timeZone)).join('')));
      const last = rows.at(-1);
      if (!last || rows.length < pageSize) controller.close();
      else after = { at: last.created_at, id: last.id };
    },
  });
}
