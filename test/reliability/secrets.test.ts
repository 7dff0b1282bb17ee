/**
 * No secret leaves the proxy. (1) The built extension contains no Mews token (demo or the
 * ones configured here). (2) A proxy child process configured with non-demo tokens — behind a
 * relay that swaps them for the sandbox's demo tokens, and that echoes them back in its error
 * messages like a careless gateway would — never puts them in a response body or header, nor
 * in any log line it prints (LOG_LEVEL=trace, every line captured).
 */
// @vitest-environment node
import { serve } from '@hono/node-server';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCESS_TOKEN, DEMO_CLIENT_TOKEN } from '../../server/proxy/platform/config';
import { startSandbox, type RunningSandbox } from '../../server/sandbox/server';
import { tempDir } from '../proxy/support/harness';
import { ProxyProcess, ROOT, freePort, mewsMemberships, openProxyStore, pairDevice } from './support/processes';

const CLIENT_TOKEN = 'A1B2C3D4E5F60718293A4B5C6D7E8F90-SECRETCLIENTTOKEN0000000000001';
const ACCESS_TOKEN = '0F1E2D3C4B5A69788796A5B4C3D2E1F0-SECRETACCESSTOKEN0000000000002';
const WEBHOOK_TOKEN = 'webhook-secret-7f3a9c1e5b2d4f6a8c0e';
const SECRETS = [CLIENT_TOKEN, ACCESS_TOKEN, WEBHOOK_TOKEN];

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('the built extension', () => {
  it('contains no Mews token', { timeout: 120_000 }, () => {
    const out = join(ROOT, '.output');
    const dirs = ['chrome-mv3', 'firefox-mv2'].map((d) => join(out, d));
    if (!dirs.every(existsSync)) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
    const devDir = join(out, 'dev');
    const all = [...dirs, ...(existsSync(devDir) ? readdirSync(devDir).map((d) => join(devDir, d)) : [])];
    const files = all.flatMap(filesUnder);
    expect(files.length).toBeGreaterThan(3);
    const tokens = [DEMO_CLIENT_TOKEN, DEMO_ACCESS_TOKEN, ...SECRETS];
    for (const file of files) {
      const text = readFileSync(file, 'latin1');
      for (const token of tokens) {
        // Each half too: a build could split a string constant.
        for (const part of [token, ...token.split('-').filter((p) => p.length >= 16)]) {
          expect(text.includes(part), `${file} contains a Mews token`).toBe(false);
        }
      }
    }
    console.log(`Secrets: scanned ${files.length} files of ${all.length} extension builds; no Mews token`);
  });
});

