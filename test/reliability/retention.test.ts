// @vitest-environment node
/**
 * Security review, issue 17 row 12: what the proxy keeps and what it logs.
 * - Idempotency rows never expired: the table grew with every write, forever. A periodic
 *   sweep now deletes rows older than IDEMPOTENCY_RETENTION_DAYS.
 * - Device tokens never expired: a desk paired once and forgotten in a drawer kept working.
 *   A token unused for DEVICE_IDLE_DAYS now gets a 401 that says to re-pair.
 * - A client that closed its connection mid-request was logged as a 500 with a stack.
 */
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { serve } from '@hono/node-server';
import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import { createProxyApp } from '../../server/proxy/app';
import { defineRoute } from '../../server/proxy/http/route';
import { createLogger } from '../../server/proxy/http/logger';
import { openStore } from '../../server/proxy/store/db';
import { SWEEP_BATCH, sweepIdempotency } from '../../server/proxy/loyalty/core/idempotency-retention';
import { createHarness, tempDir, type Harness } from '../proxy/support/harness';
import { pgAvailable } from '../proxy/support/postgres';
import { freePort, sleep } from './support/processes';
import { twoStoresOnOneDatabase } from './support/shared-database';

const DAY_MS = 86_400_000;
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const whoami = {
  name: 'test',
  routes: [defineRoute({
    method: 'get', path: '/v1/test/desk', summary: 'who am I', auth: 'desk',
    responses: { 200: { description: 'the device', schema: v.object({ id: v.string() }) } },
    handler: (c, { device }) => c.json(device),
  })],
};

async function harness(env: Record<string, string> = {}): Promise<Harness> {
  const h = await createHarness({ modules: [whoami], env });
  cleanups.push(() => h.close());
  return h;
}

