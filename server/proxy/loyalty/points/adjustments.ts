/**
 * Point adjustments: the one place Keycard turns "add 50 points" into Mews's "set Points to X".
 *
 * Per membership, one at a time (withMembershipSessionLock: in-process on SQLite, advisory lock
 * on PostgreSQL). Inside the lock: settle any pending row first (fence.ts: a write of unknown
 * outcome may still land, so nothing is written until it is seen or its bound has passed),
 * read Points from Mews, check, write a `pending` ledger row, set Points in Mews, mark the row
 * `applied` (with the mirror and the audit entry), apply tier rules, store the answer under
 * the Idempotency-Key. A Mews write whose outcome is unknown is read back until this request's
 * deadline; unseen, the row stays pending and the answer is 502/504; the retry with the same
 * key (or the reconciler) settles it instead of applying twice.
 */
import { randomUUID } from 'node:crypto';
import type { Adjustment, AdjustmentReason, Membership } from '../../../../lib/contract';
import { CLOSED_MEMBERSHIP_STATES, MEMBERSHIP_CLOSED_PROBLEM } from '../../../../lib/contract/vocabulary';
import { ProblemError, conflict, forbidden, notFound, fieldProblem } from '../../http/problems';
import type { MewsLoyaltyMembership } from '../../mews/connector-types';
import { entryForKey } from '../../store/ledger-repository';
import { withMembershipSessionLock } from '../../store/transaction';
import type { Catalog } from '../programs/catalog';
import type { LoyaltyContext } from '../core/deps';
import {
  beginIdempotent, completeIdempotent, completedResponse, doneIdempotent, releaseIdempotent, replayed,
} from '../core/idempotency';
import { insertWithinDeskCaps } from './caps';
import { fenceFromNow, settlePending } from './fence';
import { adjustmentFromRow, readMewsMembership, type Actor, type LedgerRow } from './ledger';
import { settleAllPending, sendEntry, settledOrFenced } from './write-entry';
import { membershipFromRow, mirroredMembership } from '../../store/mirror-repository';
import { applyTierRules, withNextTier } from '../programs/tiers';

export const ADJUST_ROUTE = 'POST /v1/memberships/:id/adjustments';
const INT32_MAX = 2_147_483_647;

export interface AdjustRequest {
  membershipId: string;
  delta: number;
  reason: AdjustmentReason;
  note?: string | null;
}

export interface AdjustResult {
  status: number;
  body: { adjustment: Adjustment; membership?: Membership };
}

/**
 * Throws (and remembers under `storeKey`) a problem as the final answer. `conn` is the
 * connection holding the membership lock: on PostgreSQL, requests queued for the same lock
 * each hold a pooled connection, so asking the pool here (as this did) could wait forever
 * once the queue was as long as the pool (seen: a burst of adjustments with one refused
 * redemption hung both proxies of the scale-out test).
 */
async function finalProblem(conn: LoyaltyContext['store']['db'], storeKey: string, problem: ProblemError): Promise<never> {
  await completeIdempotent(conn, storeKey, problem.status, { problem: problem.toStored() });
  doneIdempotent(storeKey);
  throw problem;
}

/**
 * 409 for a change that would take the balance below zero, whatever its reason and whoever
 * asks: a negative balance is points spent that the guest never had. Only a stay's reversal
 * (stays/) may leave one, and the ledger shows why. Names `delta`, so the panel shows it on
 * the Points field.
 */
function belowZero(request: AdjustRequest, before: number): ProblemError {
  const verb = request.reason === 'redemption' ? 'Redeeming' : 'Removing';
  const most = Math.max(0, before);
  const words = { points: -request.delta, after: before + request.delta, before };
  return conflict({ key: request.reason === 'redemption' ? 'belowZeroRedeem' : 'belowZeroRemove', params: words }, {
    type: 'https://keycard.dev/problems/insufficient-points',
    points: before,
    errors: [fieldProblem('/delta', { key: 'belowZeroField', params: { most, before } })],
  });
}

/** 409 for a desk's change to a Canceled or Declined membership (the program's state rule, vocabulary.ts). */
function closedMembership(state: string): ProblemError {
  return conflict({ key: 'membershipClosed', params: { state } }, {
    type: MEMBERSHIP_CLOSED_PROBLEM,
    state,
  });
}

/** Applies once per Idempotency-Key; answers the adjustment and the membership with its `nextTier`. */
export async function adjustPoints(...args: Parameters<typeof adjustOnce>): Promise<AdjustResult> {
  const catalog = args[1];
  const answer = await adjustOnce(...args);
  const { membership } = answer.body;
  if (!membership) return answer;
  const [decorated] = await withNextTier(catalog, [membership]);
  return { status: answer.status, body: { ...answer.body, membership: decorated ?? membership } };
}

