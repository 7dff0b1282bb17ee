// @vitest-environment node
/** The HTTP platform: CORS, problems, edge validation, rate limit, health, metrics, OpenAPI, logs. */
import { Writable } from 'node:stream';
import * as v from 'valibot';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProxyApp } from '../../server/proxy/app';
import { createLogger } from '../../server/proxy/http/logger';
import { defineRoute } from '../../server/proxy/http/route';
import { createHarness, type Harness } from './support/harness';
import { seriesValue } from '../../server/proxy/http/metrics';

const echoRoute = defineRoute({
  method: 'post',
  path: '/v1/test/items/:id',
  summary: 'Echo a validated write',
  auth: 'desk',
  idempotent: true,
  params: v.object({ id: v.pipe(v.string(), v.regex(/^\d+$/, 'must be digits')) }),
  query: v.object({ dryRun: v.optional(v.picklist(['yes', 'no'])) }),
  body: v.object({
    delta: v.pipe(v.number(), v.integer('must be a whole number')),
    reason: v.picklist(['stay', 'bonus']),
    guest: v.optional(v.object({ email: v.pipe(v.string(), v.email('must be an email')) })),
  }),
  responses: { 201: { description: 'Echoed', schema: v.object({ id: v.string(), delta: v.number() }) } },
  handler: (c, { params, body, query, idempotencyKey, device }) =>
    c.json({ id: params.id, delta: body.delta, dryRun: query.dryRun ?? null, key: idempotencyKey, deviceId: device.id }, 201),
});

const crashRoute = defineRoute({
  method: 'get',
  path: '/v1/test/crash',
  summary: 'Throws an unexpected error',
  auth: 'none',
  responses: {},
  handler: () => {
    throw new Error('db password is hunter2');
  },
});

let h: Harness;
const METRICS = 'scrape-secret';
let token: string;
beforeAll(async () => {
  h = await createHarness({ modules: [{ name: 'test', routes: [echoRoute, crashRoute] }], env: { DEVICE_RATE_LIMIT: '1000', METRICS_TOKEN: METRICS } });
  ({ token } = await h.pair('desk'));
});
afterAll(async () => h.close());

const write = (init: { body?: string; json?: unknown; key?: string | null; path?: string; headers?: Record<string, string> }) =>
  h.request(init.path ?? '/v1/test/items/42', {
    method: 'POST',
    token,
    headers: { ...(init.key === null ? {} : { 'Idempotency-Key': init.key ?? 'key-1' }), ...(init.body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...init.headers },
    ...(init.json !== undefined ? { json: init.json } : {}),
    ...(init.body !== undefined ? { body: init.body } : {}),
  });

async function problem(res: Response) {
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  return (await res.json()) as { type: string; title: string; status: number; detail?: string; errors?: { pointer: string; detail: string }[] };
}

describe('validation at the edge', () => {
  it('passes validated input to the handler', async () => {
    const res = await write({ json: { delta: 5, reason: 'stay' }, path: '/v1/test/items/42?dryRun=yes' });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ id: '42', delta: 5, dryRun: 'yes', key: 'key-1' });
  });

  it('malformed JSON → 400 problem without echoing the body', async () => {
    const res = await write({ body: '{"delta": 5,, secret-stuff' });
    expect(res.status).toBe(400);
    const body = await problem(res);
    expect(body).toMatchObject({ type: 'about:blank', title: 'Bad request', status: 400 });
    expect(JSON.stringify(body)).not.toContain('secret-stuff');
  });

  it('empty body → 400, non-JSON content type → 415', async () => {
    expect((await write({ body: '' })).status).toBe(400);
    expect((await write({ body: 'delta=5', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } })).status).toBe(415);
  });

  it('invalid fields → 422 naming each by JSON Pointer', async () => {
    const res = await write({ json: { delta: 1.5, reason: 'cash', guest: { email: 'nope' } } });
    expect(res.status).toBe(422);
    const body = await problem(res);
    expect(body.title).toBe('Validation failed');
    const pointers = body.errors!.map((e) => e.pointer).sort();
    expect(pointers).toEqual(['/delta', '/guest/email', '/reason']);
    expect(body.errors!.find((e) => e.pointer === '/delta')!.detail).toBe('must be a whole number');
  });

  it('invalid path and query parameters → 422 naming them', async () => {
    const bad = await write({ json: { delta: 1, reason: 'stay' }, path: '/v1/test/items/abc' });
    expect(bad.status).toBe(422);
    expect((await problem(bad)).errors).toEqual([{ pointer: '/id', detail: 'must be digits' }]);
    const query = await write({ json: { delta: 1, reason: 'stay' }, path: '/v1/test/items/1?dryRun=maybe' });
    expect(query.status).toBe(422);
    expect((await problem(query)).errors?.[0]?.pointer).toBe('/dryRun');
  });

  it('body over 16 KB → 413 problem', async () => {
    const res = await write({ json: { delta: 1, reason: 'stay', note: 'x'.repeat(20_000) } });
    expect(res.status).toBe(413);
    expect(await problem(res)).toMatchObject({ status: 413, title: 'Payload too large' });
  });

  it('missing or malformed Idempotency-Key → 400 naming the header', async () => {
    for (const key of [null, 'x'.repeat(201), 'naïve-key']) {
      const res = await write({ json: { delta: 1, reason: 'stay' }, key });
      expect(res.status).toBe(400);
      expect((await problem(res)).detail).toContain('Idempotency-Key');
    }
  });
});

