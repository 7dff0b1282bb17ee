/**
 * The books of the stays crash test: what the proxy's ledger and stay records say of each stay
 * played, against what the stay must earn, and each member's Points in Mews against its start
 * plus its stays.
 */
import type { Store } from '../../../server/proxy/store/db';
import type { DeskStay } from './stay-desk';

export interface StaysBooks {
  /** Per member |Mews − (start + its stays)|, summed: points lost or doubled. */
  pointsMismatch: number;
  mismatched: string[];
  /** Stays whose applied ledger rows do not sum to what they earn. */
  wrongStays: string[];
  /** Stays with more than one `stay` row: credited twice, whatever the sum. */
  doubled: number;
  /** Corrections or reversals on stays nothing changed after check-out. */
  strayCorrections: number;
  /** Stay records whose status or points disagree with what the stay earns. */
  stayRecordsWrong: string[];
  pendingLeft: number;
  reviewRows: number;
  ledgerRows: number;
}

function inChunks<T>(items: readonly T[], size = 500): T[][] {
  const parts: T[][] = [];
  for (let i = 0; i < items.length; i += size) parts.push(items.slice(i, i + size));
  return parts;
}

export async function booksOf(
  store: Store,
  stays: readonly DeskStay[],
  want: ReadonlyMap<string, number>,
  members: ReadonlyMap<string, { want: number; mews: number }>,
): Promise<StaysBooks> {
  const { db } = store;
  const ids = stays.map((s) => s.id);
  const rows = [];
  const records = [];
  for (const part of inChunks(ids)) {
    rows.push(...(await db.selectFrom('ledger').select(['stay_id', 'kind', 'delta', 'status']).where('stay_id', 'in', part).execute()));
    records.push(...(await db.selectFrom('stays').select(['reservation_id', 'status', 'skip_reason', 'points']).where('reservation_id', 'in', part).execute()));
  }
  const statuses = await db.selectFrom('ledger').select('status').where('status', '!=', 'applied').execute();
  const books: StaysBooks = {
    pointsMismatch: 0, mismatched: [], wrongStays: [], doubled: 0, strayCorrections: 0, stayRecordsWrong: [],
    pendingLeft: statuses.filter((r) => r.status === 'pending').length, reviewRows: statuses.filter((r) => r.status === 'review').length,
    ledgerRows: rows.length,
  };
  for (const stay of stays) {
    const mine = rows.filter((r) => r.stay_id === stay.id);
    const credited = mine.filter((r) => r.status === 'applied').reduce((sum, r) => sum + r.delta, 0);
    const earns = want.get(stay.id) ?? 0;
    if (credited !== earns) books.wrongStays.push(`${stay.id}: ledger ${credited}, earns ${earns} (${mine.map((r) => `${r.kind} ${r.delta} ${r.status}`).join(', ')})`);
    if (mine.filter((r) => r.kind === 'stay').length > 1) books.doubled++;
    if (!stay.after && mine.some((r) => r.kind !== 'stay')) books.strayCorrections++;
    const record = records.filter((r) => r.reservation_id === stay.id);
    // A stay canceled, before check-out or after, earns nothing, company-owned or not.
    const right = stay.canceled || stay.after === 'void'
      ? record.every((r) => r.points === 0)
      : stay.company
        ? record.length === 1 && record[0]!.status === 'skipped' && record[0]!.skip_reason === 'company'
        : record.length === 1 && record[0]!.status === 'credited' && record[0]!.points === earns;
    if (!right) books.stayRecordsWrong.push(`${stay.id} (${stay.company ? 'company' : stay.canceled ? 'canceled' : `earns ${earns}`}): ${JSON.stringify(record)}`);
  }
  for (const [id, { want: points, mews }] of members) {
    if (points === mews) continue;
    books.pointsMismatch += Math.abs(points - mews);
    books.mismatched.push(`${id}: Mews ${mews}, expected ${points}`);
  }
  return books;
}