async function adjustOnce(
  ctx: LoyaltyContext,
  catalog: Catalog,
  request: AdjustRequest,
  device: Actor,
  idempotencyKey: string,
): Promise<AdjustResult> {
  const { db, dialect } = ctx.store;
  if (device.role !== 'manager' && Math.abs(request.delta) > ctx.config.deskAdjustmentLimit) {
    throw forbidden({ key: 'deskAdjustmentLimit', params: { limit: ctx.config.deskAdjustmentLimit } }, {
      type: 'https://keycard.dev/problems/desk-adjustment-limit',
      limit: ctx.config.deskAdjustmentLimit,
    });
  }
  const body = { membershipId: request.membershipId, delta: request.delta, reason: request.reason, note: request.note ?? null };
  const start = await beginIdempotent(db, { deviceId: device.id, key: idempotencyKey, route: ADJUST_ROUTE, body, now: ctx.now() });
  if (start.kind === 'replay') return replayed(start.status, start.body);
  const { storeKey } = start;

  let pendingLeft = false;
  try {
    return await withMembershipSessionLock(db, dialect, request.membershipId, async (conn) => {
      // A fenced membership is waited for this long from taking the lock (time queued for the
      // lock is not time spent on the fence: everyone ahead was settling it).
      const deadline = Date.now() + ctx.config.fenceWaitMs;
      // Another process may have answered this key while we waited for the lock.
      const done = await completedResponse(conn, storeKey);
      if (done) return replayed(done.status, done.body);

      const earlier = await entryForKey(conn, request.membershipId, storeKey);
      let entry: LedgerRow;
      let membership: MewsLoyaltyMembership | null;
      if (earlier && earlier.status !== 'applied') {
        // The first attempt's outcome is unknown (or it crashed): settle it, never re-add.
        pendingLeft = earlier.status === 'pending';
        const settled = settledOrFenced(await settlePending(ctx, conn, earlier, device, deadline));
        ({ entry, membership } = settled);
        pendingLeft = entry.status === 'pending';
        if (entry.status === 'review' || !membership) {
          return finalProblem(conn, storeKey, conflict({ key: 'needsReview' }, {
            type: 'https://keycard.dev/problems/adjustment-needs-review',
            adjustment: adjustmentFromRow(entry),
          }));
        }
        membership = { ...membership, Points: entry.points_after };
      } else if (earlier) {
        entry = earlier;
        membership = await readMewsMembership(ctx, request.membershipId);
        if (!membership) throw notFound({ key: 'noMembership', params: { membershipId: request.membershipId } });
      } else {
        // Earlier pending entries first (write-entry.ts). A Mews failure here fails this
        // request too (nothing written yet), never guesses.
        await settleAllPending(ctx, conn, request.membershipId, deadline);
        membership = await readMewsMembership(ctx, request.membershipId);
        if (!membership || membership.ActivityState === 'Deleted') {
          throw notFound({ key: 'noMembership', params: { membershipId: request.membershipId } });
        }
        if (device.role !== 'manager' && CLOSED_MEMBERSHIP_STATES.includes(membership.State)) {
          return finalProblem(conn, storeKey, closedMembership(membership.State));
        }
        const before = membership.Points ?? 0;
        const after = before + request.delta;
        // Against the balance just read under the lock, the base the write will use.
        if (request.delta < 0 && after < 0) return finalProblem(conn, storeKey, belowZero(request, before));
        if (Math.abs(after) > INT32_MAX) {
          return finalProblem(conn, storeKey, new ProblemError(422, 'Validation failed', { key: 'balanceOutOfRange' }, {
            errors: [fieldProblem('/delta', { key: 'fieldBalance32' })],
          }));
        }
        const now = ctx.now().toISOString();
        entry = {
          id: randomUUID(),
          membership_id: request.membershipId,
          idempotency_key: storeKey,
          delta: request.delta,
          reason: request.reason,
          note: request.note ?? null,
          points_before: before,
          points_after: after,
          status: 'pending',
          kind: 'adjustment',
          device_id: device.id,
          device_name: device.name,
          created_at: now,
          applied_at: null,
          fenced_until: fenceFromNow(ctx),
          stay_id: null,
          rule_version: null,
        };
        const refused = await insertWithinDeskCaps(ctx, conn, entry, device);
        if (refused) return finalProblem(conn, storeKey, refused);
        pendingLeft = true;
        const outcome = await sendEntry(ctx, conn, entry, membership, device, deadline);
        if (outcome.kind !== 'applied') {
          pendingLeft = outcome.kind === 'unknown';
          throw outcome.error;
        }
        ({ entry, membership } = outcome);
        pendingLeft = false;
      }

      const program = await catalog.program(membership.LoyaltyProgramId, conn).catch(() => undefined);
      const final = await applyTierRules(ctx, conn, program, { ...membership, Points: entry.points_after }, entry, device);
      const row = await mirroredMembership(conn, final.Id);
      const result = { adjustment: adjustmentFromRow(entry), membership: row ? membershipFromRow(row) : undefined };
      await completeIdempotent(conn, storeKey, 201, result);
      doneIdempotent(storeKey);
      return { status: 201, body: result };
    });
  } catch (error) {
    // A pending row means Mews may have applied it: keep the key open so the retry reconciles.
    await releaseIdempotent(db, storeKey, { forget: !pendingLeft }).catch(() => {});
    throw error;
  }
}
