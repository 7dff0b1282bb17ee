/**
 * Access: every desk/manager route × {no token, malformed header, unknown token, revoked
 * token, desk on a manager route, a web page's Origin} → the right 401/403 problem and
 * nothing else served; CORS never grants a web origin. Pairing codes: one use, expiry,
 * brute force throttled. Device tokens are stored hashed.
 */
// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintPairingCode } from '../../server/proxy/auth/pairing';
import { createPartnerToken } from '../../server/proxy/auth/partner-tokens';
import { PAIRING_FAILURES_PER_MINUTE } from '../../server/proxy/auth/routes';
import type { RouteDefinition } from '../../server/proxy/http/route';
import { startLoyaltyEnv, type LoyaltyEnv } from '../proxy/support/loyalty-env';
import { mewsMemberships } from './support/processes';
import { allRoutes, fillPath, problemFault } from './support/routes';

let env: LoyaltyEnv;
let routes: RouteDefinition[];
let desk: string;
let manager: string;
let revoked: string;
let sample: Record<string, string>;

beforeAll(async () => {
  env = await startLoyaltyEnv('sqlite', { customers: 60 });
  routes = allRoutes(env.harness.deps).filter((r) => r.auth !== 'none');
  desk = (await env.harness.pair('desk')).token;
  manager = (await env.harness.pair('manager')).token;
  const gone = await env.harness.pair('desk', 'Stolen laptop');
  revoked = gone.token;
  await env.store.db.updateTable('devices').set({ revoked_at: new Date().toISOString() }).where('id', '=', gone.device.id).execute();
  const [m] = await mewsMemberships(env.sandbox.url, undefined, 1);
  sample = { id: m!.Id, accountId: m!.AccountId, reservationId: m!.AccountId, programId: m!.LoyaltyProgramId, tierId: m!.LoyaltyProgramId };
}, 60_000);

afterAll(async () => {
  await env?.close();
});

const bodyFor = (route: RouteDefinition) => (route.method === 'get' ? undefined : JSON.stringify({ delta: 5, reason: 'bonus' }));

async function call(route: RouteDefinition, headers: Record<string, string>): Promise<Response> {
  const path = fillPath(route.path, sample);
  return env.harness.app.request(path, {
    method: route.method.toUpperCase(),
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID(), ...headers },
    body: bodyFor(route),
  });
}

/** A refusal serves nothing but the problem: only problem members in the body. */
async function expectRefusal(res: Response, status: number, where: string) {
  expect(res.status, where).toBe(status);
  expect(await problemFault(res.clone()), where).toBeNull();
  const body = (await res.json()) as Record<string, unknown>;
  expect(Object.keys(body).sort(), where).toEqual(expect.arrayContaining(['status', 'title', 'type']));
  for (const key of Object.keys(body)) expect(['type', 'title', 'status', 'detail', 'instance', 'requestId'], `${where}: ${key}`).toContain(key);
  expect(res.headers.get('Access-Control-Allow-Origin'), where).toBeNull();
}