describe('a proxy configured with real-looking tokens', () => {
  let sandbox: RunningSandbox;
  let relay: ReturnType<typeof serve>;
  let proxy: ProxyProcess;
  const temp = tempDir('keycard-secrets-');
  const seen: string[] = [];
  let echo = false;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, customers: 80, rateLimit: { limit: 10_000, windowMs: 30_000 } });
    // "Mews" that knows our tokens: swaps them for the sandbox's, and (when `echo`) answers
    // errors quoting the request, tokens included, as a careless gateway might.
    const app = new Hono();
    app.post('/api/connector/v1/*', async (c) => {
      const body = (await c.req.json()) as Record<string, unknown>;
      if (body.ClientToken !== CLIENT_TOKEN || body.AccessToken !== ACCESS_TOKEN) return c.json({ Message: 'Invalid tokens.' }, 401);
      if (echo) return c.json({ Message: `Invalid request ${JSON.stringify(body)}` }, 400);
      const res = await fetch(`${sandbox.url}${c.req.path}`, {
        method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ ...body, ClientToken: DEMO_CLIENT_TOKEN, AccessToken: DEMO_ACCESS_TOKEN }),
      });
      return new Response(await res.text(), { status: res.status, headers: { 'content-type': 'application/json' } });
    });
    relay = await new Promise((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    proxy = new ProxyProcess(await freePort(), {
      MEWS_PLATFORM_URL: `http://127.0.0.1:${(relay.address() as AddressInfo).port}`,
      MEWS_CLIENT_TOKEN: CLIENT_TOKEN,
      MEWS_ACCESS_TOKEN: ACCESS_TOKEN,
      MEWS_WEBHOOK_TOKEN: WEBHOOK_TOKEN,
      METRICS_TOKEN: 'metrics-scrape-secret',
      DATABASE_URL: `sqlite:${join(temp.dir, 'keycard.sqlite')}`,
      LOG_LEVEL: 'trace',
    });
    await proxy.start();
  }, 60_000);

  afterAll(async () => {
    await proxy?.stop();
    await new Promise<void>((resolve) => {
      (relay as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      relay.close(() => resolve());
    });
    await sandbox?.close();
    temp.remove();
  });

  it('never shows them in a response or a log line', { timeout: 60_000 }, async () => {
    const store = await openProxyStore(`sqlite:${join(temp.dir, 'keycard.sqlite')}`);
    const desk = await pairDevice(proxy.url, store, 'desk', 'Desk S');
    const manager = await pairDevice(proxy.url, store, 'manager', 'Manager S');
    await store.close();
    const [m] = await mewsMemberships(sandbox.url, undefined, 1);
    const send = async (path: string, init: RequestInit & { token?: string; json?: unknown } = {}) => {
      const { token, json, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (token) headers.set('Authorization', `Bearer ${token}`);
      if (json !== undefined) headers.set('Content-Type', 'application/json');
      const res = await fetch(`${proxy.url}${path}`, { ...rest, headers, body: json === undefined ? rest.body : JSON.stringify(json) });
      seen.push(`${res.status} ${[...res.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}\n${await res.text()}`);
      return res;
    };
    const round = async () => {
      await send('/health');
      await send('/metrics', { token: 'metrics-scrape-secret' });
      await send('/v1/openapi.json');
      await send('/v1/context', { token: desk.token });
      await send(`/v1/accounts/${m!.AccountId}/loyalty`, { token: desk.token });
      await send(`/v1/reservations/${m!.AccountId}/loyalty`, { token: desk.token });
      await send('/v1/members/search?q=a', { token: desk.token });
      await send(`/v1/memberships/${m!.Id}/adjustments`, { method: 'POST', token: desk.token, json: { delta: 5, reason: 'bonus' }, headers: { 'Idempotency-Key': crypto.randomUUID() } });
      await send(`/v1/memberships/${m!.Id}/adjustments`, { token: desk.token });
      await send(`/v1/memberships/${m!.Id}`, { method: 'PATCH', token: manager.token, json: { isPrimary: true } });
      await send('/v1/sync', { token: desk.token });
      await send('/v1/sync/bulk', { token: desk.token });
      await send('/v1/context', { token: 'x' });
      await send(`/mews/webhooks?token=${WEBHOOK_TOKEN}`, { method: 'POST', json: { Events: [{ Discriminator: 'CustomerUpdated', Value: { Id: m!.AccountId } }] } });
      await send('/mews/webhooks?token=wrong', { method: 'POST', json: { Events: [] } });
    };
    await round();
    echo = true; // now "Mews" quotes our tokens back in every error
    await round();
    echo = false;
    await new Promise((r) => setTimeout(r, 300)); // let webhook work and log lines land
    await proxy.stop();

    expect(seen.length).toBe(30);
    expect(proxy.lines.length).toBeGreaterThan(20);
    for (const secret of SECRETS) {
      for (const text of seen) expect(text.includes(secret), `response leaks a token:\n${text.slice(0, 500)}`).toBe(false);
      for (const line of proxy.lines) expect(line.includes(secret), `log line leaks a token:\n${line.slice(0, 500)}`).toBe(false);
      // A device token must not be logged either.
    }
    for (const line of proxy.lines) {
      expect(line.includes(desk.token)).toBe(false);
      expect(line.includes(manager.token)).toBe(false);
    }
    console.log(`Secrets: ${seen.length} responses and ${proxy.lines.length} log lines (trace) checked; no Mews, webhook or device token`);
  });
});
