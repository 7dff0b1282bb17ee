/**
 * The Idempotency-Key contract for the manager's writes (programs, tiers, membership
 * lifecycle), on the same records as enrollment and adjustments: the first answer is stored
 * and replayed; a refusal that changed nothing frees the key; a Mews write whose outcome is
 * unknown keeps the key open, and the retry runs with `resumed` set so it can look before
 * it writes again.
 */
import { isMewsError } from '../../mews/errors';
import type { LoyaltyContext } from './deps';
import { beginIdempotent, completeIdempotent, doneIdempotent, releaseIdempotent, replayed } from './idempotency';
import type { Actor } from './deps';

import type { WriteAnswer } from './idempotency';

export interface IdempotentRequest {
  device: Actor;
  /** The client's key; undefined runs the write without a record (optional-key routes). */
  key: string | undefined;
  /** e.g. `PATCH /v1/programs/:id`: with `body`, what a reused key is compared against. */
  route: string;
  /** Everything that identifies the request, path parameters included. */
  body: unknown;
}

/**
 * @example
 * const answer = await idempotentWrite(ctx, { device, key, route: 'DELETE /v1/programs/:id', body: { id } },
 *   async (resumed) => ({ status: 204, body: await deleteProgram(ctx, catalog, id, device, resumed) }));
 */
export async function idempotentWrite<T>(
  ctx: LoyaltyContext,
  request: IdempotentRequest,
  write: (resumed: boolean) => Promise<WriteAnswer<T>>,
): Promise<WriteAnswer<T>> {
  if (request.key === undefined) return write(false);
  const { db } = ctx.store;
  const start = await beginIdempotent(db, {
    deviceId: request.device.id, key: request.key, route: request.route, body: request.body, now: ctx.now(),
  });
  if (start.kind === 'replay') return replayed<T>(start.status, start.body);
  try {
    const answer = await write(start.kind === 'resume');
    await completeIdempotent(db, start.storeKey, answer.status, answer.body ?? null);
    doneIdempotent(start.storeKey);
    return answer;
  } catch (error) {
    const unknown = isMewsError(error) && error.outcomeUnknown;
    await releaseIdempotent(db, start.storeKey, { forget: !unknown }).catch(() => {});
    throw error;
  }
}

/** Runs a delete and answers 204 with no body (stored as null for replays). */
export async function deleted(run: Promise<void>): Promise<WriteAnswer<null>> {
  await run;
  return { status: 204, body: null };
}