describe('auth matrix: every v1 route', () => {
  const cases: Array<[string, () => Record<string, string>, number]> = [
    ['no token', () => ({}), 401],
    ['malformed header', () => ({ Authorization: 'Basic dXNlcjpwYXNz' }), 401],
    ['bearer with junk', () => ({ Authorization: 'Bearer not a token' }), 401],
    ['unknown token', () => ({ Authorization: `Bearer ${desk.slice(0, -4)}${desk.endsWith('AAAA') ? 'BBBB' : 'AAAA'}` }), 401],
    ['revoked token', () => ({ Authorization: `Bearer ${revoked}` }), 401],
  ];
  for (const [name, headers, status] of cases) {
    it(`${name} → ${status} on every route`, async () => {
      expect(routes.length).toBeGreaterThan(8);
      for (const route of routes) {
        const res = await call(route, { ...headers(), Origin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop' });
        const where = `${route.method.toUpperCase()} ${route.path} (${name})`;
        expect(res.status, where).toBe(status);
        expect(await problemFault(res.clone()), where).toBeNull();
        if (status === 401) expect(res.headers.get('WWW-Authenticate') ?? '', where).toMatch(/^Bearer/);
      }
    });
  }

  it('desk token on every manager route → 403, nothing served', async () => {
    const managerRoutes = routes.filter((r) => r.auth === 'manager');
    expect(managerRoutes.length).toBeGreaterThan(0);
    const before = await env.store.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    for (const route of managerRoutes) {
      await expectRefusal(await call(route, { Authorization: `Bearer ${desk}` }), 403, `${route.method} ${route.path}`);
    }
    const after = await env.store.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('tokens never cross: device tokens on partner routes and partner tokens on device routes → 401, nothing served', async () => {
    const { token: partner } = await createPartnerToken(env.store.db, { name: 'Mews' });
    const partnerRoutes = routes.filter((r) => r.auth === 'partner');
    expect(partnerRoutes.map((r) => r.path)).toEqual(expect.arrayContaining(['/partner/v1/members/search', '/partner/v1/members', '/partner/v1/memberships/list', '/partner/v1/memberships/link']));
    for (const route of partnerRoutes) {
      for (const token of [desk, manager]) await expectRefusal(await call(route, { Authorization: `Bearer ${token}` }), 401, `${route.method} ${route.path} with a device token`);
    }
    for (const route of routes.filter((r) => r.auth === 'desk' || r.auth === 'manager')) {
      await expectRefusal(await call(route, { Authorization: `Bearer ${partner}` }), 401, `${route.method} ${route.path} with a partner token`);
    }
  });

  it('a web page origin gets no CORS grant, on any route, even with a valid token', async () => {
    for (const origin of ['https://evil.example', 'https://app.mews.com', 'null', 'http://127.0.0.1:8788']) {
      for (const route of routes) {
        const res = await call(route, { Authorization: `Bearer ${manager}`, Origin: origin });
        expect(res.headers.get('Access-Control-Allow-Origin'), `${route.path} from ${origin}`).toBeNull();
        const preflight = await env.harness.app.request(fillPath(route.path, sample), {
          method: 'OPTIONS',
          headers: { Origin: origin, 'Access-Control-Request-Method': route.method.toUpperCase(), 'Access-Control-Request-Headers': 'authorization' },
        });
        expect(preflight.headers.get('Access-Control-Allow-Origin'), `preflight ${route.path} from ${origin}`).toBeNull();
        expect(preflight.headers.get('Access-Control-Allow-Headers')).toBeNull();
      }
    }
    // ...while the extension's own origin is granted.
    const ok = await env.harness.app.request('/v1/context', {
      headers: { Authorization: `Bearer ${desk}`, Origin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop' },
    });
    expect(ok.headers.get('Access-Control-Allow-Origin')).toBe('chrome-extension://abcdefghijklmnopabcdefghijklmnop');
  });
});

describe('pairing codes', () => {
  const pair = (code: string, ip?: string) =>
    env.harness.app.request('/v1/pair', {
      method: 'POST', headers: { 'Content-Type': 'application/json', ...(ip ? { 'X-Forwarded-For': ip } : {}) },
      body: JSON.stringify({ code }),
    });

  it('work once, expire, and are throttled after repeated failures', async () => {
    // app.request has no socket: every call below comes from one "address" (the throttle key).
    const { code } = await mintPairingCode(env.store, { deviceName: 'Desk 9', role: 'desk' });
    const first = await pair(code);
    expect(first.status).toBe(201);
    const token = ((await first.json()) as { token: string }).token;

    const again = await pair(code);
    expect(again.status).toBe(400);
    expect(await problemFault(again)).toBeNull();

    const expired = await mintPairingCode(env.store, { deviceName: 'Desk 10', role: 'desk', now: new Date(Date.now() - 3_600_000), ttlMs: 60_000 });
    const late = await pair(expired.code);
    expect(late.status).toBe(400);
    expect(await problemFault(late)).toBeNull();

    // Two failures so far. Guess until throttled; a spoofed X-Forwarded-For does not help.
    let throttledAt = 0;
    for (let i = 1; i <= PAIRING_FAILURES_PER_MINUTE + 2; i++) {
      const res = await pair(`ZZZZ-${String(1000 + i).slice(-4)}`, `10.0.0.${i}`);
      if (res.status === 429) {
        throttledAt = i;
        expect(await problemFault(res.clone())).toBeNull();
        expect(res.headers.get('Retry-After')).toMatch(/^\d+$/);
        break;
      }
      expect(res.status).toBe(400);
    }
    expect(throttledAt).toBeGreaterThan(0);
    expect(throttledAt).toBeLessThanOrEqual(PAIRING_FAILURES_PER_MINUTE);
    // While throttled, even a right code is refused: guessing would still pay otherwise.
    const fresh = await mintPairingCode(env.store, { deviceName: 'Desk 11', role: 'desk' });
    expect((await pair(fresh.code)).status).toBe(429);

    // Device tokens are stored hashed: no column of any device row holds the token.
    const rows = await env.store.db.selectFrom('devices').selectAll().execute();
    expect(rows.length).toBeGreaterThan(3);
    for (const row of rows) {
      for (const value of Object.values(row)) {
        expect(String(value)).not.toContain(token);
        expect(String(value)).not.toContain(desk);
      }
    }
    const codes = await env.store.db.selectFrom('pairing_codes').selectAll().execute();
    for (const row of codes) for (const value of Object.values(row)) expect(String(value)).not.toContain(fresh.code);
  });
});
