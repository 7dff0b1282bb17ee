// Shared helpers for the sandbox contract tests: Connector API calls with the demo tokens, in-process or over HTTP.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
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
  return reply(res);
}

/** POSTs JSON to `${base}${path}` over real HTTP (`base` from startSandbox). */
export async function post(base: string, path: string, body: unknown = {}): Promise<Reply> {
  return reply(await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));
}

/** A Connector API call with the demo tokens over real HTTP. */
export function api(base: string, op: string, body: object = {}): Promise<Reply> {
  return post(base, `/api/connector/v1/${op}`, { ...AUTH, ...body });
}

async function reply(res: Response): Promise<Reply> {
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  return { status: res.status, headers: res.headers, json };
}

/** Sends a raw body (for invalid JSON and auth tests). */
export async function raw(app: Hono<any>, path: string, body: string | undefined, method = 'POST'): Promise<Reply> {
  return reply(await app.request(path, { method, headers: { 'content-type': 'application/json' }, body }));
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

/** A delivered webhook: the path (with its query) and the parsed JSON body. */
export interface Delivery {
  url: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** A local HTTP server that records every webhook POSTed to it and answers `status`. */
export async function webhookReceiver(status = 200) {
  const received: Delivery[] = [];
  const server = createServer((req, res) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => {
      received.push({ url: req.url ?? '', body: JSON.parse(data) });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
