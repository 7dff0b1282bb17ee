// @vitest-environment node
/** Pairing (one use, expiry, wrong codes, throttle) and bearer-token refusals. */
import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mintPairingCode } from '../../server/proxy/auth/pairing';
import { revokeDevice } from '../../server/proxy/auth/devices';
import { defineRoute } from '../../server/proxy/http/route';
import { createHarness, type Harness } from './support/harness';
import { openTestPgStore, pgAvailable } from './support/postgres';
import { seriesValue } from '../../server/proxy/http/metrics';

const whoami = (path: string, auth: 'desk' | 'manager') =>
  defineRoute({
    method: 'get',
    path,
    summary: `test ${auth} route`,
    auth,
    responses: { 200: { description: 'the device', schema: v.object({ id: v.string() }) } },
    handler: (c, { device }) => c.json(device),
  });

const testModule = {
  name: 'test',
  routes: [whoami('/v1/test/desk', 'desk'), whoami('/v1/test/manager', 'manager')],
};

let h: Harness;
beforeEach(async () => {
  h = await createHarness({ modules: [testModule] });
});
afterEach(async () => h.close());

const pairWith = (code: string, deviceName?: string) =>
  h.request('/v1/pair', { method: 'POST', json: { code, ...(deviceName ? { deviceName } : {}) } });

describe('POST /v1/pair', () => {
  it('exchanges a code for a token and a device, once', async () => {
    const { code, expiresAt } = await mintPairingCode(h.store, { deviceName: 'Desk 1', role: 'desk' });
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(14 * 60_000);

    // The name the desk types is ignored: the device is named as the code was minted (issue 17 #6).
    const res = await pairWith(code, 'Front desk left');
    expect(res.status).toBe(201);
    const body = (await res.json()) as { token: string; device: { id: string; name: string; role: string } };
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(body.device).toMatchObject({ name: 'Desk 1', role: 'desk', revokedAt: null });

    const again = await pairWith(code);
    expect(again.status).toBe(400);
    expect(again.headers.get('content-type')).toBe('application/problem+json');
    expect(await again.json()).toMatchObject({ title: 'Invalid pairing code' });

    // Tokens are stored hashed, codes too.
    const row = await h.store.db.selectFrom('devices').selectAll().executeTakeFirstOrThrow();
    expect(row.token_hash).not.toContain(body.token);
    const codes = await h.store.db.selectFrom('pairing_codes').select('code_hash').execute();
    expect(JSON.stringify(codes)).not.toContain(code.replace('-', ''));
  });

  it('accepts the code in lower case and without the dash, keeping the minted name and role', async () => {
    const { code } = await mintPairingCode(h.store, { deviceName: 'Back office', role: 'manager' });
    const res = await pairWith(code.toLowerCase().replace('-', ' '));
    expect(res.status).toBe(201);
    expect(((await res.json()) as { device: object }).device).toMatchObject({ name: 'Back office', role: 'manager' });
  });

  it('lets only one of two concurrent redemptions win', async () => {
    const { code } = await mintPairingCode(h.store, { deviceName: 'Desk 1', role: 'desk' });
    const statuses = (await Promise.all([pairWith(code), pairWith(code), pairWith(code)])).map((r) => r.status).sort();
    expect(statuses).toEqual([201, 400, 400]);
  });

  it('refuses an expired code as it refuses an unknown one', async () => {
    const { code } = await mintPairingCode(h.store, {
      deviceName: 'Desk 1',
      role: 'desk',
      now: new Date(Date.now() - 16 * 60_000),
    });
    const res = await pairWith(code);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ title: 'Invalid pairing code', status: 400 });
    expect(await seriesValue(h.deps.metrics.pairingFailures, { reason: 'expired' })).toBe(1);
  });

  it('refuses an unknown or malformed code with 400', async () => {
    for (const code of ['ABCD-EFGH', 'hello', '0000-0000']) {
      const res = await pairWith(code);
      expect(res.status, code).toBe(400);
      expect(await res.json()).toMatchObject({ title: 'Invalid pairing code', status: 400 });
    }
  });

  it('throttles an address after 5 failures a minute, even for a right code', async () => {
    for (let i = 0; i < 5; i++) expect((await pairWith('ZZZZ-ZZZZ')).status).toBe(400);
    const { code } = await mintPairingCode(h.store, { deviceName: 'Desk 1', role: 'desk' });
    const res = await pairWith(code);
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await seriesValue(h.deps.metrics.pairingFailures, { reason: 'unknown' })).toBe(5);
  });

  it('audits pairing and revocation', async () => {
    const { device } = await h.pair('desk');
    await revokeDevice(h.store.db, device.id, { by: null });
    const actions = await h.store.db.selectFrom('audit_log').select(['action', 'subject_id']).orderBy('id').execute();
    expect(actions.map((a) => a.action)).toEqual(['pairing_code.created', 'device.paired', 'device.revoked']);
    expect(actions[2]?.subject_id).toBe(device.id);
  });
});

