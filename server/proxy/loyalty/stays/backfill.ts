/**
 * Accrual for past check-outs (`POST /v1/accrual/backfill`): reads the stays checked out in
 * [from, to] (`ActualEndUtc`, ≤ 3-month windows, `Processed` only) and settles them as the
 * follower would. A dry run reads the same and writes nothing, so its figures are what the
 * real run credits; a second real run credits 0 (credit-stay.ts writes differences only).
 */
import type { BackfillReport } from '../../../../lib/contract';
import { unprocessable, fieldProblem } from '../../http/problems';
import type { MewsReservation } from '../../mews/connector-types';
import { collectAll } from '../../mews/paginate';
import { windowsOf } from '../../mews/time';
import type { LoyaltyContext } from '../core/deps';
import type { Catalog } from '../programs/catalog';
import { settleStays } from './stays-read';

const DAY_MS = 24 * 60 * 60_000;
/** A backfill reads at most this far in one request (four windows of Mews's 3 months). */
const MAX_RANGE_DAYS = 366;

export async function backfill(ctx: LoyaltyContext, catalog: Catalog, request: { from: string; to: string; dryRun: boolean }): Promise<BackfillReport> {
  const start = new Date(`${request.from}T00:00:00Z`);
  const end = new Date(Date.parse(`${request.to}T00:00:00Z`) + DAY_MS);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) throw unprocessable([fieldProblem('/from', { key: 'fieldRealDates' })]);
  if (end <= start) throw unprocessable([fieldProblem('/to', { key: 'fieldToBeforeFrom' })]);
  if (end.getTime() - start.getTime() > MAX_RANGE_DAYS * DAY_MS) throw unprocessable([fieldProblem('/to', { key: 'fieldBackfillRange', params: { days: MAX_RANGE_DAYS } })]);
  const windows = windowsOf(start, end);
  const reservations: MewsReservation[] = [];
  for (const window of windows) {
    reservations.push(...(await collectAll(ctx.mews, 'reservations/getAll/2023-06-06', { ActualEndUtc: window, States: ['Processed'] }, 'Reservations')));
  }
  const { outcomes, failed } = await settleStays(ctx, catalog, reservations, { dryRun: request.dryRun });
  const skipped: Record<string, number> = {};
  const programs = new Map<string, { programId: string; points: number; credit: number }>();
  const members = new Set<string>();
  for (const o of outcomes) {
    if (o.skipped) skipped[o.skipped] = (skipped[o.skipped] ?? 0) + 1;
    if (!o.programId || o.skipped) continue;
    const p = programs.get(o.programId) ?? { programId: o.programId, points: 0, credit: 0 };
    p.points += o.points;
    p.credit += o.credit;
    programs.set(o.programId, p);
    if (o.credit !== 0 && o.membershipId) members.add(o.membershipId);
  }
  if (failed.length > 0) skipped['not-settled-yet'] = failed.length;
  return {
    dryRun: request.dryRun, from: request.from, to: request.to, windows: windows.length,
    stays: reservations.length, points: [...programs.values()].reduce((sum, p) => sum + p.credit, 0),
    skipped, programs: [...programs.values()], members: members.size,
  };
}
