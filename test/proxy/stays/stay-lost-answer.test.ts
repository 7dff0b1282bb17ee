// @vitest-environment node
/**
 * A stay's credit whose Mews answer never came (the write applied late, after the proxy gave
 * up), on SQLite and PostgreSQL: the stay must keep the terms it was first computed with even
 * if the member changes tier before the next look, and a stay voided before the next look must
 * still be taken back. Played exactly with the sandbox's applyLateMs fault.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EarningRules, Program } from '../../../lib/contract';
import { pgAvailable } from '../support/postgres';
import { startLoyaltyEnv, type LoyaltyEnv } from '../support/loyalty-env';

const dialects = (['sqlite', 'postgres'] as const).filter((d) => d === 'sqlite' || pgAvailable);

type Json = Record<string, any>;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(dialects)('a stay credit whose answer was lost (%s)', (dialect) => {
  let env: LoyaltyEnv;
  let manager: string;
  let program: Program;
  /** Primary enrolled members below the program's top tier. */
  let members: Json[];
  let top: Program['tiers'][number];

  beforeAll(async () => {
    // The proxy gives up on Mews after 0.5 s and waits at most 0.3 s for a fenced membership,
    // so a write Mews applies 1 s late is a credit of unknown outcome, left pending.
    env = await startLoyaltyEnv(dialect, { customers: 80, env: { MEWS_TIMEOUT_MS: '500', MEWS_WRITE_FENCE_MS: '3000' }, loyalty: { fenceWaitMs: 300 } });
    manager = (await env.harness.pair('manager', 'Front office manager')).token;
    const programs = (await (await env.harness.request('/v1/programs', { token: manager })).json()) as { programs: Program[] };
    for (const candidate of programs.programs.filter((p) => p.tiers.length >= 2)) {
      const highest = [...candidate.tiers].sort((a, b) => b.ordering - a.ordering)[0]!;
      const found = await env.mews('loyaltyMemberships/getAll', { LoyaltyProgramIds: [candidate.id], ActivityStates: ['Active'], Limitation: { Count: 1000 } });
      const below = (found.LoyaltyMemberships as Json[]).filter((m) => m.IsPrimary && m.State === 'Enrolled' && m.LoyaltyTierId && m.LoyaltyTierId !== highest.id);
      if (!members || below.length > members.length) [program, members, top] = [candidate, below, highest];
    }
    expect(members.length).toBeGreaterThanOrEqual(2);
    // The highest Ordering is the top tier here: the manager says so (Keycard never assumes it).
    expect((await send('PATCH', `/v1/programs/${program.id}`, { tierOrder: 'ascending' })).status).toBe(200);
    // 100 points a night; the top tier earns double.
    const rules: EarningRules = {
      perNight: 100, perCurrencyUnit: 0, revenue: 'gross', includeProducts: false, perStay: 0, minNights: 1,
      tierMultipliers: { [top.id]: 2 },
    };
    expect((await send('PUT', `/v1/programs/${program.id}/earning`, rules)).status).toBe(200);
  });
  afterAll(async () => {
    await env?.close();
  });

  const send = (method: string, path: string, json: unknown) =>
    env.harness.request(path, { method, token: manager, json, headers: { 'Idempotency-Key': randomUUID() } });
  const hook = async (path: string, body: unknown = {}) => {
    const res = await fetch(`${env.sandbox.url}/_sandbox/${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`${path} ${res.status}: ${await res.text()}`);
    return (await res.json()) as Json;
  };
  const membership = async (id: string) =>
    (await env.mews('loyaltyMemberships/getAll', { LoyaltyMembershipIds: [id], Limitation: { Count: 1 } })).LoyaltyMemberships[0] as Json;
  const stayRows = async (id: string) =>
    (await env.store.db.selectFrom('ledger').selectAll().where('stay_id', '=', id).orderBy('created_at').execute()).map((r) => [r.kind, r.delta, r.status]);
  /** A one-night stay checked out, whose credit Mews applies only after the proxy gave up on it. */
  async function checkOutWithLostAnswer(member: Json): Promise<string> {
    const { Id: id } = await hook('reservations', { customerId: member.AccountId, nights: 1, nightlyPrice: 100 });
    await hook(`reservations/${id}/checkout`);
    await env.faults({ applyLateMs: 1_000 });
    try {
      expect((await env.module.stays.pollOnce()).failed).toContain(id);
    } finally {
      await env.faults({ applyLateRate: 0, applyLateMs: 0 });
    }
    await sleep(1_200); // the late write has landed
    expect(await stayRows(id)).toEqual([['stay', 100, 'pending']]);
    return id;
  }

  it('keeps the tier a stay was first computed with when the member moves up before the next look', async () => {
    const member = members[0]!;
    const start = (await membership(member.Id)).Points ?? 0;
    // The member reaches the top tier with its second stay, not its first.
    expect((await send('PATCH', `/v1/programs/${program.id}/tiers/${top.id}`, { minPoints: start + 150 })).status).toBe(200);
    const first = await checkOutWithLostAnswer(member);

    // A second stay, by webhook: it settles the first write (seen in Mews), earns 100 and moves the member up.
    const { Id: second } = await hook('reservations', { customerId: member.AccountId, nights: 1, nightlyPrice: 100 });
    await hook(`reservations/${second}/checkout`);
    env.module.stays.serviceOrdersUpdated([second]);
    await env.module.stays.drain();
    expect(await membership(member.Id)).toMatchObject({ Points: start + 200, LoyaltyTierId: top.id });

    await env.module.stays.pollOnce();
    expect(await stayRows(first)).toEqual([['stay', 100, 'applied']]);
    expect((await membership(member.Id)).Points).toBe(start + 200);
  });

  it('takes back a stay voided before the next look', async () => {
    const member = members[1]!; // below the top tier: × 1
    const start = (await membership(member.Id)).Points ?? 0;
    const id = await checkOutWithLostAnswer(member);
    expect((await membership(member.Id)).Points).toBeGreaterThan(start);
    await hook(`reservations/${id}/cancel`);
    await env.module.stays.pollOnce();
    expect(await stayRows(id)).toEqual([['stay', 100, 'applied'], ['stay-reversal', -100, 'applied']]);
    expect((await membership(member.Id)).Points).toBe(start);
  });
});
