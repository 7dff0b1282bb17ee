/**
 * Credits one stay, exactly once, however often it is seen and by however many proxies.
 *
 * The ledger is the truth of what a stay has been credited: the sum of its rows (`stay_id`).
 * Under the membership's lock, after settling anything pending, the stay's target is
 * computed afresh and only the difference is written. So a second look writes nothing, a
 * rebate after check-out writes the difference (a correction), and a stay canceled or no
 * longer checked out writes minus what it had (a reversal). The rules version and the tier
 * are fixed at the first credit, so corrections are computed on the same terms.
 */
import { randomUUID } from 'node:crypto';
import type { EarningRulesVersion } from '../../../../lib/contract';
import type { MewsLoyaltyMembership, MewsOrderItem, MewsReservation } from '../../mews/connector-types';
import { insertEntry } from '../../store/ledger-repository';
import { saveStay, stayEntries, stayRow, stayRowsOf, type StayRow } from '../../store/stay-repository';
import { withMembershipSessionLock } from '../../store/transaction';
import type { Actor, LoyaltyContext } from '../core/deps';
import type { Catalog } from '../programs/catalog';
import { applyTierRules } from '../programs/tiers';
import { fenceFromNow } from '../points/fence';
import { readMewsMembership, type LedgerRow } from '../points/ledger';
import { sendEntry, settleAllPending } from '../points/write-entry';
import { rulesAt } from './earning-rules';
import { countedRevenue, stayFactsOf, stayPoints, type StayFacts } from './stay-points';

/** Who the ledger and audit log say credited a stay. */
export const STAY_ACCRUAL: Actor = { id: 'keycard-stays', name: 'Stay accrual', role: 'manager' };

export interface StaySeen {
  reservation: MewsReservation;
  /** The stay's order items (read only for checked-out stays). */
  items: readonly MewsOrderItem[];
  /** The owner's active memberships, as Mews has them. */
  memberships: readonly MewsLoyaltyMembership[];
}

export type SkipReason = 'company' | 'not-a-member' | 'no-rules' | 'below-minimum';

/** What a stay earns in one program and what was (or, dry, would be) written for it. */
export interface StayOutcome {
  reservationId: string;
  programId: string;
  membershipId: string | null;
  /** What the stay earns now; 0 when skipped, canceled or no longer checked out. */
  points: number;
  /** The difference written now (or that a real run would write). */
  credit: number;
  skipped?: SkipReason;
  review?: boolean;
}

const NO_FACTS: StayFacts = { nights: 0, space: { net: 0, gross: 0 }, products: { net: 0, gross: 0 } };
const LIVE_STATES = new Set(['New', 'Pending', 'Enrolled']);

/** The guest's membership a program credits: the primary one, else the first live one. */
export function memberOf(memberships: readonly MewsLoyaltyMembership[], programId: string): MewsLoyaltyMembership | undefined {
  const live = memberships.filter((m) => m.LoyaltyProgramId === programId && LIVE_STATES.has(m.State) && m.ActivityState !== 'Deleted');
  return live.find((m) => m.IsPrimary) ?? live[0];
}

/** UpdatedUtc as a comparable ISO string (Mews omits zero milliseconds, so raw strings do not sort). */
const updatedAtOf = (r: MewsReservation) => (r.UpdatedUtc ? new Date(r.UpdatedUtc).toISOString() : null);

/**
 * Whether `row` was computed from an older snapshot of the reservation than the stored record:
 * a poll page read just before a check-out, settled after the webhook credited it, must not
 * take the credit back (it would be put back on the next pass, but the member's points dip).
 */
function staleSnapshot(stored: StayRow | undefined, row: StayRow): boolean {
  if (!stored?.reservation_updated_at || !row.reservation_updated_at) return false;
  return row.reservation_updated_at < stored.reservation_updated_at;
}

const checkedOutAt = (r: MewsReservation) => r.ActualEndUtc ?? r.UpdatedUtc ?? r.ScheduledEndUtc ?? new Date(0).toISOString();

