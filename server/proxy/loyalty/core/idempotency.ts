/**
 * Idempotency records for the write routes. Keys are scoped to the device that sent them.
 *
 * - first request: a record with no response is inserted (`new`);
 * - same key, same body, finished: the first response is replayed (`replay`);
 * - same key, another body: 422;
 * - same key while the first is still running in this process: 409 "in progress";
 * - same key whose first attempt ended without an answer (crash, or a Mews write whose outcome
 *   is unknown): `resume`, and the caller reconciles instead of applying twice.
 *
 * The rows are read and written by store/idempotency-repository.ts; the answers to the
 * client (problems) are decided here, as the store knows nothing of HTTP.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { ProblemError, conflict } from '../../http/problems';
import type { Database } from '../../store/schema';
import {
  claimIdempotencyKey, forgetOpenRecord, idempotencyRecord, saveAnswer, storedAnswer, storedRequestHash,
} from '../../store/idempotency-repository';

export type IdempotencyStart =
  | { kind: 'new'; storeKey: string }
  | { kind: 'resume'; storeKey: string }
  | { kind: 'replay'; storeKey: string; status: number; body: unknown };

/** Keys this process is working on right now. */
const running = new Set<string>();

/** JSON with object keys sorted, so `{a,b}` and `{b,a}` hash alike. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function requestHash(route: string, body: unknown): string {
  return createHash('sha256').update(`${route}\n${canonicalJson(body)}`).digest('hex');
}

export const storeKeyOf = (deviceId: string, key: string) => `${deviceId}:${key}`;

const reusedProblem = () =>
  new ProblemError(422, 'Idempotency key reused', { key: 'idempotencyKeyReused' }, {
    type: 'https://keycard.dev/problems/idempotency-key-reused',
  });

/**
 * Claims `key` for this request, or says how to answer it.
 *
 * @example
 * const start = await beginIdempotent(db, { deviceId, key, route: 'POST /v1/memberships', body });
 * if (start.kind === 'replay') return c.json(start.body, start.status);
 */
export async function beginIdempotent(
  db: Kysely<Database>,
  request: { deviceId: string; key: string; route: string; body: unknown; now: Date },
): Promise<IdempotencyStart> {
  const storeKey = storeKeyOf(request.deviceId, request.key);
  const hash = requestHash(request.route, request.body);
  if (running.has(storeKey)) {
    const storedHash = await storedRequestHash(db, storeKey);
    if (storedHash !== undefined && storedHash !== hash) throw reusedProblem();
    throw conflict({ key: 'idempotencyInProgress' }, {
      type: 'https://keycard.dev/problems/idempotency-in-progress',
      headers: { 'Retry-After': '1' },
    });
  }
  running.add(storeKey);
  try {
    const claimed = await claimIdempotencyKey(db, { storeKey, route: request.route, requestHash: hash, createdAt: request.now.toISOString() });
    if (claimed) return { kind: 'new', storeKey };
    const row = await idempotencyRecord(db, storeKey);
    if (row.request_hash !== hash || row.route !== request.route) throw reusedProblem();
    if (row.status_code !== null) {
      running.delete(storeKey);
      return { kind: 'replay', storeKey, status: row.status_code, body: JSON.parse(row.response_body ?? 'null') };
    }
    return { kind: 'resume', storeKey };
  } catch (error) {
    running.delete(storeKey);
    throw error;
  }
}

/** The stored answer, if the request finished (e.g. in another process while we waited). */
export async function completedResponse(db: Kysely<Database>, storeKey: string): Promise<{ status: number; body: unknown } | null> {
  const row = await storedAnswer(db, storeKey);
  if (!row || row.status_code === null) return null;
  return { status: row.status_code, body: JSON.parse(row.response_body ?? 'null') };
}

/** Stores the answer to replay. Pass the transaction that commits the change, if any. */
export async function completeIdempotent(db: Kysely<Database>, storeKey: string, status: number, body: unknown): Promise<void> {
  await saveAnswer(db, storeKey, status, body);
}

/**
 * Ends this process's claim. `forget` deletes the record: nothing was changed, so a retry may
 * start afresh. Otherwise the record stays open and the retry resumes (reconciles).
 */
export async function releaseIdempotent(db: Kysely<Database>, storeKey: string, options: { forget: boolean }): Promise<void> {
  running.delete(storeKey);
  if (options.forget) {
    await forgetOpenRecord(db, storeKey);
  }
}

/** Marks the claim finished in this process (after `completeIdempotent` committed). */
export function doneIdempotent(storeKey: string): void {
  running.delete(storeKey);
}

/** An answer as it is stored under an Idempotency-Key and sent again. */
export interface WriteAnswer<T> {
  status: number;
  body: T;
}

/** The first answer, sent again: a stored refusal is thrown again as the same problem. */
export function replayed<T>(status: number, body: unknown): WriteAnswer<T> {
  if (status >= 400) {
    throw ProblemError.fromStored(status, (body as { problem?: Record<string, unknown> })?.problem ?? {});
  }
  return { status, body: body as T };
}
