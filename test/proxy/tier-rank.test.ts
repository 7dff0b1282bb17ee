// @vitest-environment node
/**
 * Issue 16, item 2: the Mews docs never say whether a higher tier Ordering is a higher tier
 * (their example: Platinum 1, Silver 2; Keycard Rewards in the sandbox: Silver 1). Keycard ranks
 * tiers by its thresholds, else by the direction a manager confirmed, and otherwise does not
 * guess. The sandbox's "Tower Club" runs the docs' way: Platinum 1, Gold 2, Silver 3.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeskContext, Membership, Program, Tier } from '../../lib/contract';
import { compareTiers, entryTier, rankedTiers } from '../../server/proxy/loyalty/programs/tier-rank';
import { DOCS_ORDER_PROGRAM_ID as GRAND, DOCS_ORDER_TIER_IDS as TIER, KEYCARD_PROGRAM_ID, TIER_IDS } from '../../server/sandbox/core/seed';
import { pgAvailable } from './support/postgres';
import { startLoyaltyEnv, type LoyaltyEnv } from './support/loyalty-env';

const dialects = (['sqlite', 'postgres'] as const).filter((d) => d === 'sqlite' || pgAvailable);

describe('tier rank', () => {
  const tier = (id: string, ordering: number, minPoints: number | null): Tier => ({ id, programId: 'p', name: id, code: id, ordering, minPoints });
  const [p1, g2, s3] = [tier('platinum', 1, null), tier('gold', 2, null), tier('silver', 3, null)];

  it('ranks by thresholds first, then by the confirmed direction, and never by Ordering alone', () => {
    expect(compareTiers({ tiers: [], tierOrder: null }, p1, s3)).toBeUndefined();
    expect(compareTiers({ tiers: [], tierOrder: 'descending' }, p1, s3)).toBeGreaterThan(0);
    expect(compareTiers({ tiers: [], tierOrder: 'ascending' }, p1, s3)).toBeLessThan(0);
    // Thresholds win over a confirmed direction that contradicts them.
    expect(compareTiers({ tiers: [], tierOrder: 'ascending' }, { ...p1, minPoints: 30_000 }, { ...s3, minPoints: 0 })).toBeGreaterThan(0);
    expect(rankedTiers({ tiers: [p1, g2, s3], tierOrder: 'descending' }).map((t) => t.id)).toEqual(['silver', 'gold', 'platinum']);
    const thresholds = [{ ...p1, minPoints: 30_000 }, { ...g2, minPoints: 10_000 }, { ...s3, minPoints: 0 }];
    expect(rankedTiers({ tiers: thresholds, tierOrder: null }).map((t) => t.id)).toEqual(['silver', 'gold', 'platinum']);
    expect(entryTier({ tiers: thresholds, tierOrder: null })?.id).toBe('silver');
    expect(entryTier({ tiers: [p1, g2, s3], tierOrder: null })).toBeUndefined();
  });
});

describe.each(dialects)('tiers ranked whichever way Ordering runs (%s)', (dialect) => {
  let env: LoyaltyEnv;
  let desk: string;
  let manager: string;

  beforeAll(async () => {
    env = await startLoyaltyEnv(dialect, { customers: 60 });
    desk = (await env.harness.pair('desk')).token;
    manager = (await env.harness.pair('manager')).token;
  });
  afterAll(() => env?.close());

  const send = (method: string, path: string, json: unknown, token = manager) =>
    env.harness.request(path, { method, token, json, headers: { 'Idempotency-Key': randomUUID() } });
  const newGuest = async () => (await env.mews('customers/add', { LastName: 'Rank', Email: `rank.${randomUUID()}@example.com`, OverwriteExisting: false })).Id as string;
  const enroll = async (programId: string) => {
    const res = await send('POST', '/v1/memberships', { accountId: await newGuest(), programId }, desk);
    expect(res.status).toBe(201);
    return (await res.json()) as Membership;
  };
  const grand = async () => ((await (await env.harness.request('/v1/context', { token: desk })).json()) as DeskContext).programs.find((p) => p.id === GRAND)!;
  const mewsTier = async (id: string) =>
    (await env.mews('loyaltyMemberships/getAll', { LoyaltyMembershipIds: [id], ActivityStates: ['Active'], Limitation: { Count: 1 } })).LoyaltyMemberships[0].LoyaltyTierId;

  it('unconfirmed, no thresholds: enrolls with no tier rather than guessing Platinum; Keycard Rewards likewise', async () => {
    const member = await enroll(GRAND);
    expect(member.tierId).toBeNull();
    expect((await grand()).tierOrder).toBeNull();
    expect(await mewsTier(member.id)).toBeNull();
    expect(member.nextTier).toBeNull();
    expect((await enroll(KEYCARD_PROGRAM_ID)).tierId).toBeNull();
  });

  it('a manager confirms the direction: the entry tier is Silver (Ordering 3), tiers listed lowest first, audited', async () => {
    const res = await send('PATCH', `/v1/programs/${GRAND}`, { tierOrder: 'descending' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Program).tierOrder).toBe('descending');
    expect((await grand()).tiers.map((t) => t.id)).toEqual([TIER.silver, TIER.gold, TIER.platinum]);
    expect((await enroll(GRAND)).tierId).toBe(TIER.silver);
    const audit = await env.store.db.selectFrom('audit_log').selectAll().where('subject_id', '=', GRAND).where('action', '=', 'program.updated').executeTakeFirstOrThrow();
    expect(JSON.parse(audit.after_json!)).toMatchObject({ tierOrder: 'descending' });
    expect((await send('PATCH', `/v1/programs/${GRAND}`, { tierOrder: 'sideways' })).status).toBe(422);
    // Keycard Rewards, confirmed the other way, starts at its Ordering 1.
    expect((await send('PATCH', `/v1/programs/${KEYCARD_PROGRAM_ID}`, { tierOrder: 'ascending' })).status).toBe(200);
    expect((await enroll(KEYCARD_PROGRAM_ID)).tierId).toBe(TIER_IDS.silver);
  });

  it('thresholds rank without a direction: "N points to Platinum", and promotion upwards, never to Silver', async () => {
    const other = await send('POST', '/v1/programs', { name: 'Docs Club', code: `D${randomUUID().slice(0, 5)}`, type: 'Hotel', subscription: 'Free' });
    const club = (await other.json()) as Program;
    const made: Record<string, Tier> = {};
    for (const [name, ordering, minPoints] of [['Platinum', 1, 20_000], ['Gold', 2, 5_000], ['Silver', 3, 0]] as const) {
      made[name] = (await (await send('POST', `/v1/programs/${club.id}/tiers`, { name, code: `${name[0]}${ordering}`, ordering, minPoints })).json()) as Tier;
    }
    const member = await enroll(club.id);
    expect(member.tierId).toBe(made.Silver!.id);
    const adjust = async (delta: number) => {
      const res = await send('POST', `/v1/memberships/${member.id}/adjustments`, { delta, reason: 'bonus' });
      expect(res.status).toBe(201);
      return ((await res.json()) as { membership: Membership }).membership;
    };
    const gold = await adjust(6_000);
    expect(gold).toMatchObject({ tierId: made.Gold!.id, nextTier: { tierId: made.Platinum!.id, name: 'Platinum', pointsNeeded: 14_000 } });
    const platinum = await adjust(15_000);
    expect(platinum).toMatchObject({ points: 21_000, tierId: made.Platinum!.id, nextTier: null });
    expect(await mewsTier(member.id)).toBe(made.Platinum!.id);
  });
});
