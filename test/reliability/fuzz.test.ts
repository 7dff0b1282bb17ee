/**
 * Bad input, property-based (fast-check): every proxy route gets random and malformed JSON,
 * wrong types, huge and unicode strings, extreme numbers, missing/duplicated/odd
 * Idempotency-Keys, oversized bodies and bad path parameters. Never a 5xx; every 4xx is a
 * problem naming what is wrong; a refused request changes nothing in the store. The same for
 * Mews webhook payloads. `KEYCARD_SOAK=1` multiplies the cases by ten.
 */
// @vitest-environment node
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteDefinition } from '../../server/proxy/http/route';
import { WEBHOOK_TOKEN, startLoyaltyEnv, type LoyaltyEnv } from '../proxy/support/loyalty-env';
import { SOAK, mewsMemberships } from './support/processes';
import { allRoutes, fillPath, paramNames, problemFault, storeCounts } from './support/routes';

const RUNS = SOAK ? 100_000 : 10_000;
const WEBHOOK_RUNS = SOAK ? 20_000 : 2_000;

let env: LoyaltyEnv;
let routes: RouteDefinition[];
let desk: string;
let manager: string;
let realIds: string[] = [];

beforeAll(async () => {
  env = await startLoyaltyEnv('sqlite', { customers: 120 });
  routes = allRoutes(env.harness.deps).filter((r) => r.path !== '/mews/webhooks');
  desk = (await env.harness.pair('desk')).token;
  manager = (await env.harness.pair('manager')).token;
  const memberships = await mewsMemberships(env.sandbox.url, undefined, 5);
  realIds = memberships.flatMap((m) => [m.Id, m.AccountId, m.LoyaltyProgramId]);
}, 60_000);

afterAll(async () => {
  await env?.close();
});

// ── Generators ──
const nasty = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.string({ unit: 'binary', maxLength: 50 }),
  fc.constantFrom('', ' ', '\u0000', '\uFEFF', '../../etc/passwd', '%00', '%', '%E0%A4%A', '<script>alert(1)</script>',
    "' OR 1=1 --", 'null', 'undefined', 'NaN', '-0', '1e308', '00000000-0000-0000-0000-000000000000',
    '𝕂𝕖𝕪𝕔𝕒𝕣𝕕', 'é'.normalize('NFD'), '\u202Eevil', 'a'.repeat(5_000)),
  fc.uuid(),
);
const number = fc.oneof(
  fc.integer(), fc.double(), fc.constantFrom(0, -0, 1e308, -1e308, 2 ** 53, -(2 ** 53), 2 ** 31, -(2 ** 31) - 1, 0.5, -1),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map((n) => Number(n)),
);
const weird = fc.oneof(nasty, number, fc.boolean(), fc.constant(null), fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }),
  fc.dictionary(nasty, fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }));
const knownFields = ['delta', 'reason', 'note', 'accountId', 'programId', 'code', 'deviceName', 'state', 'tierId', 'expiresAt',
  'isPrimary', 'name', 'minPoints', 'ordering', '__proto__', 'constructor'];
const fieldBody = fc.dictionary(fc.oneof(fc.constantFrom(...knownFields), nasty), weird, { maxKeys: 6 });
const plausibleAdjust = fc.record({
  delta: number,
  reason: fc.oneof(fc.constantFrom('stay', 'bonus', 'goodwill', 'correction', 'redemption'), nasty),
  note: fc.option(fc.oneof(nasty, fc.constant('n'.repeat(501))), { nil: undefined }),
});

/** A raw body: usually JSON text, sometimes broken on purpose. */
const rawBody = fc.oneof(
  { weight: 4, arbitrary: fieldBody.map((b) => JSON.stringify(b)) },
  { weight: 3, arbitrary: plausibleAdjust.map((b) => JSON.stringify(b)) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) },
  { weight: 2, arbitrary: fieldBody.map((b) => JSON.stringify(b)).chain((t) => fc.nat(t.length).map((n) => t.slice(0, n))) },
  { weight: 1, arbitrary: nasty },
  { weight: 1, arbitrary: fc.constantFrom('{', '{"delta":}', '[1,2', '{"a":1}{"b":2}', '\u0000', '{"delta": 1e999}', '{"delta":1,"delta":"x"}',
    '[' .repeat(5_000) + ']'.repeat(5_000), JSON.stringify({ note: 'x'.repeat(20_000) }), ' ') },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

