/**
 * Malformed answers from Mews: a stub "Mews" answers every Connector API call with garbage
 * (HTML, truncated JSON, an empty body, wrong types, a bare array, an error echoing our token).
 * Every desk route that asks Mews (/v1/sync reads only the mirror) must answer a clear 5xx *problem* from the 502/503/504 family (never a 500
 * "something went wrong in the proxy", never a crash), and never echo a Mews token.
 */
// @vitest-environment node
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLoyaltyModule, type LoyaltyModule } from '../../server/proxy/loyalty/module';
import { SlidingWindowLimiter } from '../../server/proxy/mews/limiter';
import { createHarness, type Harness } from '../proxy/support/harness';
import { problemFault } from './support/routes';

const CLIENT_TOKEN = 'GARBAGE-TEST-CLIENT-TOKEN-0123456789ABCDEF';
const ACCESS_TOKEN = 'GARBAGE-TEST-ACCESS-TOKEN-FEDCBA9876543210';
const GUID = '6a0bd4ff-8f4b-4b0e-9a1f-2c7a3e5b9d10';

type Mode = { name: string; status: number; type: string; body: string | ((req: Record<string, unknown>) => string) };
const MODES: Mode[] = [
  { name: 'HTML 200', status: 200, type: 'text/html', body: '<html><body>Welcome to nginx!</body></html>' },
  { name: 'HTML 502 gateway page', status: 502, type: 'text/html', body: '<html><h1>502 Bad Gateway</h1></html>' },
  { name: 'truncated JSON', status: 200, type: 'application/json', body: '{"LoyaltyMemberships":[{"Id":"' },
  { name: 'empty body', status: 200, type: 'application/json', body: '' },
  { name: 'null', status: 200, type: 'application/json', body: 'null' },
  { name: 'bare array', status: 200, type: 'application/json', body: '[1,2,3]' },
  { name: 'wrong types', status: 200, type: 'application/json',
    body: JSON.stringify({ LoyaltyMemberships: 'many', LoyaltyPrograms: 7, LoyaltyTiers: {}, Customers: 'x', Cursor: 42, Enterprise: [], Chains: null }) },
  { name: 'wrong item types', status: 200, type: 'application/json',
    body: JSON.stringify({ LoyaltyMemberships: [{ Id: 5, Points: 'lots', AccountId: null }], LoyaltyPrograms: [null, 3], LoyaltyTiers: ['x'], Customers: [{ Id: {} }], Cursor: null }) },
  { name: '400 echoing the tokens', status: 400, type: 'application/json',
    body: (req) => JSON.stringify({ Message: `Invalid AccessToken ${String(req.AccessToken)} with ClientToken ${String(req.ClientToken)}` }) },
  { name: '500 echoing the tokens in HTML', status: 500, type: 'text/html', body: (req) => `<pre>${JSON.stringify(req)}</pre>` },
];

let mode: Mode = MODES[0]!;
let server: ReturnType<typeof serve>;
let harness: Harness;
let module: LoyaltyModule;
let desk: string;
let manager: string;

beforeAll(async () => {
  const app = new Hono();
  app.post('/api/connector/v1/*', async (c) => {
    const req = (await c.req.json().catch(() => ({}))) as Record<string, unknown>;
    const body = typeof mode.body === 'function' ? mode.body(req) : mode.body;
    return new Response(body, { status: mode.status, headers: { 'content-type': mode.type } });
  });
  server = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const env = { MEWS_PLATFORM_URL: url, MEWS_CLIENT_TOKEN: CLIENT_TOKEN, MEWS_ACCESS_TOKEN: ACCESS_TOKEN, DEVICE_RATE_LIMIT: '100000', DEVICE_MEWS_SHARE: '100000' };
  // The loyalty module needs the platform deps a harness builds; a second harness over the
  // same store mounts it.
  const base = await createHarness({ env });
  module = createLoyaltyModule(base.deps, {
    limiter: new SlidingWindowLimiter({ maxRequests: 100_000, windowMs: 30_000 }),
    loyalty: { pollIntervalMs: 0, stayPollIntervalMs: 0, coalesceWindowMs: 5 },
  });
  harness = await createHarness({ env, modules: [module], store: base.store });
  desk = (await harness.pair('desk')).token;
  manager = (await harness.pair('manager')).token;
});

afterAll(async () => {
  await harness?.close();
  await new Promise<void>((resolve) => {
    (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
    server.close(() => resolve());
  });
});

const calls: Array<{ method: string; path: string; json?: unknown; key?: boolean; manager?: boolean }> = [
  { method: 'GET', path: '/v1/context' },
  { method: 'GET', path: `/v1/accounts/${GUID}/loyalty` },
  { method: 'GET', path: `/v1/reservations/${GUID}/loyalty` },
  { method: 'GET', path: '/v1/members/search?q=smith' },
  { method: 'POST', path: '/v1/memberships', json: { accountId: GUID, programId: GUID }, key: true },
  { method: 'POST', path: `/v1/memberships/${GUID}/adjustments`, json: { delta: 10, reason: 'bonus' }, key: true },
  { method: 'PATCH', path: `/v1/memberships/${GUID}`, json: { isPrimary: true }, manager: true },
];

describe('malformed answers from Mews', () => {
  for (const m of MODES) {
    it(`${m.name}: a clear 5xx problem from every route, no token in it`, async () => {
      mode = m;
      const wrong: string[] = [];
      for (const call of calls) {
        const res = await harness.request(call.path, {
          method: call.method,
          token: call.manager ? manager : desk,
          ...(call.json ? { json: call.json } : {}),
          headers: call.key ? { 'Idempotency-Key': crypto.randomUUID() } : {},
        });
        const text = await res.clone().text();
        const where = `${m.name}: ${call.method} ${call.path} → ${res.status} ${text.slice(0, 300)}`;
        expect(text, where).not.toContain(ACCESS_TOKEN);
        expect(text, where).not.toContain(CLIENT_TOKEN);
        for (const [, value] of res.headers) expect(value).not.toContain(ACCESS_TOKEN);
        if (![502, 503, 504].includes(res.status)) wrong.push(where);
        else if (await problemFault(res, { detailRequired: false })) wrong.push(`${where}: ${await problemFault(res.clone())}`);
      }
      expect(wrong).toEqual([]);
      expect((await harness.request('/health')).status).toBe(200);
    });
  }
});
