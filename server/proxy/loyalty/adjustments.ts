/**
 * Point adjustments: the one place Keycard turns "add 50 points" into Mews's "set Points to X".
 *
 * Per membership, one at a time (withMembershipSessionLock: in-process on SQLite, advisory lock
 * on PostgreSQL). Inside the lock: read Points from Mews, check, write a `pending` ledger row,
 * set Points in Mews, mark the row `applied` (with the mirror and the audit entry), apply tier
 * rules, store the answer under the Idempotency-Key. A Mews failure with an unknown outcome
 * leaves the row pending and answers 502/504; the retry with the same key (or start-up
 * reconciliation) settles the row instead of applying twice.
 */
import { randomUUID } from 'node:crypto';
import type { Adjustment, AdjustmentReason, Membership } from '../../../lib/domain/types';
import { ProblemError, conflict, forbidden, notFound } from '../http/problems';
import { isMewsError } from '../mews/errors';
import type { MewsLoyaltyMembership } from '../mews/types';
import { withMembershipSessionLock } from '../store/transaction';
import type { Catalog } from './catalog';
import type { LoyaltyContext } from './deps';
import {
  beginIdempotent, completeIdempotent, completedResponse, doneIdempotent, releaseIdempotent,
} from './idempotency';
import { adjustmentFromRow, markApplied, readMewsMembership, reconcileEntry, type Actor, type LedgerRow } from './ledger';
import { membershipFromRow } from './mirror';
import { toProblem } from './problems';
import { applyTierRules } from './tiers';

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
  body: { adjustment: Adjustment; membership: Membership } | unknown;
}

/**
 * Throws (and remembers under `storeKey`) a problem as the final answer. `conn` is the
 * connection holding the membership lock: on PostgreSQL, requests queued for the same lock
 * each hold a pooled connection, so asking the pool here (as this did) could wait forever
 * once the queue was as long as the pool (seen: a burst of adjustments with one refused
 * redemption hung both proxies of the scale-out test).
 */
async function finalProblem(conn: LoyaltyContext['store']['db'], storeKey: string, problem: ProblemError): Promise<never> {
  await completeIdempotent(conn, storeKey, problem.status, { problem: problem.toProblem() });
  doneIdempotent(storeKey);
  throw problem;
}

