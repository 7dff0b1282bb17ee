// Shared helpers for the sandbox contract tests: a Connector API call with the demo tokens.
import type { Hono } from 'hono';
import { DEMO_ACCESS_TOKEN, DEMO_CLIENT_TOKEN } from '../../server/sandbox/core/seed.ts';

export const AUTH = { ClientToken: DEMO_CLIENT_TOKEN, AccessToken: DEMO_ACCESS_TOKEN, Client: 'Keycard tests 1.0.0' };

export interface Reply {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

/** POSTs `{...AUTH, ...body}` to `/api/connector/v1/{op}` in-process. */
export async function call(app: Hono<any>, op: string, body: object = {}, init: RequestInit = {}): Promise<Reply> {
  const res = await app.request(`/api/connector/v1/${op}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...AUTH, ...body }),
    ...init,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : null };
}

/** Sends a raw body (for invalid JSON and auth tests). */
export async function raw(app: Hono<any>, path: string, body: string | undefined, method = 'POST'): Promise<Reply> {
  const res = await app.request(path, { method, headers: { 'content-type': 'application/json' }, body });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  return { status: res.status, headers: res.headers, json };
}

/** Asserts the Mews error shape and returns the body. */
export function expectMewsError(r: Reply, status: number, message?: string | RegExp) {
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${JSON.stringify(r.json)}`);
  const requestId = r.headers.get('request-id');
  if (!requestId) throw new Error('missing Request-Id header');
  if (typeof r.json?.Message !== 'string' || r.json.RequestId !== requestId || !('Details' in r.json)) {
    throw new Error(`not a Mews error body: ${JSON.stringify(r.json)}`);
  }
  if (message !== undefined) {
    const ok = typeof message === 'string' ? r.json.Message === message : message.test(r.json.Message);
    if (!ok) throw new Error(`message ${JSON.stringify(r.json.Message)} does not match ${message}`);
  }
  return r.json as { Message: string; RequestId: string; Details: unknown };
}
