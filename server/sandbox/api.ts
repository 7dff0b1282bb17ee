/**
 * The Connector API request pipeline, in the order Mews appears to apply it:
 * route (404) → injected faults → body size (413) → strict JSON (400) → tokens (401)
 * → rate limit per AccessToken (429) → operation (200, or the error it throws).
 * Late writes, lost answers and slow reads (faults.ts) act around the operation itself: a late
 * write is applied when its delay ends whether or not the client still waits, as a real server
 * that queued it would.
 */
import type { Context } from 'hono';
import { MewsError, errorBody } from './core/errors.ts';
import { applyFaults, isReadOperation, operationFaults, sleep } from './core/faults.ts';
import { OPERATIONS } from './operations/index.ts';
import type { WebhookEvent } from './core/webhooks.ts';
import { ACCESS_TOKENS, DEMO_CLIENT_TOKEN } from './core/seed.ts';
import { isObject, type Json } from './core/validate.ts';
import type { SandboxEnv, SandboxState } from './core/state.ts';

/** Prefix of every Connector API path. */
export const API_PREFIX = '/api/connector/v1/';

function asMewsError(err: unknown): MewsError {
  return err instanceof MewsError
    ? err
    : new MewsError(500, 'An unexpected error occurred.', err instanceof Error ? err.message : String(err));
}

function sendError(c: Context<SandboxEnv>, e: MewsError): Response {
  for (const [k, v] of Object.entries(e.headers)) c.header(k, v);
  return c.json(errorBody(e, c.get('requestId')), e.status);
}

/** Turns a thrown value into the Mews error response, counting it in the stats. */
export function errorResponse(c: Context<SandboxEnv>, state: SandboxState, err: unknown, fromLimiter = false): Response {
  const e = asMewsError(err);
  state.stats.response(e.status, fromLimiter);
  return sendError(c, e);
}

/** The same error response for a `/_sandbox/` test hook, which the stats never count. */
export function hookErrorResponse(c: Context<SandboxEnv>, err: unknown): Response {
  return sendError(c, asMewsError(err));
}

/** The JSON object body of a test hook (hooks take plain JSON, no tokens); else 400. */
export async function hookBody(req: Request): Promise<Record<string, unknown>> {
  try {
    const v: unknown = JSON.parse(await req.text());
    if (isObject(v)) return v;
  } catch {
    // fall through to the 400
  }
  throw new MewsError(400, 'Invalid JSON.', 'The body must be a JSON object.');
}

function authenticate(body: Json): string {
  if (typeof body.ClientToken !== 'string' || body.ClientToken !== DEMO_CLIENT_TOKEN) {
    throw new MewsError(401, 'Invalid ClientToken.', 'The ClientToken is missing, invalid or expired.');
  }
  if (typeof body.AccessToken !== 'string' || !ACCESS_TOKENS.includes(body.AccessToken)) {
    throw new MewsError(401, 'Invalid AccessToken.', 'The AccessToken is missing, invalid or expired.');
  }
  if (typeof body.Client !== 'string' || body.Client.trim() === '') {
    throw new MewsError(401, 'Missing Client.', 'Send the name and version of the client application in Client.');
  }
  return body.AccessToken;
}

async function readBody(c: Context<SandboxEnv>, maxBytes: number): Promise<Json> {
  const declared = Number(c.req.header('content-length') ?? '0');
  if (declared > maxBytes) throw new MewsError(413, 'The request body is too large.', `limit ${maxBytes} bytes`);
  const buf = await c.req.arrayBuffer();
  if (buf.byteLength > maxBytes) throw new MewsError(413, 'The request body is too large.', `limit ${maxBytes} bytes`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(buf));
  } catch (e) {
    throw new MewsError(400, 'Invalid JSON.', e instanceof Error ? e.message : null);
  }
  if (!isObject(parsed)) throw new MewsError(400, 'Invalid JSON.', 'The body must be a JSON object.');
  return parsed;
}