describe('idempotency records are kept for IDEMPOTENCY_RETENTION_DAYS, then swept', () => {
  it('the running proxy deletes records past the retention and keeps younger ones', async () => {
    const temp = tempDir('keycard-retention-');
    cleanups.push(() => temp.remove());
    const databaseUrl = `sqlite:${join(temp.dir, 'keycard.sqlite')}`;
    const store = await openStore(databaseUrl);
    const at = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY_MS).toISOString();
    const row = (key: string, daysAgo: number, finished: boolean) => ({
      key, route: 'POST /v1/memberships/:id/adjustments', request_hash: 'h', status_code: finished ? 201 : null,
      response_body: finished ? '{}' : null, created_at: at(daysAgo),
    });
    // 1,205 old rows: more than one batch of the sweep.
    const old = Array.from({ length: 1205 }, (_, i) => row(`dev:old-${i}`, 200 + (i % 3), i % 2 === 0));
    for (let i = 0; i < old.length; i += 200) await store.db.insertInto('idempotency').values(old.slice(i, i + 200)).execute();
    await store.db.insertInto('idempotency').values([row('dev:young', 10, true), row('dev:edge', 99, true)]).execute();
    await store.close();

    const child = spawn(process.execPath, ['--import', 'tsx', 'server/proxy/main.ts'], {
      env: {
        ...process.env, DATABASE_URL: databaseUrl, PORT: String(await freePort()), HOST: '127.0.0.1', LOG_LEVEL: 'warn',
        MEWS_PLATFORM_URL: 'http://127.0.0.1:9', IDEMPOTENCY_RETENTION_DAYS: '100', DEVICE_IDLE_DAYS: '90',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    cleanups.push(async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    });

    const reader = await openStore(databaseUrl);
    cleanups.push(() => reader.close());
    const keys = async () => (await reader.db.selectFrom('idempotency').select('key').execute()).map((r) => r.key).sort();
    const deadline = Date.now() + 30_000;
    while ((await keys()).length > 2 && Date.now() < deadline && child.exitCode === null) await sleep(250);
    expect(await keys(), output).toEqual(['dev:edge', 'dev:young']);
  }, 60_000);
});

const dialects = (['sqlite', 'postgres'] as const).filter((d) => d === 'sqlite' || pgAvailable);
describe.each(dialects)('the sweep is safe on two instances at once (%s)', (dialect) => {
  it('two stores sweeping one database together delete exactly the old records', async () => {
    const shared = await twoStoresOnOneDatabase(dialect);
    cleanups.push(() => shared.close());
    const [first, second] = shared.stores;
    const now = Date.now();
    const rows = Array.from({ length: SWEEP_BATCH * 3 + 7 }, (_, i) => ({
      key: `dev:${i}`, route: 'POST /v1/memberships', request_hash: 'h', status_code: 201, response_body: '{}',
      // Every fourth row is young; the rest are past a 30-day retention.
      created_at: new Date(now - (i % 4 === 0 ? 29 : 31) * DAY_MS).toISOString(),
    }));
    for (let i = 0; i < rows.length; i += 250) await first.db.insertInto('idempotency').values(rows.slice(i, i + 250)).execute();
    const young = rows.filter((_, i) => i % 4 === 0).map((r) => r.key).sort();

    const deleted = await Promise.all([first, second].map((store) => sweepIdempotency({ store }, 30 * DAY_MS, new Date(now))));
    expect(deleted.reduce((sum, n) => sum + n, 0)).toBe(rows.length - young.length);
    const left = (await first.db.selectFrom('idempotency').select('key').execute()).map((r) => r.key).sort();
    expect(left).toEqual(young);
  }, 60_000);
});

describe('device tokens unused for DEVICE_IDLE_DAYS stop working', () => {
  it('401 "re-pair this desk" for a token idle too long; a token used within the period works', async () => {
    const h = await harness({ DEVICE_IDLE_DAYS: '90' });
    const idle = await h.pair('desk', 'Drawer desk');
    const busy = await h.pair('desk', 'Front desk');
    const never = await h.pair('desk', 'Unpacked desk');
    const ago = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString();
    await h.store.db.updateTable('devices').set({ last_seen_at: ago(91) }).where('id', '=', idle.device.id).execute();
    await h.store.db.updateTable('devices').set({ last_seen_at: ago(89), created_at: ago(400) }).where('id', '=', busy.device.id).execute();
    await h.store.db.updateTable('devices').set({ created_at: ago(91) }).where('id', '=', never.device.id).execute();

    for (const { token } of [idle, never]) {
      const res = await h.request('/v1/test/desk', { token });
      expect(res.status).toBe(401);
      expect(res.headers.get('WWW-Authenticate')).toMatch(/^Bearer/);
      expect(((await res.json()) as { detail: string }).detail).toMatch(/not been used for 90 days.*re-pair this desk/i);
    }
    expect((await h.request('/v1/test/desk', { token: busy.token })).status).toBe(200);
    // The refused request did not count as use: the token stays expired.
    expect((await h.request('/v1/test/desk', { token: idle.token })).status).toBe(401);
  });
});

describe('a client that goes away is logged as an abort, not as a failure of the proxy', () => {
  it('a request body cut off mid-stream: one info line, no error, no stack', async () => {
    const h = await harness();
    const lines: Array<Record<string, unknown>> = [];
    const log = createLogger('info', new Writable({ write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    } }));
    const app = createProxyApp({ ...h.deps, log });
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;

    const socket = connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(`POST /v1/pair HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{"cod\r\n`);
    await sleep(100);
    socket.destroy();
    const deadline = Date.now() + 5_000;
    while (!lines.some((l) => l.msg === 'request') && Date.now() < deadline) await sleep(20);

    expect(lines.filter((l) => Number(l.level) >= 50), JSON.stringify(lines)).toEqual([]);
    expect(JSON.stringify(lines)).not.toContain('"stack"');
    const aborted = lines.find((l) => l.msg === 'request');
    expect(aborted).toMatchObject({ path: '/v1/pair', status: 499, aborted: true, level: 30 });
  });
});