/**
 * Works out a stay in every program that has earning rules; writes unless `dryRun`.
 * Throws when a write cannot finish now (Mews down, a fenced membership): the follower sees
 * the stay again later and finishes it, never twice.
 */
export async function settleStay(
  ctx: LoyaltyContext,
  catalog: Catalog,
  versions: readonly EarningRulesVersion[],
  seen: StaySeen,
  options: { dryRun?: boolean } = {},
): Promise<StayOutcome[]> {
  const { reservation } = seen;
  const earlier = await stayRowsOf(ctx.store.db, [reservation.Id]);
  // A skip already on record is not written again on every pass that sees the stay.
  const recordSkip = async (programId: string, reason: SkipReason) => {
    const known = earlier.find((row) => row.program_id === programId);
    if (options.dryRun || (known?.status === 'skipped' && known.skip_reason === reason)) return;
    await saveStay(ctx.store.db, skipRow(ctx, reservation, programId, null, reason));
  };
  const checkedOut = reservation.State === 'Processed';
  const programIds = [...new Set(versions.map((v) => v.programId))];
  if (reservation.AccountType === 'Company' || programIds.length === 0) {
    if (!checkedOut) return [];
    const skipped: SkipReason = reservation.AccountType === 'Company' ? 'company' : 'no-rules';
    await recordSkip('', skipped);
    return [{ reservationId: reservation.Id, programId: '', membershipId: null, points: 0, credit: 0, skipped }];
  }
  const facts = checkedOut ? stayFactsOf(seen.items) : NO_FACTS;
  const outcomes: StayOutcome[] = [];
  for (const programId of programIds) {
    const before = earlier.find((row) => row.program_id === programId);
    if (!checkedOut && before?.status !== 'credited') continue; // nothing earned, nothing to take back
    const membership = before?.membership_id
      ? seen.memberships.find((m) => m.Id === before.membership_id) ?? memberOf(seen.memberships, programId)
      : memberOf(seen.memberships, programId);
    if (!membership) {
      if (!before) await recordSkip(programId, 'not-a-member');
      if (!before) outcomes.push({ reservationId: reservation.Id, programId, membershipId: null, points: 0, credit: 0, skipped: 'not-a-member' });
      continue;
    }
    const version = versions.find((v) => v.programId === programId && v.version === before?.rule_version) ?? rulesAt(versions, programId, checkedOutAt(reservation))!;
    const tierId = before ? before.tier_id : membership.LoyaltyTierId ?? null;
    const points = checkedOut ? stayPoints(version.rules, facts, tierId) : 0;
    const row: StayRow = {
      reservation_id: reservation.Id, program_id: programId, membership_id: membership.Id, account_id: reservation.AccountId,
      number: reservation.Number ?? null, status: 'credited', skip_reason: null, rule_version: version.version, tier_id: tierId,
      nights: facts.nights, revenue_cents: countedRevenue(version.rules, facts), points,
      checked_out_at: before?.checked_out_at ?? (checkedOut ? checkedOutAt(reservation) : null),
      reservation_updated_at: updatedAtOf(reservation), updated_at: ctx.now().toISOString(),
    };
    if (checkedOut && points === 0 && facts.nights < version.rules.minNights && !before) {
      row.status = 'skipped';
      row.skip_reason = 'below-minimum';
    }
    const outcome = options.dryRun ? await dryCredit(ctx, row) : await credit(ctx, catalog, row);
    outcomes.push({ ...outcome, ...(row.skip_reason ? { skipped: row.skip_reason as SkipReason } : {}) });
  }
  return outcomes;
}

function skipRow(ctx: LoyaltyContext, r: MewsReservation, programId: string, membershipId: string | null, reason: SkipReason): StayRow {
  return {
    reservation_id: r.Id, program_id: programId, membership_id: membershipId, account_id: r.AccountId, number: r.Number ?? null,
    status: 'skipped', skip_reason: reason, rule_version: null, tier_id: null, nights: 0, revenue_cents: 0, points: 0,
    checked_out_at: r.State === 'Processed' ? checkedOutAt(r) : null, reservation_updated_at: updatedAtOf(r), updated_at: ctx.now().toISOString(),
  };
}