const pathValue = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom(...(['REAL'] as const)) },
  { weight: 3, arbitrary: nasty.map((s) => encodeURIComponent(s)) },
  { weight: 1, arbitrary: fc.constantFrom('%2e%2e', '%2F', '%25', '%ZZ', 'a%00b', '..', '.', ' ') },
);

const idempotencyKey = fc.oneof(
  fc.constant(undefined), fc.uuid(), fc.constantFrom('', ' ', 'k'.repeat(1_000), 'a,b', '\t'), fc.string({ maxLength: 300 }),
  fc.tuple(fc.uuid(), fc.uuid()).map(([a, b]) => [a, b] as [string, string]),
);

const request = fc.record({
  route: fc.nat(),
  params: fc.array(pathValue, { minLength: 3, maxLength: 3 }),
  real: fc.nat(),
  query: fc.dictionary(fc.oneof(fc.constantFrom('q', 'cursor', 'limit', 'before', 'from', 'to', 'format'), nasty), nasty, { maxKeys: 3 }),
  body: rawBody,
  contentType: fc.constantFrom('application/json', 'application/json', 'application/json; charset=utf-8', 'text/plain',
    undefined, 'application/x-www-form-urlencoded', 'application/json; charset=utf-16'),
  key: idempotencyKey,
  who: fc.constantFrom('desk', 'desk', 'desk', 'manager'),
  oversized: fc.integer({ min: 0, max: 99 }),
});

// Mews sees any body that passes validation: keep it honest but rare (see `stats`).
describe(`fuzz: every route, ${RUNS} cases`, () => {
  it('never answers 5xx; every 4xx is a problem naming the problem; refusals change nothing', { timeout: SOAK ? 1_800_000 : 120_000 }, async () => {
    const tally: Record<string, number> = {};
    let cases = 0;
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        cases++;
        const route = routes[r.route % routes.length]!;
        const names = paramNames(route.path);
        const values: Record<string, string> = {};
        names.forEach((name, i) => {
          const v = r.params[i]!;
          values[name] = v === 'REAL' ? realIds[r.real % realIds.length]! : v;
        });
        const qs = new URLSearchParams(r.query).toString();
        const url = fillPath(route.path, values) + (qs ? `?${qs}` : '');
        const headers = new Headers({ Authorization: `Bearer ${r.who === 'manager' ? manager : desk}` });
        if (r.contentType) headers.set('Content-Type', r.contentType);
        if (Array.isArray(r.key)) {
          headers.append('Idempotency-Key', r.key[0]);
          headers.append('Idempotency-Key', r.key[1]);
        } else if (r.key !== undefined) {
          try {
            headers.set('Idempotency-Key', r.key);
          } catch {
            // not a legal header value: send none
          }
        }
        let body = route.method === 'get' ? undefined : r.body;
        if (body !== undefined && r.oversized === 0) body = JSON.stringify({ note: 'x'.repeat(100_000) });
        const before = await storeCounts(env.store.db);
        let res: Response;
        try {
          res = await env.harness.app.request(url, { method: route.method.toUpperCase(), headers, body });
        } catch (error) {
          if (error instanceof TypeError && /URL|Invalid/i.test(String(error))) return; // the client refused to build it
          throw error;
        }
        tally[`${route.method.toUpperCase()} ${route.path} ${res.status}`] = (tally[`${route.method.toUpperCase()} ${route.path} ${res.status}`] ?? 0) + 1;
        expect(res.status, `${route.method} ${url} → ${res.status}: ${await res.clone().text()}`).toBeLessThan(500);
        if (res.status >= 400) {
          const text = await res.clone().text();
          expect(await problemFault(res), `${route.method} ${url} → ${res.status} ${text.slice(0, 300)}`).toBeNull();
          const after = await storeCounts(env.store.db);
          // A refusal that Keycard remembers on purpose (replayed for the same key) may add
          // its idempotency record; nothing else may change.
          const remembered = /insufficient-points|needs-review|needs-manager-approval/.test(text);
          if (remembered) after.idempotency = before.idempotency!;
          // A desk over its daily cap also leaves its alert in the audit log, on purpose.
          if (/needs-manager-approval/.test(text)) after.audit_log = before.audit_log!;
          expect(after, `${route.method} ${url} → ${res.status} changed the store`).toEqual(before);
        }
      }),
      { numRuns: RUNS, ...(SOAK ? {} : { seed: 20261122 }), endOnFailure: true },
    );
    const byStatus: Record<string, number> = {};
    for (const [k, n] of Object.entries(tally)) byStatus[k.split(' ').pop()!] = (byStatus[k.split(' ').pop()!] ?? 0) + n;
    const stats = await env.stats();
    console.log(`Fuzz: ${cases} requests over ${routes.length} routes; statuses ${JSON.stringify(byStatus)}; ` +
      `Mews calls ${Object.values(stats.requestsByOperation).reduce((a, b) => a + b, 0)}; 0 with status ≥ 500`);
    expect(cases).toBeGreaterThanOrEqual(RUNS);
  });
});

