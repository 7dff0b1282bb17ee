// @vitest-environment node
/**
 * Issue 16, item 6: Keycard sends Mews only what the docs document. An expiry reaches Mews as
 * `YYYY-MM-DDThh:mm:ssZ` (serialization.md) whatever ISO 8601 form the manager sent, and an
 * impossible one is a 422 naming /expiresAt, never Mews's refusal as a 502. A reservation a
 * company owns answers a problem the panel shows as "Booked by a company", not a 404.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPANY_RESERVATION_PROBLEM, type Membership } from '../../lib/contract';
import { KEYCARD_PROGRAM_ID } from '../../server/sandbox/core/seed';
import { pgAvailable } from './support/postgres';
import { startLoyaltyEnv, type LoyaltyEnv } from './support/loyalty-env';

const dialects = (['sqlite', 'postgres'] as const).filter((d) => d === 'sqlite' || pgAvailable);

describe.each(dialects)('documented formats (%s)', (dialect) => {
  let env: LoyaltyEnv;
  let desk: string;
  let manager: string;
  let membership: { Id: string; AccountId: string };

  beforeAll(async () => {
    env = await startLoyaltyEnv(dialect, { customers: 60 });
    desk = (await env.harness.pair('desk')).token;
    manager = (await env.harness.pair('manager')).token;
    [membership] = (await env.mews('loyaltyMemberships/getAll', { LoyaltyProgramIds: [KEYCARD_PROGRAM_ID], ActivityStates: ['Active'], Limitation: { Count: 1 } })).LoyaltyMemberships;
  });
  afterAll(() => env?.close());

  const patch = (json: object) => env.harness.request(`/v1/memberships/${membership.Id}`, { method: 'PATCH', token: manager, json });
  const inMews = async () => (await env.mews('loyaltyMemberships/getAll', { LoyaltyMembershipIds: [membership.Id], ActivityStates: ['Active'], Limitation: { Count: 1 } })).LoyaltyMemberships[0];

  it('sends an expiry as YYYY-MM-DDThh:mm:ssZ, from any ISO 8601 form a manager gives (the panel sends milliseconds)', async () => {
    await env.behaviour({ dateTimes: 'documented' });
    for (const [given, sent] of [
      ['2027-12-30T23:00:00.000Z', '2027-12-30T23:00:00Z'], // what the options page and the panel send
      ['2028-01-01T01:00:00+01:00', '2028-01-01T00:00:00Z'],
      ['2028-06-30T12:30:59.999Z', '2028-06-30T12:30:59Z'],
    ] as const) {
      const res = await patch({ expiresAt: given });
      expect(res.status, `${given}: ${await res.clone().text()}`).toBe(200);
      expect(((await res.json()) as Membership).expiresAt).toBe(sent);
      expect((await inMews()).ExpirationDate).toBe(sent);
    }
  });

  it('refuses an impossible expiry at the edge with 422 naming /expiresAt, and changes nothing', async () => {
    await env.behaviour({ dateTimes: 'lenient' });
    const before = (await inMews()).ExpirationDate;
    for (const bad of ['2027-02-30T00:00:00Z', '2027-13-01T00:00:00Z', '2027-12-31', 'next year', '2027-12-31T24:00:00Z', '0099-01-01T00:00:00Z']) {
      const res = await patch({ expiresAt: bad });
      expect(res.status, bad).toBe(422);
      const problem = (await res.json()) as { errors: { pointer: string; detail: string }[] };
      expect(problem.errors.map((e) => e.pointer)).toEqual(['/expiresAt']);
      expect(problem.errors[0]!.detail).toMatch(/expiresAt/);
    }
    expect((await inMews()).ExpirationDate).toBe(before);
  });

  it('answers a company-owned reservation with a "Booked by a company" problem, not a 404', async () => {
    const res0 = await fetch(`${env.sandbox.url}/_sandbox/reservations`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ customerId: membership.AccountId, nights: 2, nightlyPrice: 100, companyId: randomUUID() }),
    });
    const reservation = (await res0.json()) as { Id: string; Number: string };
    const res = await env.harness.request(`/v1/reservations/${reservation.Id}/loyalty`, { token: desk });
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await res.json()).toMatchObject({ type: COMPANY_RESERVATION_PROBLEM, title: 'Booked by a company', status: 409 });
    // The guest's own profile still answers.
    expect((await env.harness.request(`/v1/accounts/${membership.AccountId}/loyalty`, { token: desk })).status).toBe(200);
  });
});