describe('requireDevice', () => {
  const expect401 = async (res: Response) => {
    expect(res.status).toBe(401);
    expect(res.headers.get('WWW-Authenticate')).toMatch(/^Bearer/);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toMatchObject({ status: 401, title: 'Unauthorized' });
  };

  it('lets a paired desk in and names it in c.var.device', async () => {
    const { token, device } = await h.pair('desk');
    const res = await h.request('/v1/test/desk', { token });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: device.id, role: 'desk' });
  });

  it('refuses a missing token', async () => expect401(await h.request('/v1/test/desk')));

  it('refuses malformed tokens', async () => {
    for (const header of ['Bearer', 'Bearer short', 'Basic dXNlcjpwYXNz', 'Bearer a b', `Token ${'a'.repeat(43)}`]) {
      await expect401(await h.request('/v1/test/desk', { headers: { Authorization: header } }));
    }
  });

  it('refuses an unknown well-formed token', async () => expect401(await h.request('/v1/test/desk', { token: 'x'.repeat(43) })));

  it('refuses a revoked device on its next request', async () => {
    const { token, device } = await h.pair('desk');
    expect((await h.request('/v1/test/desk', { token })).status).toBe(200);
    await revokeDevice(h.store.db, device.id, { by: null });
    await expect401(await h.request('/v1/test/desk', { token }));
  });

  it('tells the holder of a revoked token that an administrator revoked it; an unknown token learns nothing', async () => {
    const { token, device } = await h.pair('desk');
    await revokeDevice(h.store.db, device.id, { by: null });
    const revoked = await h.request('/v1/test/desk', { token });
    expect(revoked.status).toBe(401);
    expect(await revoked.json()).toMatchObject({
      type: 'https://keycard.dev/problems/device-revoked',
      detail: expect.stringMatching(/revoked by an administrator/),
    });
    const unknown = await (await h.request('/v1/test/desk', { token: 'x'.repeat(43) })).json();
    expect(unknown.type).toBe('about:blank');
    expect(unknown.detail).not.toMatch(/revoked by/);
  });

  it('refuses a desk on a manager route with 403, lets a manager in', async () => {
    const desk = await h.pair('desk');
    const res = await h.request('/v1/test/manager', { token: desk.token });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ status: 403, title: 'Forbidden' });
    const manager = await h.pair('manager');
    expect((await h.request('/v1/test/manager', { token: manager.token })).status).toBe(200);
    expect((await h.request('/v1/test/desk', { token: manager.token })).status).toBe(200);
  });

  it('records last_seen_at at most once a minute', async () => {
    const { token, device } = await h.pair('desk');
    await h.request('/v1/test/desk', { token });
    const first = await h.store.db.selectFrom('devices').select('last_seen_at').where('id', '=', device.id).executeTakeFirstOrThrow();
    expect(first.last_seen_at).not.toBeNull();
    await new Promise((r) => setTimeout(r, 5));
    await h.request('/v1/test/desk', { token });
    const second = await h.store.db.selectFrom('devices').select('last_seen_at').where('id', '=', device.id).executeTakeFirstOrThrow();
    expect(second.last_seen_at).toBe(first.last_seen_at);
  });
});

describe.skipIf(!pgAvailable)('on PostgreSQL', () => {
  it('pairs once under concurrency, authenticates, and reports the store in /health', async () => {
    const pgHarness = await createHarness({ store: await openTestPgStore(), modules: [testModule] });
    try {
      const { code } = await mintPairingCode(pgHarness.store, { deviceName: 'Desk PG', role: 'desk' });
      const attempts = await Promise.all(
        Array.from({ length: 4 }, () => pgHarness.request('/v1/pair', { method: 'POST', json: { code } })),
      );
      expect(attempts.map((r) => r.status).sort()).toEqual([201, 400, 400, 400]);
      const winner = attempts.find((r) => r.status === 201)!;
      const { token } = (await winner.json()) as { token: string };
      expect((await pgHarness.request('/v1/test/desk', { token })).status).toBe(200);
      expect((await pgHarness.request('/v1/test/manager', { token })).status).toBe(403);
      expect(await (await pgHarness.request('/health')).json()).toMatchObject({ status: 'ok', store: 'postgres' });
    } finally {
      await pgHarness.close();
    }
  });
});
