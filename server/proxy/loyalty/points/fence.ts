/**
 * The write fence: how Keycard settles a Points write whose outcome it did not see.
 *
 * Mews has only "set Points". A write whose answer never came (a timeout, a cut connection, a
 * crash right after sending) may still be applied by Mews later, and if another write went
 * out meanwhile, the late one lands on top and undoes it. (That is how the scale-out soak lost
 * 22 points: the next adjustment saw Points unchanged, wrote the old write's value again and
 * its own on top, then the old write landed.) So a membership with such a write, a `pending`
 * ledger row, is fenced: nothing writes its Points until the write's outcome is known:
 *
 * - seen: Mews holds the row's `points_after` → applied (a write lands once; it cannot land again);
 * - past the fence (`fenced_until`): Mews will no longer apply it; Points == `points_before`
 *   then means it never landed → sent again (and fenced anew), anything else → `review`.
 *
 * A write is fenced for `MEWS_WRITE_FENCE_MS` from when it is sent, and the fence ends at once
 * when an answer shows the request is over (Mews's own 500 or 503, a garbled 200): then the
 * write did or did not happen, and a read tells which. Only silence (a timeout, a cut
 * connection, a crash) or a gateway's 502/504/408 leaves it possibly still on its way.
 *
 * Until then whoever holds the membership's lock reads Mews back, waiting up to its own
 * deadline, and otherwise answers "fenced, retry shortly" without writing. Times are the wall
 * clock (`Date.now()`), as the bound is about real time across processes and restarts.
 */
import type { Kysely } from 'kysely';
import { ProblemError } from '../../http/problems';
import { isMewsError } from '../../mews/errors';
import type { MewsLoyaltyMembership } from '../../mews/connector-types';
import { setFencedUntil } from '../../store/ledger-repository';
import type { Database } from '../../store/schema';
import type { LoyaltyContext } from '../core/deps';
import { markApplied, markReview, readMewsMembership, type Actor, type LedgerRow } from './ledger';

export type Settlement =
  | { kind: 'settled'; entry: LedgerRow; membership: MewsLoyaltyMembership | null }
  | { kind: 'fenced'; retryAfterMs: number };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** When Mews will no longer apply the row's last write (epoch ms); rows from before fences: created + bound. */
export function fenceEndsAt(ctx: LoyaltyContext, entry: Pick<LedgerRow, 'fenced_until' | 'created_at'>): number {
  return entry.fenced_until ? Date.parse(entry.fenced_until) : Date.parse(entry.created_at) + ctx.config.writeFenceMs;
}

/** The fence a write sent now needs (ISO): store it on the row before sending. */
export const fenceFromNow = (ctx: LoyaltyContext) => new Date(Date.now() + ctx.config.writeFenceMs).toISOString();

/**
 * Whether a failed write may still be applied later: nothing came back (timeout, network), or a
 * gateway in front of Mews gave up on it (408, 502, 504). Mews's own 500/503 and garbled
 * answers mean the request is over.
 */
export function mayStillLand(error: unknown): boolean {
  if (!isMewsError(error) || !error.outcomeUnknown) return false;
  if (error.kind === 'timeout' || error.kind === 'network') return true;
  return error.kind === 'http' && [408, 502, 504].includes(error.status ?? 0);
}

/** How often a fenced membership is read back: a few times per fence, within the Mews budget. */
const pollEvery = (ctx: LoyaltyContext) => Math.max(250, Math.min(2_000, ctx.config.writeFenceMs / 8));

/** Ends the row's fence now (the write's request is over); returns the row as stored. */
export async function endFence(conn: Kysely<Database>, entry: LedgerRow): Promise<LedgerRow> {
  const ended: LedgerRow = { ...entry, fenced_until: new Date().toISOString() };
  await setFencedUntil(conn, entry.id, ended.fenced_until!);
  return ended;
}

/** Fences the row from now, before its write is sent again (a crash mid-call still fences). */
async function markSent(ctx: LoyaltyContext, conn: Kysely<Database>, entry: LedgerRow): Promise<LedgerRow> {
  const sent: LedgerRow = { ...entry, fenced_until: fenceFromNow(ctx) };
  await setFencedUntil(conn, entry.id, sent.fenced_until!);
  return sent;
}

/**
 * Sets Points to the row's `points_after` in Mews; resolves with what Mews answered (undefined
 * if the answer lacks it). Rejects with the MewsError; `outcomeUnknown` leaves the row fenced.
 */
export async function writePoints(ctx: LoyaltyContext, entry: LedgerRow, chainId: string | null | undefined): Promise<MewsLoyaltyMembership | undefined> {
  const { LoyaltyMemberships } = await ctx.mews.call('loyaltyMemberships/update', {
    LoyaltyMembershipUpdates: [{ LoyaltyMembershipId: entry.membership_id, Points: { Value: entry.points_after } }],
    ...(chainId ? { ChainId: chainId } : {}),
  });
  return LoyaltyMemberships.find((m) => m.Id === entry.membership_id);
}

/**
 * Settles a pending row (the caller holds the membership's lock), reading Mews back until
 * the write is seen or its fence has passed, or `deadline` (epoch ms) comes first: then
 * `fenced`, and the row stays pending for a later try. A deadline in the past still reads once.
 *
 * @example
 * const s = await settlePending(ctx, conn, row, device, Date.now() + 5_000);
 * if (s.kind === 'fenced') throw fencedProblem(s.retryAfterMs);
 */
export async function settlePending(
  ctx: LoyaltyContext,
  conn: Kysely<Database>,
  entry: LedgerRow,
  actor: Actor | null,
  deadline: number,
): Promise<Settlement> {
  for (;;) {
    const membership = await readMewsMembership(ctx, entry.membership_id);
    const points = membership?.Points ?? 0;
    const gone = !membership || membership.ActivityState === 'Deleted' || entry.points_after === null;
    if (!gone && points === entry.points_after) {
      return { kind: 'settled', entry: await markApplied(ctx, conn, entry, membership, actor, 'points.reconciled'), membership };
    }
    const left = fenceEndsAt(ctx, entry) - Date.now();
    if (left <= 0) {
      if (gone || points !== entry.points_before) {
        return { kind: 'settled', entry: await markReview(ctx, conn, entry, membership ? points : null), membership };
      }
      // Past its bound and not in Mews: it never landed. Send it again (fenced from now on).
      const resent = await markSent(ctx, conn, entry);
      const written = (await writePoints(ctx, resent, membership.ChainId).catch(async (error: unknown) => {
        if (!mayStillLand(error)) await endFence(conn, resent);
        throw error;
      })) ?? { ...membership, Points: entry.points_after };
      return { kind: 'settled', entry: await markApplied(ctx, conn, resent, written, actor, 'points.reconciled'), membership: written };
    }
    const wait = Math.min(left + 5, pollEvery(ctx));
    if (Date.now() + wait > deadline) return { kind: 'fenced', retryAfterMs: left };
    await sleep(wait);
  }
}

/** 503 for a request that met a fenced membership: nothing was written; retry with the same key. */
export function fencedProblem(retryAfterMs: number): ProblemError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new ProblemError(503, 'Waiting for Mews', { key: 'fenced', params: { seconds } }, {
    type: 'https://keycard.dev/problems/membership-fenced',
    headers: { 'Retry-After': String(seconds) },
  });
}
