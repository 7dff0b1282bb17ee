// @vitest-environment node
/**
 * Issue 18 item 7: a Canceled (or Declined) membership takes no points from a desk. The proxy
 * refuses with a problem naming the state and what to do, and changes nothing; a manager, who
 * may reinstate the membership, may still correct its balance.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Membership } from '../../lib/contract';
import { KEYCARD_PROGRAM_ID } from '../../server/sandbox/core/seed';
import { pgAvailable } from './support/postgres';
import { startLoyaltyEnv, type LoyaltyEnv } from './support/loyalty-env';

const dialects = (['sqlite', 'postgres'] as const).filter((d) => d === 'sqlite' || pgAvailable);

describe.each(dialects)('points on a closed membership (%s)', (dialect) => {
  let env: LoyaltyEnv;
  let desk: string;
  let manager: string;
  let membership: Membership;

  beforeAll(async () => {
    env = await startLoyaltyEnv(dialect, { customers: 20 });
    desk = (await env.harness.pair('desk')).token;
    manager = (await env.harness.pair('manager')).token;
    const customer = await env.mews('customers/add', { LastName: 'Zrušená', FirstName: 'Věra', Email: `vera.${randomUUID()}@example.com`, OverwriteExisting: false });
    const enrolled = await env.harness.request('/v1/memberships', { method: 'POST', token: desk, json: { accountId: customer.Id, programId: KEYCARD_PROGRAM_ID }, headers: { 'Idempotency-Key': randomUUID() } });
    membership = (await enrolled.json()) as Membership;
    const canceled = await env.harness.request(`/v1/memberships/${membership.id}`, { method: 'PATCH', token: manager, json: { state: 'Canceled' }, headers: { 'Idempotency-Key': randomUUID() } });
    expect(canceled.status).toBe(200);
  });
  afterAll(() => env?.close());

  const adjust = (delta: number, token: string) =>
    env.harness.request(`/v1/memberships/${membership.id}/adjustments`, { method: 'POST', token, json: { delta, reason: delta > 0 ? 'bonus' : 'correction' }, headers: { 'Idempotency-Key': randomUUID() } });
  const mewsPoints = async () =>
    (await env.mews('loyaltyMemberships/getAll', { LoyaltyMembershipIds: [membership.id], Limitation: { Count: 1 } })).LoyaltyMemberships[0].Points as number;

  it('refuses a desk +10 on a Canceled membership with a problem naming the state, and changes nothing', async () => {
    const res = await adjust(10, desk);
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({
      type: 'https://keycard.dev/problems/membership-closed',
      state: 'Canceled',
      detail: expect.stringMatching(/Canceled.*manager/),
    });
    expect(await mewsPoints()).toBe(0);
    const ledger = await env.harness.request(`/v1/memberships/${membership.id}/adjustments`, { token: desk });
    expect((await ledger.json()).adjustments ?? []).toHaveLength(0);
  });

  it('lets a manager correct a Canceled membership', async () => {
    expect((await adjust(10, manager)).status).toBe(201);
    expect(await mewsPoints()).toBe(10);
  });
});