export async function adjustPoints(
  ctx: LoyaltyContext,
  catalog: Catalog,
  request: AdjustRequest,
  device: Actor,
  idempotencyKey: string,
): Promise<AdjustResult> {
  const { db, dialect } = ctx.store;
  if (device.role !== 'manager' && Math.abs(request.delta) > ctx.config.deskAdjustmentLimit) {
    throw forbidden(`Desk devices may adjust at most ${ctx.config.deskAdjustmentLimit} points at once; ask a manager.`, {
      type: 'https://keycard.dev/problems/desk-adjustment-limit',
      limit: ctx.config.deskAdjustmentLimit,
    });
  }
  const body = { membershipId: request.membershipId, delta: request.delta, reason: request.reason, note: request.note ?? null };
  const start = await beginIdempotent(db, { deviceId: device.id, key: idempotencyKey, route: ADJUST_ROUTE, body, now: ctx.now() });
  if (start.kind === 'replay') return replay(start.status, start.body);
  const { storeKey } = start;

  let pendingLeft = false;
  try {
    return await withMembershipSessionLock(db, dialect, request.membershipId, async (conn) => {
      // Another process may have answered this key while we waited for the lock.
      const done = await completedResponse(conn, storeKey);
      if (done) return replay(done.status, done.body);

      const earlier = await conn.selectFrom('ledger').selectAll()
        .where('membership_id', '=', request.membershipId).where('idempotency_key', '=', storeKey)
        .where('kind', '=', 'adjustment').executeTakeFirst();
      let entry: LedgerRow;
      let membership: MewsLoyaltyMembership | null;
      if (earlier && earlier.status !== 'applied') {
        // The first attempt's outcome is unknown (or it crashed): settle it, never re-add.
        pendingLeft = earlier.status === 'pending';
        ({ entry, membership } = await reconcileEntry(ctx, conn, earlier, device));
        pendingLeft = entry.status === 'pending';
        if (entry.status === 'review' || !membership) {
          return finalProblem(conn, storeKey, conflict('Mews points changed outside Keycard; this adjustment needs review.', {
            type: 'https://keycard.dev/problems/adjustment-needs-review',
            adjustment: adjustmentFromRow(entry),
          }));
        }
        membership = { ...membership, Points: entry.points_after };
      } else if (earlier) {
        entry = earlier;
        membership = await readMewsMembership(ctx, request.membershipId);
        if (!membership) throw notFound(`Mews has no loyalty membership ${request.membershipId}.`);
      } else {
        // Settle this membership's earlier pending entries (a Mews write whose outcome was
        // unknown, or a crash) before reading the base: Points may or may not include them.
        // Computing on top of an unsettled entry sent its retry to `review` (409) although
        // Mews could hold its points: a desk's adjustment refused, or applied but unbooked.
        // A Mews failure here fails this request too (nothing written yet), never guesses.
        const unsettled = await conn.selectFrom('ledger').selectAll()
          .where('membership_id', '=', request.membershipId).where('status', '=', 'pending').execute();
        for (const other of unsettled) await reconcileEntry(ctx, conn, other, null);
        membership = await readMewsMembership(ctx, request.membershipId);
        if (!membership || membership.ActivityState === 'Deleted') {
          throw notFound(`Mews has no loyalty membership ${request.membershipId}.`);
        }
        const before = membership.Points ?? 0;
        const after = before + request.delta;
        if (request.reason === 'redemption' && after < 0) {
          return finalProblem(conn, storeKey, conflict(`Redeeming ${-request.delta} points would leave ${after}; the balance is ${before}.`, {
            type: 'https://keycard.dev/problems/insufficient-points',
            points: before,
          }));
        }
        if (Math.abs(after) > INT32_MAX) {
          return finalProblem(conn, storeKey, new ProblemError(422, 'Validation failed', 'The resulting balance is out of range.', {
            errors: [{ pointer: '/delta', detail: 'The resulting balance must fit in a 32-bit integer.' }],
          }));
        }
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
          created_at: ctx.now().toISOString(),
          applied_at: null,
        };
        // Written before Mews is touched: a crash from here on leaves a trace to reconcile.
        await conn.insertInto('ledger').values(entry).execute();
        pendingLeft = true;
        try {
          const { LoyaltyMemberships } = await ctx.mews.call('loyaltyMemberships/update', {
            LoyaltyMembershipUpdates: [{ LoyaltyMembershipId: request.membershipId, Points: { Value: after } }],
            ChainId: membership.ChainId,
          });
          membership = LoyaltyMemberships.find((m) => m.Id === request.membershipId) ?? { ...membership, Points: after };
        } catch (error) {
          if (isMewsError(error) && !error.outcomeUnknown) {
            // Mews refused: nothing changed, so no ledger row either.
            await conn.deleteFrom('ledger').where('id', '=', entry.id).execute();
            pendingLeft = false;
          }
          throw error;
        }
        entry = await markApplied(ctx, conn, entry, membership, device);
        pendingLeft = false;
      }

      const program = await catalog.program(membership.LoyaltyProgramId, conn).catch(() => undefined);
      const final = await applyTierRules(ctx, conn, program, { ...membership, Points: entry.points_after }, entry, device);
      const row = await conn.selectFrom('memberships').selectAll().where('id', '=', final.Id).executeTakeFirst();
      const result = { adjustment: adjustmentFromRow(entry), membership: row ? membershipFromRow(row) : undefined };
      await completeIdempotent(conn, storeKey, 201, result);
      doneIdempotent(storeKey);
      return { status: 201, body: result };
    });
  } catch (error) {
    // A pending row means Mews may have applied it: keep the key open so the retry reconciles.
    await releaseIdempotent(db, storeKey, { forget: !pendingLeft }).catch(() => {});
    if (error instanceof ProblemError) throw error;
    throw toProblem(error);
  }
}

function replay(status: number, body: unknown): AdjustResult {
  if (status >= 400) {
    const problem = (body as { problem?: { title?: string; detail?: string; type?: string } }).problem ?? {};
    const { title = 'Error', detail, status: _s, ...extra } = problem as Record<string, unknown> & { title?: string; detail?: string };
    throw new ProblemError(status, String(title), detail as string | undefined, extra);
  }
  return { status, body };
}