describe('errors', () => {
  it('unknown route → 404 problem', async () => {
    const res = await h.request('/v1/nowhere');
    expect(res.status).toBe(404);
    expect((await problem(res)).status).toBe(404);
  });

  it('unexpected error → 500 problem with no internals', async () => {
    const res = await h.request('/v1/test/crash');
    expect(res.status).toBe(500);
    const text = JSON.stringify(await problem(res));
    expect(text).not.toContain('hunter2');
    expect(text).not.toMatch(/at .*\.ts/);
  });
});

describe('CORS', () => {
  const ext = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';

  it('echoes an extension origin, never *', async () => {
    const res = await h.request('/health', { headers: { Origin: ext } });
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe(ext);
    const firefox = await h.request('/health', { headers: { Origin: 'moz-extension://0b6c7f1e-1111-2222-3333-444455556666' } });
    expect(firefox.headers.get('Access-Control-Allow-Origin')).toBe('moz-extension://0b6c7f1e-1111-2222-3333-444455556666');
  });

  it('lets the extension read problem responses too (401 from middleware, 422 from a thrown problem)', async () => {
    const unauth = await h.request('/v1/test/items/1', { method: 'POST', headers: { Origin: ext } });
    expect(unauth.status).toBe(401);
    expect(unauth.headers.get('Access-Control-Allow-Origin')).toBe(ext);
    const invalid = await write({ json: { delta: 'x' }, headers: { Origin: ext } });
    expect(invalid.status).toBe(422);
    expect(invalid.headers.get('Access-Control-Allow-Origin')).toBe(ext);
    expect(invalid.headers.get('Access-Control-Expose-Headers')).toContain('Retry-After');
  });

  it('answers preflights from extensions with the headers the extension sends', async () => {
    const res = await h.request('/v1/test/items/1', {
      method: 'OPTIONS',
      headers: { Origin: ext, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type,idempotency-key' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe(ext);
    const allowed = res.headers.get('Access-Control-Allow-Headers')!.toLowerCase();
    for (const header of ['authorization', 'content-type', 'idempotency-key']) expect(allowed).toContain(header);
    expect(res.headers.get('Access-Control-Allow-Methods')).toContain('POST');
  });

  it('gives web origins nothing, preflight or not', async () => {
    for (const origin of ['https://app.mews.com', 'http://127.0.0.1:8788', 'null', 'https://evil.example']) {
      const res = await h.request('/health', { headers: { Origin: origin } });
      expect(res.headers.get('Access-Control-Allow-Origin'), origin).toBeNull();
      const pre = await h.request('/v1/pair', { method: 'OPTIONS', headers: { Origin: origin, 'Access-Control-Request-Method': 'POST' } });
      expect(pre.headers.get('Access-Control-Allow-Origin'), origin).toBeNull();
    }
  });

  it('with ALLOWED_ORIGINS, only the listed origins', async () => {
    const listed = await createHarness({ env: { ALLOWED_ORIGINS: ext } });
    try {
      expect((await listed.request('/health', { headers: { Origin: ext } })).headers.get('Access-Control-Allow-Origin')).toBe(ext);
      const other = await listed.request('/health', { headers: { Origin: 'chrome-extension://someoneelseentirelyxxxxxxxxxxxx' } });
      expect(other.headers.get('Access-Control-Allow-Origin')).toBeNull();
    } finally {
      await listed.close();
    }
  });
});

describe('per-device rate limit', () => {
  it('answers 429 with Retry-After once a device exceeds its budget, per device', async () => {
    const limited = await createHarness({ modules: [{ name: 'test', routes: [echoRoute] }], env: { DEVICE_RATE_LIMIT: '3' } });
    try {
      const a = await limited.pair('desk', 'A');
      const b = await limited.pair('desk', 'B');
      const call = (t: string) => limited.request('/v1/test/items/1', { method: 'POST', token: t, headers: { 'Idempotency-Key': 'k' }, json: { delta: 1, reason: 'stay' } });
      for (let i = 0; i < 3; i++) expect((await call(a.token)).status).toBe(201);
      const refused = await call(a.token);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThanOrEqual(1);
      expect((await problem(refused)).status).toBe(429);
      expect((await call(b.token)).status).toBe(201);
      expect(await seriesValue(limited.deps.metrics.deviceRateLimited)).toBe(1);
    } finally {
      await limited.close();
    }
  });
});

describe('system routes', () => {
  it('GET /health', async () => {
    const res = await h.request('/health');
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 'ok', store: 'sqlite', version: '0.1.0' });
    expect(typeof body.uptimeS).toBe('number');
    expect(res.headers.get('X-Request-Id')).toBeTruthy();
  });

  it('keeps /metrics private: a token, or off (security review #1)', async () => {
    expect((await h.request('/metrics')).status).toBe(401);
    expect((await h.request('/metrics', { token: 'wrong' })).status).toBe(401);
    const off = await createHarness();
    try {
      const res = await off.request('/metrics', { token: METRICS });
      expect(res.status).toBe(404);
      expect(((await res.json()) as { detail: string }).detail).toMatch(/METRICS_TOKEN/);
    } finally {
      await off.close();
    }
  });

  it('labels every unrouted request alike, so random paths cannot grow the metrics (security review #1)', async () => {
    const before = (await (await h.request('/metrics', { token: METRICS })).text()).length;
    const big = JSON.stringify({ note: 'y'.repeat(40_000) });
    for (let i = 0; i < 300; i++) {
      const junk = `/${randomUUID()}/${'x'.repeat(200)}${i}`;
      // A CORS preflight (answered 204 before any route), a body too large (413 before any route), an odd method.
      if (i % 3 === 0) await h.request(junk, { method: 'OPTIONS', headers: { Origin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop', 'Access-Control-Request-Method': 'POST' } });
      else if (i % 3 === 1) await h.request(junk, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: big });
      else await h.request(junk, { method: 'PROPFIND' });
    }
    const text = await (await h.request('/metrics', { token: METRICS })).text();
    expect(text).not.toMatch(/x{200}/);
    expect(text).toContain('route="unmatched"');
    // 300 distinct paths and a made-up method add a handful of series, not hundreds.
    expect(text.length - before).toBeLessThan(20_000);
  });

  it('sends Cache-Control: no-store on every /v1 answer, errors included (security review #5)', async () => {
    for (const res of [
      await h.request('/v1/openapi.json'),
      await h.request('/v1/test/items/1', { method: 'POST', json: { delta: 1, reason: 'stay' } }),
      await h.request('/v1/no-such-route'),
    ]) expect(res.headers.get('Cache-Control'), String(res.status)).toBe('no-store');
  });

  it('GET /metrics is Prometheus text with request counts by route template', async () => {
    await h.request('/v1/test/items/7', { method: 'POST', token, headers: { 'Idempotency-Key': 'm' }, json: { delta: 1, reason: 'stay' } });
    h.deps.metrics.mewsRequests.inc({ operation: 'loyaltyMemberships/getAll', status: 200 });
    const res = await h.request('/metrics', { token: METRICS });
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    for (const line of text.trim().split('\n')) {
      expect(line).toMatch(/^(# (HELP|TYPE) [a-z_]+ .+|[a-z_]+(\{([a-z_]+="[^"]*",?)+\})? [-+0-9.eInfNa]+)$/);
    }
    expect(text).toContain('# TYPE keycard_http_requests_total counter');
    expect(text).toContain('keycard_http_requests_total{method="POST",route="/v1/test/items/:id",status="201"}');
    // prom-client writes `le` first; label order carries no meaning in the exposition format.
    expect(text).toContain('keycard_http_request_duration_seconds_bucket{le="+Inf",method="POST",route="/v1/test/items/:id"}');
    expect(text).toContain('keycard_mews_requests_total{operation="loyaltyMemberships/getAll",status="200"} 1');
    expect(text).not.toContain('/v1/test/items/7');
  });

  it('GET /v1/openapi.json documents every mounted route', async () => {
    const res = await h.request('/v1/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, any>> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/health', '/metrics', '/v1/pair', '/v1/openapi.json', '/v1/test/items/{id}']));
    const op = doc.paths['/v1/test/items/{id}']!.post;
    expect(op.security).toEqual([{ deviceToken: [] }]);
    expect(op.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`)).toEqual(['path:id', 'query:dryRun', 'header:Idempotency-Key']);
    expect(op.requestBody.content['application/json'].schema.required).toEqual(['delta', 'reason']);
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['201', '401', '422', '429']));
    expect(doc.paths['/v1/pair']!.post.security).toEqual([]);
  });
});

describe('request logging', () => {
  it('logs one JSON line per request without tokens, codes or bodies', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(...String(chunk).trim().split('\n'));
        done();
      },
    });
    const log = createLogger('debug', sink);
    const app = createProxyApp({ ...h.deps, log });
    await app.request('/v1/test/items/9?dryRun=no', {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Idempotency-Key': 'secret-key', 'Content-Type': 'application/json' },
      body: JSON.stringify({ delta: 3, reason: 'stay', guest: { email: 'guest@example.com' } }),
    });
    await app.request('/v1/pair', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code: 'ABCD-EFGH' }) });
    log.info({ token: 'tok-123', nested: { code: 'K7QM-3XPA' }, headers: { authorization: 'Bearer abc' } }, 'manual');
    await new Promise((r) => setImmediate(r));
    const all = lines.join('\n');
    const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(entries.filter((e) => e.msg === 'request')).toHaveLength(2);
    expect(entries.find((e) => e.route === '/v1/test/items/:id')).toMatchObject({ status: 201, method: 'POST' });
    for (const secret of [token, 'secret-key', 'guest@example.com', 'ABCD-EFGH', 'tok-123', 'K7QM-3XPA', 'Bearer abc', 'dryRun']) {
      expect(all).not.toContain(secret);
    }
  });
});
