/**
 * Scale-out on PostgreSQL: two proxy processes on one database (a fresh schema, chosen with
 * `?options=-c search_path=…` in DATABASE_URL), each with MEWS_REQUESTS_PER_30S=100 against a
 * sandbox enforcing Mews's real 200 per 30 s. Concurrent adjustments to ONE membership, split
 * across both, land at the exact sum in Mews and in the ledger; both serve lookups; the
 * sandbox saw at most 200 requests in any 30 s. Skipped loudly without PostgreSQL.
 */
// @vitest-environment node
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../server/sandbox/server';
import { PG_URL, pgAvailable } from '../proxy/support/postgres';
import { ProxyProcess, SOAK, freePort, mewsMemberships, openProxyStore, pairDevice } from './support/processes';

const ADJUSTMENTS = SOAK ? 500 : 60;
/** A few over-redemptions among them: refused (409), remembered, never applied. */
const OVERDRAWS = SOAK ? 10 : 3;

async function admin(sqlText: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(sqlText);
  } finally {
    await client.end();
  }
}

describe.skipIf(!pgAvailable)(`scale-out: two proxies on one PostgreSQL, ${ADJUSTMENTS} adjustments to one membership`, () => {
  const schema = `kc_scale_${randomBytes(5).toString('hex')}`;
  const url = `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  let sandbox: RunningSandbox;
  const proxies: ProxyProcess[] = [];

  beforeAll(async () => {
    await admin(`create schema "${schema}"`);
    // Mews's real budget: 200 requests per AccessToken per 30 s, shared by both instances.
    sandbox = await startSandbox({ port: 0, customers: 60 });
    for (const name of ['proxy A', 'proxy B']) {
      const proxy = new ProxyProcess(await freePort(), {
        MEWS_PLATFORM_URL: sandbox.url,
        DATABASE_URL: url,
        MEWS_REQUESTS_PER_30S: '100',
        DEVICE_RATE_LIMIT: '100000',
        LOG_LEVEL: 'warn',
      }, name);
      await proxy.start(); // one after the other: the second finds the schema migrated
      proxies.push(proxy);
    }
  }, 90_000);

  afterAll(async () => {
    for (const proxy of proxies) await proxy.stop();
    await sandbox?.close();
    await admin(`drop schema if exists "${schema}" cascade`).catch(() => {});
  });

  it('lands every adjustment exactly once, serves lookups from both, and keeps Mews under 200 per 30 s', { timeout: SOAK ? 900_000 : 150_000 }, async () => {
    const started = Date.now();
    const store = await openProxyStore(url);
    const devices = [await pairDevice(proxies[0]!.url, store, 'desk', 'Desk A'), await pairDevice(proxies[1]!.url, store, 'desk', 'Desk B')];
    // Over-redemptions come from a manager device (desks may move at most 1,000 points at once).
    const manager = await pairDevice(proxies[0]!.url, store, 'manager', 'Manager');
    const [target] = await mewsMemberships(sandbox.url, undefined, 1);
    const start = target!.Points ?? 0;

    const send = async (i: number, delta: number, reason: string): Promise<{ status: number; delta: number }> => {
      const key = randomUUID();
      const proxy = proxies[i % 2]!;
      const device = reason === 'redemption' ? manager : devices[i % 2]!;
      for (let attempt = 1; ; attempt++) {
        try {
          const res = await fetch(`${proxy.url}/v1/memberships/${target!.Id}/adjustments`, {
            method: 'POST',
            headers: { Authorization: `Bearer ${device.token}`, 'Content-Type': 'application/json', 'Idempotency-Key': key },
            body: JSON.stringify({ delta, reason }),
          });
          const body = (await res.json()) as { type?: string };
          const retry = res.status >= 500 || (res.status === 409 && body.type?.endsWith('idempotency-in-progress'));
          if (!retry) return { status: res.status, delta };
        } catch {
          // connection trouble: retry with the same key
        }
        if (attempt > 20) throw new Error(`adjustment ${i} never settled`);
        await new Promise((r) => setTimeout(r, 500));
      }
    };
    const jobs = Array.from({ length: ADJUSTMENTS }, (_, i) =>
      i % Math.ceil(ADJUSTMENTS / OVERDRAWS) === 7 ? send(i, -(start + 1_000_000), 'redemption') : send(i, 1 + (i % 9), 'bonus'));
    const results = await Promise.all(jobs);
    const accepted = results.filter((r) => r.status === 201);
    const refused = results.filter((r) => r.status !== 201);
    expect(refused.map((r) => r.status).filter((s) => s !== 409)).toEqual([]);
    expect(refused.length).toBe(OVERDRAWS);
    const sum = accepted.reduce((a, r) => a + r.delta, 0);

    const [after] = await mewsMemberships(sandbox.url, [target!.Id]);
    expect(after!.Points).toBe(start + sum);
    const rows = await store.db.selectFrom('ledger').select(['delta', 'status', 'idempotency_key'])
      .where('membership_id', '=', target!.Id).where('kind', '=', 'adjustment').execute();
    expect(rows.filter((r) => r.status === 'applied').length).toBe(accepted.length);
    expect(rows.reduce((a, r) => a + (r.status === 'applied' ? r.delta : 0), 0)).toBe(sum);
    expect(new Set(rows.map((r) => r.idempotency_key)).size).toBe(rows.length);

    // Both instances serve lookups, and agree with Mews.
    for (const [i, proxy] of proxies.entries()) {
      const res = await fetch(`${proxy.url}/v1/accounts/${target!.AccountId}/loyalty`, { headers: { Authorization: `Bearer ${devices[i]!.token}` } });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { memberships: Array<{ id: string; points: number }> };
      expect(body.memberships.find((m) => m.id === target!.Id)?.points).toBe(start + sum);
    }
    await store.close();

    const stats = (await (await fetch(`${sandbox.url}/_sandbox/stats`)).json()) as {
      totalRequests: number; rateLimited429: number; peakRequestsPerWindowByToken: Record<string, number>;
    };
    const peak = Math.max(...Object.values(stats.peakRequestsPerWindowByToken));
    console.log(`Scale-out: 2 proxies × MEWS_REQUESTS_PER_30S=100 on PostgreSQL; ${accepted.length} adjustments accepted + ${refused.length} ` +
      `over-redemptions refused on one membership in ${((Date.now() - started) / 1000).toFixed(1)} s; Mews ${start} → ${after!.Points} ` +
      `(exact); ledger ${rows.length} rows, 0 lost, 0 duplicated; Mews requests ${stats.totalRequests}, peak ${peak} per 30 s ` +
      `(limit 200), ${stats.rateLimited429} real 429s`);
    expect(peak).toBeLessThanOrEqual(200);
    expect(stats.rateLimited429).toBe(0);
  });
});