/**
 * Called after an operation's answer is ready with the customers it created and the caller's
 * `Accept-Language`; whatever it starts must not hold up the answer.
 */
export type CustomersAdded = (customerIds: string[], acceptLanguage: string | undefined) => void;

/** Hono handler for everything under {@link API_PREFIX}. */
export function connectorApi(state: SandboxState, customersAdded?: CustomersAdded) {
  return async (c: Context<SandboxEnv>): Promise<Response> => {
    const path = new URL(c.req.url).pathname;
    const name = path.slice(API_PREFIX.length);
    const op = Object.hasOwn(OPERATIONS, name) ? OPERATIONS[name] : undefined;
    if (c.req.method !== 'POST' || !op) {
      return errorResponse(c, state, new MewsError(404, 'Not found.', `${c.req.method} ${path} is not a Connector API operation.`));
    }
    state.stats.request(name);
    try {
      await applyFaults(state.faults, state.random, state.hangs.signal);
      const body = await readBody(c, state.options.maxBodyBytes);
      const token = authenticate(body);
      const now = Date.now();
      state.stats.tokenAttempt(token, now);
      const retryAfter = state.limiter.take(token, now);
      if (retryAfter > 0) {
        const e = new MewsError(429, 'Too many requests. Wait before retrying.',
          `More than ${state.limiter.options.limit} requests within ${state.limiter.options.windowMs / 1000} s for this AccessToken.`,
          { 'Retry-After': String(retryAfter) });
        return errorResponse(c, state, e, true);
      }
      const around = operationFaults(state.faults, state.random, name);
      const read = isReadOperation(name);
      if (!read) await sleep(around.lateMs, state.hangs.signal);
      const events: WebhookEvent[] = [];
      const result = op({
        body, store: state.store, now: () => Date.now(),
        effects: { customerEvent: (kind, id) => events.push({ Discriminator: kind, Value: { Id: id } }) },
      });
      state.webhooks.send(events);
      const added = events.filter((e) => e.Discriminator === 'CustomerAdded').map((e) => e.Value.Id);
      if (added.length) customersAdded?.(added, c.req.header('accept-language'));
      if (around.dropAnswer) return dropAnswer(c, state);
      // A slow read answers with what Mews held on arrival: a deep copy, so later writes do not show.
      const answer = read && around.lateMs > 0 ? structuredClone(result) : result;
      if (read) await sleep(around.lateMs, state.hangs.signal);
      state.stats.response(200);
      if (/return=minimal/i.test(c.req.header('prefer') ?? '') && isEmptyResult(answer)) return c.body(null, 204);
      return c.json(answer as object, 200);
    } catch (err) {
      return errorResponse(c, state, err);
    }
  };
}

/** `Prefer: return=minimal` turns `{}` and empty pages into 204 (guidelines/requests.md). */
function isEmptyResult(r: unknown): boolean {
  if (!isObject(r)) return false;
  const keys = Object.keys(r);
  if (keys.length === 0) return true;
  return 'Cursor' in r && r.Cursor === null && keys.every((k) => k === 'Cursor' || k === 'Documents' || (Array.isArray(r[k]) && (r[k] as unknown[]).length === 0));
}

/** The change is made; the answer never arrives (a cut connection, as a client sees a lost reply). */
function dropAnswer(c: Context<SandboxEnv>, state: SandboxState): Response {
  const socket = (c.env as { incoming?: { socket?: { destroy(): void } } } | undefined)?.incoming?.socket;
  if (socket) {
    state.stats.response(200);
    socket.destroy();
    return c.body(null, 500); // never delivered: the socket is gone
  }
  // In-process (app.request) there is no socket to cut: the nearest thing is a gateway error.
  return errorResponse(c, state, new MewsError(503, 'The answer was lost.', 'sandbox fault: dropAnswerAfterApplyRate (in-process: no connection to cut)'));
}
