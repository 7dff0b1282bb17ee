// @vitest-environment node
/**
 * Security review, issue 17 row 11: the edge of pairing and of the proxy as a whole, attacked
 * over real HTTP.
 * - The pairing throttle was per socket address, in memory, per instance: many addresses and
 *   two instances multiplied the guesses. Failure caps now live in the store (a global one per
 *   window, and a per-code one that burns a code after too many wrong tries).
 * - A cross-origin "simple" POST (text/plain) reached a body route and was processed.
 * - No Host check: a page on a DNS-rebound name reached `/metrics` and `/v1/pair`.
 * - 400 for an unknown code, 410 for a used or expired one, told a guesser which codes exist.
 * - X-Forwarded-For must count only when the operator says a reverse proxy is in front.
 */
import { createPartnerToken } from '../../server/proxy/auth/partner-tokens';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { afterEach, describe, expect, it } from 'vitest';
import { createProxyApp } from '../../server/proxy/app';
import { createLogger } from '../../server/proxy/http/logger';
import { createMetrics } from '../../server/proxy/http/metrics';
import { loadConfig } from '../../server/proxy/platform/config';
import { mintPairingCode } from '../../server/proxy/auth/pairing';
import { PAIRING_CODE_MAX_FAILURES, PAIRING_FAILURE_CAP, PAIRING_FAILURES_PER_MINUTE } from '../../server/proxy/auth/routes';
import { openStore, type Store } from '../../server/proxy/store/db';
import { createHarness, tempDir } from '../proxy/support/harness';
import { WEBHOOK_TOKEN, startLoyaltyEnv } from '../proxy/support/loyalty-env';
import { pgAvailable } from '../proxy/support/postgres';
import { allRoutes, fillPath, problemFault } from './support/routes';
import { twoStoresOnOneDatabase } from './support/shared-database';

interface Answer { status: number; headers: Record<string, string | string[] | undefined>; body: string }