const creditedBy = (entries: readonly LedgerRow[]) => entries.filter((e) => e.status !== 'review').reduce((sum, e) => sum + e.delta, 0);

/** What a real run would write now, read without the lock (a preview). */
async function dryCredit(ctx: LoyaltyContext, row: StayRow): Promise<StayOutcome> {
  const entries = await stayEntries(ctx.store.db, row.reservation_id, row.membership_id!);
  return { reservationId: row.reservation_id, programId: row.program_id, membershipId: row.membership_id, points: row.points, credit: row.points - creditedBy(entries) };
}

async function credit(ctx: LoyaltyContext, catalog: Catalog, row: StayRow): Promise<StayOutcome> {
  const membershipId = row.membership_id!;
  const { db, dialect } = ctx.store;
  return withMembershipSessionLock(db, dialect, membershipId, async (conn) => {
    const deadline = Date.now() + ctx.config.fenceWaitMs;
    await settleAllPending(ctx, conn, membershipId, deadline);
    const base = { reservationId: row.reservation_id, programId: row.program_id, membershipId, points: row.points };
    if (staleSnapshot(await stayRow(conn, row.reservation_id, row.program_id), row)) return { ...base, credit: 0 };
    const entries = await stayEntries(conn, row.reservation_id, membershipId);
    if (entries.some((e) => e.status === 'review')) {
      // A human decides what Mews holds; crediting on top would guess.
      await saveStay(conn, { ...row, status: 'review' });
      return { ...base, credit: 0, review: true };
    }
    const delta = row.points - creditedBy(entries);
    if (delta === 0) {
      await saveStay(conn, row);
      return { ...base, credit: 0 };
    }
    const membership = await readMewsMembership(ctx, membershipId);
    if (!membership || membership.ActivityState === 'Deleted') {
      ctx.log.warn({ reservationId: row.reservation_id, membershipId }, 'stay not credited: the membership is gone from Mews');
      await saveStay(conn, { ...row, status: 'review' });
      return { ...base, credit: 0, review: true };
    }
    // Record the stay's terms (membership, rules version, tier) before Mews is written: if the
    // answer is lost or the proxy dies from here on, the next look must find the stay credited
    // on these terms, else it recomputes with the tier the member has by then, or, the stay
    // being canceled meanwhile, never looks at it again. Its points stay what the ledger holds
    // until Mews confirms this write.
    await saveStay(conn, { ...row, points: creditedBy(entries) });
    const pointsBefore = membership.Points ?? 0;
    const kind = entries.length === 0 ? 'stay' : row.points === 0 ? 'stay-reversal' : 'stay-correction';
    const entry: LedgerRow = {
      id: randomUUID(), membership_id: membershipId, idempotency_key: `stay:${row.reservation_id}:${entries.length + 1}`,
      delta, reason: 'stay', note: `Stay ${row.number ?? row.reservation_id} · rules v${row.rule_version}`,
      points_before: pointsBefore, points_after: pointsBefore + delta, status: 'pending', kind,
      device_id: STAY_ACCRUAL.id, device_name: STAY_ACCRUAL.name, created_at: ctx.now().toISOString(), applied_at: null,
      fenced_until: fenceFromNow(ctx), stay_id: row.reservation_id, rule_version: row.rule_version,
    };
    await insertEntry(conn, entry);
    const outcome = await sendEntry(ctx, conn, entry, membership, STAY_ACCRUAL, deadline, `points.${kind}`);
    // Unknown: the row stays pending; whoever next holds the lock settles it, then sees the stay credited.
    if (outcome.kind !== 'applied') throw outcome.error;
    await saveStay(conn, row);
    const program = await catalog.program(membership.LoyaltyProgramId, conn).catch(() => undefined);
    await applyTierRules(ctx, conn, program, { ...outcome.membership, Points: outcome.entry.points_after }, outcome.entry, STAY_ACCRUAL);
    return { ...base, credit: delta };
  });
}