const webhookEvent = fc.record({
  Discriminator: fc.oneof(fc.constantFrom('CustomerAdded', 'CustomerUpdated', 'ServiceOrderUpdated', 'ResourceUpdated', ''), nasty, number as fc.Arbitrary<unknown>),
  Value: fc.oneof(fc.record({ Id: fc.oneof(fc.uuid(), nasty, fc.constant(null), number as fc.Arbitrary<unknown>) }), weird),
}, { requiredKeys: [] });
const webhookBody = fc.oneof(
  { weight: 3, arbitrary: fc.record({ EnterpriseId: fc.oneof(fc.uuid(), weird), Events: fc.oneof(fc.array(webhookEvent, { maxLength: 20 }), weird) }, { requiredKeys: [] }).map((b) => JSON.stringify(b)) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: nasty },
  { weight: 1, arbitrary: fc.constantFrom('', '{', '{"Events":', JSON.stringify({ Events: Array.from({ length: 10_001 }, () => ({ Discriminator: 'CustomerAdded' })) })) },
);

describe(`fuzz: Mews webhook payloads, ${WEBHOOK_RUNS} cases`, () => {
  it('answers 202 or a 4xx problem, never 5xx, and processing them afterwards never crashes', { timeout: SOAK ? 1_800_000 : 60_000 }, async () => {
    const byStatus: Record<number, number> = {};
    await fc.assert(
      fc.asyncProperty(webhookBody, fc.constantFrom(WEBHOOK_TOKEN, WEBHOOK_TOKEN, WEBHOOK_TOKEN, 'wrong', ''), async (body, token) => {
        const res = await env.harness.app.request(`/mews/webhooks?token=${encodeURIComponent(token)}`, {
          method: 'POST', headers: { 'Content-Type': 'application/json' }, body,
        });
        byStatus[res.status] = (byStatus[res.status] ?? 0) + 1;
        expect(res.status, await res.clone().text()).toBeLessThan(500);
        if (res.status >= 400) expect(await problemFault(res)).toBeNull();
        else expect(res.status).toBe(202);
      }),
      { numRuns: WEBHOOK_RUNS, ...(SOAK ? {} : { seed: 20261122 }), endOnFailure: true },
    );
    await env.module.webhooks.drain();
    const health = await env.harness.app.request('/health');
    expect(health.status).toBe(200);
    console.log(`Fuzz webhooks: ${WEBHOOK_RUNS} payloads; statuses ${JSON.stringify(byStatus)}`);
  });
});