/** One real HTTP request, from `from` (any 127.x.y.z is this machine), with the Host header given. */
function send(port: number, options: { path: string; method?: string; host?: string; from?: string; headers?: Record<string, string>; body?: string }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({
      host: '127.0.0.1', port, path: options.path, method: options.method ?? 'GET', localAddress: options.from ?? '127.0.0.1',
      headers: { Host: options.host ?? `127.0.0.1:${port}`, ...options.headers },
    }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const pairAt = (port: number, code: string, from = '127.0.0.1', headers: Record<string, string> = {}) =>
  send(port, { path: '/v1/pair', method: 'POST', from, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify({ code }) });

/** A proxy instance on a real port over `store` (several may share one database); stopped after the test. */
async function instance(store: Store, env: Record<string, string> = {}): Promise<{ port: number; store: Store }> {
  const app = createProxyApp({ config: loadConfig({ LOG_LEVEL: 'silent', ...env }), store, log: createLogger('silent'), metrics: createMetrics() });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { port: (server.address() as AddressInfo).port, store };
}

/** One instance over a fresh SQLite store of its own. */
async function soleInstance(env: Record<string, string> = {}) {
  const temp = tempDir('keycard-edge-');
  const store = await openStore(`sqlite:${join(temp.dir, 'keycard.sqlite')}`);
  cleanups.push(async () => {
    await store.close();
    temp.remove();
  });
  return instance(store, env);
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Two instances over one database: PostgreSQL, or one SQLite file opened twice. */
async function twoInstances(dialect: 'sqlite' | 'postgres') {
  const shared = await twoStoresOnOneDatabase(dialect);
  cleanups.push(() => shared.close());
  return [await instance(shared.stores[0]), await instance(shared.stores[1])] as const;
}

const dialects = (['sqlite', 'postgres'] as const).filter((d) => d === 'sqlite' || pgAvailable);

describe.each(dialects)('pairing failure caps live in the store (%s)', (dialect) => {
  it('guesses from many addresses across two instances stop at the global cap; then even a right code waits', async () => {
    const [a, b] = await twoInstances(dialect);
    const statuses: number[] = [];
    // 12 addresses × 2 instances × 4 guesses: each address stays under its own per-minute limit.
    for (let address = 2; address < 14; address++) {
      for (const { port } of [a, b]) {
        for (let guess = 0; guess < Math.min(4, PAIRING_FAILURES_PER_MINUTE - 1); guess++) {
          statuses.push((await pairAt(port, 'ZZZZ-ZZZZ', `127.0.0.${address}`)).status);
        }
      }
    }
    const answered = statuses.filter((s) => s !== 429).length;
    expect(statuses.length).toBe(96);
    expect(answered).toBeLessThanOrEqual(PAIRING_FAILURE_CAP);
    const { code } = await mintPairingCode(a.store, { deviceName: 'Desk 1', role: 'desk' });
    const refused = await pairAt(b.port, code, '127.0.0.99');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  }, 60_000);

  it('a live code is burnt after too many wrong tries, wherever they came from', async () => {
    const [a, b] = await twoInstances(dialect);
    const { code } = await mintPairingCode(a.store, { deviceName: 'Desk 1', role: 'desk' });
    const unknown = await pairAt(a.port, 'ZZZZ-ZZZZ', '127.0.1.1');
    for (let i = 1; i < PAIRING_CODE_MAX_FAILURES; i++) {
      expect((await pairAt(i % 2 ? b.port : a.port, 'ZZZZ-ZZZZ', `127.0.1.${i + 1}`)).status).toBe(400);
    }
    const burnt = await pairAt(b.port, code, '127.0.2.1');
    expect(burnt.status).toBe(unknown.status);
    expect(JSON.parse(burnt.body)).toEqual(JSON.parse(unknown.body));
  }, 60_000);
});

describe('one answer for every code that does not pair', () => {
  it('unknown, used and expired codes get the same status, title and detail', async () => {
    const h = await createHarness();
    cleanups.push(() => h.close());
    const pair = (code: string) => h.request('/v1/pair', { method: 'POST', json: { code } });
    const used = (await mintPairingCode(h.store, { deviceName: 'Desk 1', role: 'desk' })).code;
    expect((await pair(used)).status).toBe(201);
    const expired = (await mintPairingCode(h.store, { deviceName: 'Desk 2', role: 'desk', now: new Date(Date.now() - 3_600_000), ttlMs: 60_000 })).code;
    const answers = [await pair('ZZZZ-ZZZZ'), await pair(used), await pair(expired)];
    const bodies = await Promise.all(answers.map(async (res) => {
      expect(await problemFault(res.clone())).toBeNull();
      const { status, title, detail, type } = (await res.json()) as Record<string, unknown>;
      return { status, title, detail, type };
    }));
    expect(bodies[1]).toEqual(bodies[0]);
    expect(bodies[2]).toEqual(bodies[0]);
  });
});

describe('bodies must be declared JSON: a cross-origin "simple" POST is refused', () => {
  it('every POST, PUT and PATCH route answers 415 to text/plain and changes nothing', async () => {
    const env = await startLoyaltyEnv('sqlite', { customers: 20 });
    cleanups.push(() => env.close());
    const manager = (await env.harness.pair('manager')).token;
    const { token: partner } = await createPartnerToken(env.store.db, { name: 'Mews' });
    const writes = allRoutes(env.harness.deps).filter((r) => r.method === 'post' || r.method === 'put' || r.method === 'patch');
    expect(writes.map((r) => r.path)).toEqual(expect.arrayContaining(['/v1/pair', '/mews/webhooks', '/v1/memberships']));
    const id = '6a5c2a5e-3f7e-4a39-9a0e-0c2f4f6b8d11';
    const events = JSON.stringify({ Events: [{ Discriminator: 'CustomerUpdated', Value: { Id: id } }] });
    for (const route of writes) {
      const path = route.path === '/mews/webhooks' ? `/mews/webhooks?token=${WEBHOOK_TOKEN}` : fillPath(route.path, { id, tierId: id });
      const res = await env.harness.app.request(path, {
        method: route.method.toUpperCase(),
        headers: { 'Content-Type': 'text/plain', Authorization: `Bearer ${route.auth === 'partner' ? partner : manager}`, 'Idempotency-Key': crypto.randomUUID(), Origin: 'https://evil.example' },
        body: route.path === '/mews/webhooks' ? events : '{"code":"ZZZZ-ZZZZ","delta":5,"reason":"bonus"}',
      });
      // The partner API answers in Mews's vocabulary, which has no 415: a malformed request is its 400.
      expect(res.status, `${route.method} ${route.path}`).toBe(route.auth === 'partner' ? 400 : 415);
      expect(await problemFault(res), route.path).toBeNull();
    }
    await env.module.webhooks.drain();
    expect(await env.store.db.selectFrom('customers').selectAll().where('id', '=', id).execute()).toEqual([]);
  }, 60_000);
});

describe('a Host allowlist stops DNS rebinding', () => {
  it('a rebound name is refused before routing (metrics and pairing included); local names and PUBLIC_HOSTS pass', async () => {
    const { port, store } = await soleInstance({ METRICS_TOKEN: 'scrape-me', PUBLIC_HOSTS: 'keycard.hotel.example' });
    const { code } = await mintPairingCode(store, { deviceName: 'Desk 1', role: 'desk' });
    const metrics = { path: '/metrics', headers: { Authorization: 'Bearer scrape-me' } };
    for (const host of [`rebind.evil.example:${port}`, 'rebind.evil.example', `127.0.0.1.evil.example:${port}`, `localhost.:${port}`]) {
      for (const res of [
        await send(port, { ...metrics, host }),
        await send(port, { path: '/v1/pair', method: 'POST', host, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code }) }),
        await send(port, { path: '/health', host }),
        await send(port, { path: '/v1/pair', method: 'OPTIONS', host, headers: { Origin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop', 'Access-Control-Request-Method': 'POST' } }),
      ]) {
        expect(res.status, host).toBe(421);
        expect(res.headers['content-type']).toBe('application/problem+json');
        expect(res.body).not.toContain('keycard_');
      }
    }
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, 'keycard.hotel.example', `KEYCARD.hotel.example:${port}`]) {
      expect((await send(port, { ...metrics, host })).status, host).toBe(200);
    }
    // The code was never spent by the refused requests.
    expect((await pairAt(port, code)).status).toBe(201);
  }, 60_000);
});

describe('X-Forwarded-For counts only behind a configured reverse proxy', () => {
  it('with TRUST_PROXY=1, two guests behind one load balancer are throttled apart; without it, the header is ignored', async () => {
    for (const trust of ['1', undefined]) {
      const { port } = await soleInstance(trust ? { TRUST_PROXY: trust } : {});
      // The balancer appends the address it saw; a client may send anything before it.
      const via = (client: string) => ({ 'X-Forwarded-For': `203.0.113.66, ${client}` });
      for (let i = 0; i < PAIRING_FAILURES_PER_MINUTE; i++) expect((await pairAt(port, 'ZZZZ-ZZZZ', '127.0.0.5', via('198.51.100.1'))).status).toBe(400);
      expect((await pairAt(port, 'ZZZZ-ZZZZ', '127.0.0.5', via('198.51.100.1'))).status).toBe(429);
      const other = await pairAt(port, 'ZZZZ-ZZZZ', '127.0.0.5', via('198.51.100.2'));
      expect(other.status, `TRUST_PROXY=${trust}`).toBe(trust ? 400 : 429);
    }
  }, 60_000);
});
