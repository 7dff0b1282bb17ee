/**
 * The two steps every Points write shares, under the membership's lock (adjustments.ts for a
 * desk's adjustment, stays/ for a stay's credit): settle what is still pending, then send one
 * stored ledger row through to Mews.
 */
import type { Kysely } from 'kysely';
import { isMewsError } from '../../mews/errors';
import type { MewsLoyaltyMembership } from '../../mews/connector-types';
import { deleteEntry, pendingEntriesOf } from '../../store/ledger-repository';
import type { Database } from '../../store/schema';
import type { Actor, LoyaltyContext } from '../core/deps';
import { endFence, fencedProblem, mayStillLand, settlePending, writePoints, type Settlement } from './fence';
import { markApplied, type LedgerRow } from './ledger';

/** What became of a written row: applied, refused by Mews (no row left), or unknown (row pending). */
export type EntryOutcome =
  | { kind: 'applied'; entry: LedgerRow; membership: MewsLoyaltyMembership }
  | { kind: 'refused'; error: unknown }
  | { kind: 'unknown'; error: unknown; entry: LedgerRow };

/** A settlement that could not wait out the fence becomes the 503 "retry shortly". */
export function settledOrFenced(settlement: Settlement): Extract<Settlement, { kind: 'settled' }> {
  if (settlement.kind === 'fenced') throw fencedProblem(settlement.retryAfterMs);
  return settlement;
}

/**
 * Settles the membership's pending rows (a Mews write whose outcome was unknown, or a crash)
 * before anyone reads the base: Points may or may not include them, and a write still in flight
 * would land on top of the next. Fenced: throws the 503, nothing written.
 */
export async function settleAllPending(ctx: LoyaltyContext, conn: Kysely<Database>, membershipId: string, deadline: number): Promise<void> {
  for (const row of await pendingEntriesOf(conn, membershipId)) settledOrFenced(await settlePending(ctx, conn, row, null, deadline));
}

/**
 * Sends a stored `pending` row's Points to Mews, then marks it applied (mirror and audit).
 * Callers insert the row first (insertEntry): a crash from there on leaves a trace to
 * reconcile, and its `fenced_until` fences the membership while Mews might still apply it.
 */
export async function sendEntry(
  ctx: LoyaltyContext,
  conn: Kysely<Database>,
  entry: LedgerRow,
  membership: MewsLoyaltyMembership,
  actor: Actor,
  deadline: number,
  action?: string,
): Promise<EntryOutcome> {
  try {
    const written = (await writePoints(ctx, entry, membership.ChainId)) ?? { ...membership, Points: entry.points_after };
    return { kind: 'applied', entry: await markApplied(ctx, conn, entry, written, actor, action), membership: written };
  } catch (error) {
    if (!isMewsError(error)) return { kind: 'unknown', error, entry };
    if (!error.outcomeUnknown) {
      // Mews refused: nothing changed, so no ledger row either.
      await deleteEntry(conn, entry.id);
      return { kind: 'refused', error };
    }
    // Answered failure: the request is over, a read tells. Lost answer or timeout: it may
    // still land; read back while the caller may wait. Seen → applied.
    const open = mayStillLand(error) ? entry : await endFence(conn, entry);
    const settled = await settlePending(ctx, conn, open, actor, deadline).catch(() => null);
    if (settled?.kind !== 'settled' || settled.entry.status !== 'applied' || !settled.membership) return { kind: 'unknown', error, entry: open };
    return { kind: 'applied', entry: settled.entry, membership: settled.membership };
  }
}
