// The sandbox over real HTTP (port 0), as the proxy reaches it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../server/sandbox/server.ts';
import { ENTERPRISE_ID } from '../../server/sandbox/core/seed.ts';
import { AUTH } from './helpers.ts';

let sb: RunningSandbox;
beforeAll(async () => {
  sb = await startSandbox({ port: 0, customers: 100 });
});
afterAll(async () => {
  await sb.close();
});
const post = (path: string, body: unknown, signal?: AbortSignal) =>
  fetch(`${sb.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal });

describe('over HTTP', () => {
  it('binds a real port and answers configuration/get', async () => {
    expect(sb.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sb.url).not.toMatch(/:0$/);
    const r = await post('/api/connector/v1/configuration/get', AUTH);
    expect(r.status).toBe(200);
    expect(r.headers.get('request-id')).toBeTruthy();
    expect((await r.json()).Enterprise.Id).toBe(ENTERPRISE_ID);
  });

  it('404s a wrong-case path with Request-Id and a Mews error body', async () => {
    const r = await post('/api/connector/v1/Configuration/get', AUTH);
    expect(r.status).toBe(404);
    const body = await r.json();
    expect(body.RequestId).toBe(r.headers.get('request-id'));
    expect(body.Message).toBeTruthy();
  });

  it('pages a membership walk over HTTP', async () => {
    let cursor: string | null = null;
    const ids = new Set<string>();
    for (;;) {
      const r = await post('/api/connector/v1/loyaltyMemberships/getAll', { ...AUTH, Limitation: { Count: 10, Cursor: cursor } });
      const j = (await r.json()) as { LoyaltyMemberships: { Id: string }[]; Cursor: string | null };
      for (const m of j.LoyaltyMemberships) ids.add(m.Id);
      if (j.LoyaltyMemberships.length < 10) break;
      cursor = j.Cursor;
    }
    expect(ids.size).toBe(sb.sandbox.state.store.memberships.size);
  });

  it('a timeout fault trips a client timeout, and close() ends the hang', async () => {
    await post('/_sandbox/faults', { timeoutRate: 1, hangMs: 60_000 });
    const t0 = Date.now();
    const err = await post('/api/connector/v1/configuration/get', AUTH, AbortSignal.timeout(300)).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).name).toBe('TimeoutError');
    expect(Date.now() - t0).toBeLessThan(5_000);
    await post('/_sandbox/reset', {});
    expect((await post('/api/connector/v1/configuration/get', AUTH)).status).toBe(200);
  });
});
