// @vitest-environment node
/**
 * Security review, issue 17 row 7: a desk pushed a balance below zero with any reason but
 * redemption (`correction −1000` on 31 points → −969), and any reason took any sign (a
 * "bonus" of −50). No adjustment may now take a balance below zero, checked against the
 * balance the proxy reads under the membership's lock (the base its write uses), and each
 * reason keeps its sign. Refused requests change nothing in Mews or the ledger. Played over
 * real HTTP against the sandbox, on SQLite and on PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgAvailable } from '../proxy/support/postgres';
import { startLoyaltyEnv, type LoyaltyEnv } from '../proxy/support/loyalty-env';

const dialects = (['sqlite', 'postgres'] as const).filter((d) => d === 'sqlite' || pgAvailable);
if (!pgAvailable) describe.skip('balances below zero on PostgreSQL (no PostgreSQL: see the warning above)', () => { it('skipped', () => {}); });

interface Problem { type?: string; errors?: Array<{ pointer: string; detail: string }> }

describe.each(dialects)('no adjustment takes a balance below zero; reason and sign agree (%s)', (dialect) => {
  let env: LoyaltyEnv;
  let desk: string;
  let manager: string;
  let ids: string[];

  beforeAll(async () => {
    env = await startLoyaltyEnv(dialect, { customers: 60 });
    desk = (await env.harness.pair('desk')).token;
    manager = (await env.harness.pair('manager')).token;
    const { LoyaltyMemberships } = await env.mews('loyaltyMemberships/getAll', { ActivityStates: ['Active'], Limitation: { Count: 10 } });
    ids = (LoyaltyMemberships as Array<{ Id: string }>).map((m) => m.Id);
  });
  afterAll(() => env?.close());

  /** Sets Points in Mews directly, as someone working in Mews Operations would. */
  const setMewsPoints = (id: string, points: number) =>
    env.mews('loyaltyMemberships/update', { LoyaltyMembershipUpdates: [{ LoyaltyMembershipId: id, Points: { Value: points } }] });
  const mewsPoints = async (id: string) =>
    (await env.mews('loyaltyMemberships/getAll', { LoyaltyMembershipIds: [id], Limitation: { Count: 1 } })).LoyaltyMemberships[0].Points as number;
  const adjust = (id: string, delta: number, reason: string, token = desk) =>
    env.harness.request(`/v1/memberships/${id}/adjustments`, {
      method: 'POST', token, json: { delta, reason }, headers: { 'Idempotency-Key': randomUUID() },
    });
  const ledgerRows = (id: string) => env.store.db.selectFrom('ledger').select(['delta']).where('membership_id', '=', id).execute();

  it('refuses the review\'s attack: correction −1000 on 31 points (was applied: −969)', async () => {
    const id = ids[0]!;
    await setMewsPoints(id, 31);
    const res = await adjust(id, -1000, 'correction');
    expect(res.status).toBe(409);
    const problem = (await res.json()) as Problem;
    expect(problem.type).toBe('https://keycard.dev/problems/insufficient-points');
    expect(problem.errors?.[0]?.pointer).toBe('/delta');
    expect(problem.errors?.[0]?.detail).toMatch(/31/);
    expect(await mewsPoints(id)).toBe(31);
    expect(await ledgerRows(id)).toEqual([]);
    // Down to exactly zero is fine.
    expect((await adjust(id, -31, 'correction')).status).toBe(201);
    expect(await mewsPoints(id)).toBe(0);
  });

  it('holds for a manager too: only a stay reversal may leave a balance below zero', async () => {
    const id = ids[1]!;
    await setMewsPoints(id, 10);
    expect((await adjust(id, -11, 'correction', manager)).status).toBe(409);
    expect(await mewsPoints(id)).toBe(10);
  });

  it('checks against the balance read under the lock: of two concurrent −20 on 31, one lands', async () => {
    const id = ids[2]!;
    await setMewsPoints(id, 31);
    const answers = await Promise.all([adjust(id, -20, 'correction'), adjust(id, -20, 'correction')]);
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(await mewsPoints(id)).toBe(11);
    expect((await ledgerRows(id)).map((r) => r.delta)).toEqual([-20]);
  });

  it('lets a balance already below zero move back towards zero, never further down', async () => {
    const id = ids[3]!;
    await setMewsPoints(id, -40); // e.g. a stay reversed after its points were redeemed
    expect((await adjust(id, 15, 'correction')).status).toBe(201);
    expect((await adjust(id, -1, 'correction')).status).toBe(409);
    expect(await mewsPoints(id)).toBe(-25);
  });

  it('keeps each reason to its sign: a 422 naming delta, nothing written', async () => {
    const id = ids[4]!;
    await setMewsPoints(id, 500);
    for (const [delta, reason] of [[-50, 'bonus'], [-50, 'goodwill'], [-50, 'stay'], [50, 'redemption']] as const) {
      const res = await adjust(id, delta, reason);
      expect(res.status, `${reason} ${delta}`).toBe(422);
      const problem = (await res.json()) as Problem;
      expect(problem.errors?.map((e) => e.pointer)).toEqual(['/delta']);
      expect(problem.errors?.[0]?.detail).toMatch(reason);
    }
    expect(await mewsPoints(id)).toBe(500);
    expect(await ledgerRows(id)).toEqual([]);
    // Corrections go either way.
    expect((await adjust(id, 5, 'correction')).status).toBe(201);
    expect((await adjust(id, -5, 'correction')).status).toBe(201);
    expect(await mewsPoints(id)).toBe(500);
  });
});
