// @vitest-environment node
/**
 * Device authentication without a store round trip per request (issue 19): a verified token is
 * remembered for DEVICE_TOKEN_CACHE_MS, yet a revocation still refuses the desk's next request,
 * whichever process revoked it: this one, or another on the same PostgreSQL (another instance,
 * the CLI) through NOTIFY. On SQLite another process's revocation lands when the entry expires.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { defineRoute } from '../../server/proxy/http/route';
import { revokeDevice } from '../../server/proxy/auth/devices';
import { createHarness, type Harness } from './support/harness';
import { openPgStoreOn, openTestPgStore, pgAvailable } from './support/postgres';

const whoami = defineRoute({
  method: 'get', path: '/v1/test/whoami', auth: 'desk', summary: 'test', tags: ['test'],
  responses: { 200: { description: 'the device' } },
  handler: (c, { device }) => c.json(device),
});
const testModule = { name: 'test', routes: [whoami] };

let h: Harness | undefined;
const closeAfter: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await h?.close();
  for (const store of closeAfter.splice(0)) await store.close();
});

/** A clock the test moves. */
function clock() {
  let at = Date.parse('2026-12-04T10:00:00.000Z');
  return { now: () => new Date(at), advance: (ms: number) => (at += ms) };
}

async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 3_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('the verified-token cache (SQLite)', () => {
  it('answers a known token from memory until DEVICE_TOKEN_CACHE_MS: the store is read once, not per request', async () => {
    const time = clock();
    h = await createHarness({ modules: [testModule], now: time.now, env: { DEVICE_TOKEN_CACHE_MS: '2000' } });
    const { token, device } = await h.pair('desk');
    expect((await h.request('/v1/test/whoami', { token })).status).toBe(200);
    // Gone from the store behind the proxy's back (no revokeDevice): still known for the cache's lifetime…
    await h.store.db.deleteFrom('devices').where('id', '=', device.id).execute();
    time.advance(1_000);
    expect((await h.request('/v1/test/whoami', { token })).status).toBe(200);
    // …and asked again once it expired.
    time.advance(1_000);
    expect((await h.request('/v1/test/whoami', { token })).status).toBe(401);
  });

  it('a revocation in this process refuses the very next request', async () => {
    h = await createHarness({ modules: [testModule], env: { DEVICE_TOKEN_CACHE_MS: '60000' } });
    const { token, device } = await h.pair('desk');
    expect((await h.request('/v1/test/whoami', { token })).status).toBe(200);
    await revokeDevice(h.store.db, device.id, { by: null });
    const refused = await h.request('/v1/test/whoami', { token });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ type: 'https://keycard.dev/problems/device-revoked' });
  });

  it('DEVICE_TOKEN_CACHE_MS=0 reads the store on every request', async () => {
    h = await createHarness({ modules: [testModule], env: { DEVICE_TOKEN_CACHE_MS: '0' } });
    const { token, device } = await h.pair('desk');
    expect((await h.request('/v1/test/whoami', { token })).status).toBe(200);
    await h.store.db.deleteFrom('devices').where('id', '=', device.id).execute();
    expect((await h.request('/v1/test/whoami', { token })).status).toBe(401);
  });
});

describe.skipIf(!pgAvailable)('the verified-token cache (PostgreSQL)', () => {
  it('a revocation by another process on the same database refuses the desk at once, not after the cache expires', async () => {
    const store = await openTestPgStore();
    h = await createHarness({ modules: [testModule], store, env: { DEVICE_TOKEN_CACHE_MS: '60000' } });
    const witness = await h.pair('desk', 'Desk 2');
    const { token, device } = await h.pair('desk');
    // The cache remembers once it hears other processes (LISTEN is up within moments of the
    // first request): proven by a token whose row goes behind its back and still passes.
    expect((await h.request('/v1/test/whoami', { token: witness.token })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await h.request('/v1/test/whoami', { token: witness.token })).status).toBe(200);
    await h.store.db.deleteFrom('devices').where('id', '=', witness.device.id).execute();
    expect((await h.request('/v1/test/whoami', { token: witness.token })).status).toBe(200);
    expect((await h.request('/v1/test/whoami', { token })).status).toBe(200);

    const cli = await openPgStoreOn(store.schema); // as `npm run keycard -- revoke` would
    closeAfter.push(cli);
    await revokeDevice(cli.db, device.id, { by: null });
    await eventually(async () => (await h!.request('/v1/test/whoami', { token })).status === 401, 'the other process’s revocation heard', 2_000);
  });
});
