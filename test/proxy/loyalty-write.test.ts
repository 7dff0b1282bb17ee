// @vitest-environment node
/**
 * Loyalty writes against the Mews sandbox over real HTTP: enrollment, idempotent adjustments,
 * limits, concurrency, tier rules, and reconciliation of pending ledger entries at restart.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Adjustment, Membership } from '../../lib/contract';
import { createProxyApp } from '../../server/proxy/app';
import { isValidMembershipNumber } from '../../server/proxy/loyalty/memberships/enrollment';
import { createLoyaltyModule } from '../../server/proxy/loyalty/module';
import { MewsClient } from '../../server/proxy/mews/client';
import { SlidingWindowLimiter } from '../../server/proxy/mews/limiter';
import { KEYCARD_PROGRAM_ID, PARTNER_PROGRAM_ID, TIER_IDS } from '../../server/sandbox/core/seed';
import { pgAvailable } from './support/postgres';
import { startLoyaltyEnv, type LoyaltyEnv } from './support/loyalty-env';

const dialects = (['sqlite', 'postgres'] as const).filter((d) => d === 'sqlite' || pgAvailable);
if (!pgAvailable) describe.skip('loyalty writes on PostgreSQL (no PostgreSQL: see the warning above)', () => { it('skipped', () => {}); });

type AdjustAnswer = { adjustment: Adjustment; membership: Membership };

describe.each(dialects)('loyalty writes (%s)', (dialect) => {
  let env: LoyaltyEnv;
  let desk: string;
  let manager: string;
  let guestId: string;
  let membership: Membership;

  beforeAll(async () => {
    env = await startLoyaltyEnv(dialect, { customers: 100 });
    desk = (await env.harness.pair('desk')).token;
    manager = (await env.harness.pair('manager')).token;
    const customer = await env.mews('customers/add', {
      LastName: 'Dvořák', FirstName: 'Antonín', Email: `antonin.${randomUUID()}@example.com`, OverwriteExisting: false,
    });
    guestId = customer.Id;
  });
  afterAll(() => env?.close());

  const post = (path: string, json: unknown, key: string | null, token = desk) =>
    env.harness.request(path, { method: 'POST', token, json, headers: key ? { 'Idempotency-Key': key } : {} });
  const mewsPoints = async (id: string) =>
    (await env.mews('loyaltyMemberships/getAll', { LoyaltyMembershipIds: [id], Limitation: { Count: 1 } })).LoyaltyMemberships[0].Points as number;

  it('enrolls a guest: Enrolled, Luhn-checked number, primary, entry tier; replays the same key', async () => {
    // Which tier is the entry tier is the manager's to confirm (the Mews docs leave Ordering's direction open).
    const confirmed = await env.harness.request(`/v1/programs/${KEYCARD_PROGRAM_ID}`, { method: 'PATCH', token: manager, json: { tierOrder: 'ascending' }, headers: { 'Idempotency-Key': randomUUID() } });
    expect(confirmed.status).toBe(200);
    const key = randomUUID();
    const res = await post('/v1/memberships', { accountId: guestId, programId: KEYCARD_PROGRAM_ID }, key);
    expect(res.status).toBe(201);
    membership = (await res.json()) as Membership;
    expect(membership).toMatchObject({ accountId: guestId, programId: KEYCARD_PROGRAM_ID, state: 'Enrolled', isPrimary: true, points: 0, tierId: TIER_IDS.silver });
    expect(membership.number).toMatch(/^KCR\d{10}$/);
    expect(isValidMembershipNumber(membership.number!)).toBe(true);

    const again = await post('/v1/memberships', { accountId: guestId, programId: KEYCARD_PROGRAM_ID }, key);
    expect(again.status).toBe(201);
    expect(await again.json()).toEqual(membership);
    const inMews = await env.mews('loyaltyMemberships/getAll', { AccountIds: [guestId], Limitation: { Count: 10 } });
    expect(inMews.LoyaltyMemberships).toHaveLength(1);
  });

  it('refuses a second enrollment in the same program with a 409 carrying the membership', async () => {
    const res = await post('/v1/memberships', { accountId: guestId, programId: KEYCARD_PROGRAM_ID }, randomUUID());
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(((await res.json()) as { membership: Membership }).membership.id).toBe(membership.id);
    // A second program is fine and not primary.
    const partner = await post('/v1/memberships', { accountId: guestId, programId: PARTNER_PROGRAM_ID }, randomUUID());
    expect(partner.status).toBe(201);
    expect(((await partner.json()) as Membership).isPrimary).toBe(false);
  });

  it('validates at the edge: missing key 400, bad JSON 400, bad fields 422', async () => {
    const path = `/v1/memberships/${membership.id}/adjustments`;
    expect((await post(path, { delta: 5, reason: 'stay' }, null)).status).toBe(400);
    const badJson = await env.harness.request(path, { method: 'POST', token: desk, headers: { 'Idempotency-Key': 'k', 'Content-Type': 'application/json' }, body: '{"delta":' });
    expect(badJson.status).toBe(400);
    for (const body of [{ delta: 0, reason: 'stay' }, { delta: 1.5, reason: 'stay' }, { delta: 5, reason: 'gift' }, { delta: 5, reason: 'stay', note: 'x'.repeat(501) }, { delta: 2 ** 60, reason: 'stay' }]) {
      const res = await post(path, body, randomUUID());
      expect(res.status).toBe(422);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    expect((await post('/v1/memberships', { accountId: guestId }, randomUUID())).status).toBe(422);
  });

  it('applies an adjustment once per Idempotency-Key and refuses the key with another body', async () => {
    const key = randomUUID();
    const path = `/v1/memberships/${membership.id}/adjustments`;
    const first = await post(path, { delta: 120, reason: 'stay', note: 'Two nights' }, key);
    expect(first.status).toBe(201);
    const answer = (await first.json()) as AdjustAnswer;
    expect(answer.adjustment).toMatchObject({ delta: 120, reason: 'stay', pointsBefore: 0, pointsAfter: 120, status: 'applied' });
    expect(answer.membership.points).toBe(120);
    const replay = await post(path, { delta: 120, reason: 'stay', note: 'Two nights' }, key);
    expect(replay.status).toBe(201);
    expect(await replay.json()).toEqual(answer);
    expect(await mewsPoints(membership.id)).toBe(120);
    const rows = await env.store.db.selectFrom('ledger').selectAll().where('membership_id', '=', membership.id).execute();
    expect(rows).toHaveLength(1);
    const other = await post(path, { delta: 121, reason: 'stay', note: 'Two nights' }, key);
    expect(other.status).toBe(422);
    const audit = await env.store.db.selectFrom('audit_log').selectAll().where('subject_id', '=', membership.id).where('action', '=', 'points.adjusted').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ role: 'desk', before_json: JSON.stringify({ points: 0 }) });
  });

  it('refuses a redemption below zero (409) and a desk adjustment over the limit (403); a manager may', async () => {
    const path = `/v1/memberships/${membership.id}/adjustments`;
    const redeem = await post(path, { delta: -500, reason: 'redemption' }, randomUUID());
    expect(redeem.status).toBe(409);
    const big = await post(path, { delta: 5000, reason: 'goodwill' }, randomUUID());
    expect(big.status).toBe(403);
    const byManager = await post(path, { delta: 5000, reason: 'goodwill' }, randomUUID(), manager);
    expect(byManager.status).toBe(201);
    expect(await mewsPoints(membership.id)).toBe(5120);
    const ok = await post(path, { delta: -120, reason: 'redemption' }, randomUUID());
    expect(ok.status).toBe(201);
    expect(await mewsPoints(membership.id)).toBe(5000);
  });

  it('moves the membership up a tier when tier rules say so, and records it', async () => {
    await env.store.db.insertInto('tier_rules').values([
      { tier_id: TIER_IDS.silver, program_id: KEYCARD_PROGRAM_ID, min_points: 0 },
      { tier_id: TIER_IDS.gold, program_id: KEYCARD_PROGRAM_ID, min_points: 6000 },
      { tier_id: TIER_IDS.platinum, program_id: KEYCARD_PROGRAM_ID, min_points: 50_000 },
    ]).execute();
    const res = await post(`/v1/memberships/${membership.id}/adjustments`, { delta: 1000, reason: 'bonus' }, randomUUID());
    expect(res.status).toBe(201);
    expect(((await res.json()) as AdjustAnswer).membership.tierId).toBe(TIER_IDS.gold);
    const inMews = await env.mews('loyaltyMemberships/getAll', { LoyaltyMembershipIds: [membership.id], Limitation: { Count: 1 } });
    expect(inMews.LoyaltyMemberships[0].LoyaltyTierId).toBe(TIER_IDS.gold);
    const retier = await env.store.db.selectFrom('ledger').selectAll().where('membership_id', '=', membership.id).where('kind', '=', 'retier').execute();
    expect(retier).toHaveLength(1);
  });

  it('lands 50 concurrent adjustments on one membership at the exact sum', async () => {
    const start = await mewsPoints(membership.id);
    const deltas = Array.from({ length: 50 }, (_, i) => i + 1);
    const answers = await Promise.all(deltas.map((delta) =>
      post(`/v1/memberships/${membership.id}/adjustments`, { delta, reason: 'stay' }, randomUUID())));
    expect(answers.map((r) => r.status)).toEqual(deltas.map(() => 201));
    const sum = deltas.reduce((a, b) => a + b, 0);
    expect(await mewsPoints(membership.id)).toBe(start + sum);
    const mirror = await env.store.db.selectFrom('memberships').select('points').where('id', '=', membership.id).executeTakeFirstOrThrow();
    expect(mirror.points).toBe(start + sum);
  });

  it('lists the ledger newest first, paged', async () => {
    const first = (await (await env.harness.request(`/v1/memberships/${membership.id}/adjustments?limit=10`, { token: desk })).json()) as { adjustments: Adjustment[]; nextBefore: string };
    expect(first.adjustments).toHaveLength(10);
    const times = first.adjustments.map((a) => a.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    const next = (await (await env.harness.request(`/v1/memberships/${membership.id}/adjustments?limit=200&before=${encodeURIComponent(first.nextBefore)}`, { token: desk })).json()) as { adjustments: Adjustment[] };
    const ids = new Set([...first.adjustments, ...next.adjustments].map((a) => a.id));
    const total = await env.store.db.selectFrom('ledger').select('id').where('membership_id', '=', membership.id).execute();
    expect(ids.size).toBe(total.length);
  });

  it('lets a manager change state, tier and expiry; a desk may not', async () => {
    const path = `/v1/memberships/${membership.id}`;
    const body = { tierId: TIER_IDS.platinum, expiresAt: '2030-01-01T00:00:00Z' };
    expect((await env.harness.request(path, { method: 'PATCH', token: desk, json: body })).status).toBe(403);
    const res = await env.harness.request(path, { method: 'PATCH', token: manager, json: body });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ tierId: TIER_IDS.platinum, expiresAt: '2030-01-01T00:00:00Z' });
  });

  it('reconciles pending ledger entries at restart: applied, re-applied, or flagged for review', async () => {
    const points = await mewsPoints(membership.id);
    const row = (over: Record<string, unknown>) => ({
      id: randomUUID(), membership_id: membership.id, idempotency_key: `crafted:${randomUUID()}`, reason: 'stay', note: null,
      status: 'pending' as const, kind: 'adjustment', device_id: 'd', device_name: 'Desk 1', created_at: new Date().toISOString(), applied_at: null,
      // Sent long enough ago that Mews no longer applies it (MEWS_WRITE_FENCE_MS): its outcome is decidable.
      fenced_until: new Date(Date.now() - 1_000).toISOString(),
      delta: 0, points_before: 0, points_after: 0, ...over,
    });
    // The write happened: Mews already holds points_after.
    const happened = row({ delta: 10, points_before: points - 10, points_after: points });
    await env.store.db.insertInto('ledger').values(happened).execute();
    const restarted = env.restart();
    await restarted.start();
    await restarted.stop();
    expect((await env.store.db.selectFrom('ledger').select('status').where('id', '=', happened.id).executeTakeFirstOrThrow()).status).toBe('applied');
    expect(await mewsPoints(membership.id)).toBe(points);

    // The write did not happen: Mews still holds points_before, so it is applied now.
    const missed = row({ delta: 7, points_before: points, points_after: points + 7 });
    await env.store.db.insertInto('ledger').values(missed).execute();
    const again = env.restart();
    await again.start();
    await again.stop();
    expect((await env.store.db.selectFrom('ledger').select('status').where('id', '=', missed.id).executeTakeFirstOrThrow()).status).toBe('applied');
    expect(await mewsPoints(membership.id)).toBe(points + 7);

    // Mews holds neither: a human decides.
    const odd = row({ delta: 3, points_before: 1, points_after: 4 });
    await env.store.db.insertInto('ledger').values(odd).execute();
    const third = env.restart();
    await third.start();
    await third.stop();
    expect((await env.store.db.selectFrom('ledger').select('status').where('id', '=', odd.id).executeTakeFirstOrThrow()).status).toBe('review');
    expect(await mewsPoints(membership.id)).toBe(points + 7);
    const audit = await env.store.db.selectFrom('audit_log').select('action').where('subject_id', '=', membership.id).where('action', '=', 'points.review').execute();
    expect(audit).toHaveLength(1);

    // Sent a moment ago and unanswered: Mews may still apply it, so a restart neither writes
    // it again nor judges it (the write fence); it stays pending for a later pass.
    const inFlight = row({ delta: 2, points_before: points + 7, points_after: points + 9, fenced_until: new Date(Date.now() + 60_000).toISOString() });
    await env.store.db.insertInto('ledger').values(inFlight).execute();
    const fourth = env.restart();
    await fourth.start();
    await fourth.stop();
    expect((await env.store.db.selectFrom('ledger').select('status').where('id', '=', inFlight.id).executeTakeFirstOrThrow()).status).toBe('pending');
    expect(await mewsPoints(membership.id)).toBe(points + 7);
    await env.store.db.deleteFrom('ledger').where('id', '=', inFlight.id).execute();
  });

  it('answers 502 when Mews fails during an adjustment and the retry with the same key applies it once', async () => {
    const path = `/v1/memberships/${membership.id}/adjustments`;
    const before = await mewsPoints(membership.id);
    const key = randomUUID();
    await env.faults({ rate5xx: 1 });
    let failed: Response;
    try {
      failed = await post(path, { delta: 11, reason: 'bonus' }, key);
    } finally {
      await env.faults({ rate5xx: 0 });
    }
    expect(failed.status).toBe(502);
    expect(failed.headers.get('content-type')).toContain('application/problem+json');
    const retry = await post(path, { delta: 11, reason: 'bonus' }, key);
    expect(retry.status).toBe(201);
    const again = await post(path, { delta: 11, reason: 'bonus' }, key);
    expect(await again.json()).toEqual(await retry.json());
    expect(await mewsPoints(membership.id)).toBe(before + 11);
  });

  it('confirms by reading back when a write reached Mews but the answer was lost: applied once, the retry replays it', async () => {
    const path = `/v1/memberships/${membership.id}/adjustments`;
    const before = await mewsPoints(membership.id);
    let dropped = 0;
    // Forwards the write to Mews, then loses the answer: the outcome is unknown to the proxy.
    const lossy: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      const url = input instanceof Request ? input.url : String(input);
      if (url.endsWith('/loyaltyMemberships/update') && dropped === 0) {
        dropped++;
        return new Response('<html>bad gateway</html>', { status: 503 });
      }
      return response;
    };
    const { config } = env.deps;
    const flaky = createLoyaltyModule(env.deps, {
      mews: new MewsClient({
        platformUrl: config.mewsPlatformUrl, clientToken: config.mewsClientToken, accessToken: config.mewsAccessToken,
        client: 'Keycard flaky test', fetch: lossy, limiter: new SlidingWindowLimiter({ maxRequests: 10_000, windowMs: 30_000 }),
      }),
      loyalty: { pollIntervalMs: 0, stayPollIntervalMs: 0 },
    });
    const app = createProxyApp({ ...env.deps, modules: [flaky] });
    const key = randomUUID();
    const send = () => app.request(path, {
      method: 'POST',
      headers: { Authorization: `Bearer ${desk}`, 'Content-Type': 'application/json', 'Idempotency-Key': key },
      body: JSON.stringify({ delta: 25, reason: 'stay' }),
    });
    // The 503 shows the request is over, so the proxy reads Mews back at once: the write is there.
    const lost = await send();
    expect(dropped).toBe(1);
    expect(lost.status).toBe(201);
    const first = (await lost.json()) as AdjustAnswer;
    expect(first.adjustment).toMatchObject({ status: 'applied', pointsAfter: before + 25 });
    expect(await mewsPoints(membership.id)).toBe(before + 25);

    const retry = await send();
    expect(retry.status).toBe(201);
    expect(await retry.json()).toEqual(first);
    expect(await mewsPoints(membership.id)).toBe(before + 25);
    const rows = await env.store.db.selectFrom('ledger').selectAll().where('idempotency_key', 'like', `%:${key}`).execute();
    expect(rows.map((r) => r.status)).toEqual(['applied']);
  });
});
