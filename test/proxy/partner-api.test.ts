// @vitest-environment node
/**
 * The Loyalty Partner API as Mews calls it, over the real sandbox and a real store: moving a
 * program to partner, every documented search combination, enrollment, list (1 and 100 ids),
 * link and unlink, tokens and their rotation, Mews's problem types, and one truth for the desk
 * and Mews (an adjustment at the desk is what Mews's Refresh shows; no Connector row remains).
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GuestLoyalty, Membership, PartnerMember, PartnerMembership } from '../../lib/contract';
import { createPartnerToken, revokePartnerToken } from '../../server/proxy/auth/partner-tokens';
import { PARTNER_PROGRAM_ID } from '../../server/sandbox/core/seed';
import { pgAvailable } from './support/postgres';
import { startLoyaltyEnv, type LoyaltyEnv } from './support/loyalty-env';

const dialects = (['sqlite', 'postgres'] as const).filter((d) => d === 'sqlite' || pgAvailable);
const CORE = 'https://purl.mews.com/problem/core/';

describe.each(dialects)('Loyalty Partner API (%s)', (dialect) => {
  let env: LoyaltyEnv;
  let desk: string;
  let manager: string;
  let partner: string;
  let enterpriseId: string;
  let moved: { Id: string; AccountId: string; Points: number; MembershipNumber: string; State: string }[];
  const statusOf = (state: string) => ({ Enrolled: 'enrolled', Canceled: 'canceled', Declined: 'declined' } as Record<string, string>)[state] ?? 'pending';
  let guest: { id: string; email: string };

  const call = (method: string, path: string, json?: unknown, token = partner, headers: Record<string, string> = {}) =>
    env.harness.request(`/partner/v1${path}`, { method, token, json, headers });
  const search = async (memberFilter: Record<string, string>) => {
    const res = await call('POST', '/members/search', { mewsEnterpriseId: enterpriseId, memberFilter });
    expect(res.status).toBe(200);
    return ((await res.json()) as { members: PartnerMember[] }).members;
  };
  const list = async (ids: string[]) => {
    const res = await call('POST', '/memberships/list', { mewsEnterpriseId: enterpriseId, providerMembershipIds: ids });
    expect(res.status).toBe(200);
    return ((await res.json()) as { memberships: PartnerMembership[] }).memberships;
  };
  const mewsMembershipsOf = async (programId: string) =>
    (await env.mews('loyaltyMemberships/getAll', { LoyaltyProgramIds: [programId], ActivityStates: ['Active'], Limitation: { Count: 1000 } })).LoyaltyMemberships as typeof moved;
  const deskLoyalty = async (accountId: string) =>
    (await (await env.harness.request(`/v1/accounts/${accountId}/loyalty`, { token: desk })).json()) as GuestLoyalty;

  beforeAll(async () => {
    env = await startLoyaltyEnv(dialect, { customers: 60, loyalty: { lookupFreshMs: 0 } });
    desk = (await env.harness.pair('desk')).token;
    manager = (await env.harness.pair('manager')).token;
    partner = (await createPartnerToken(env.store.db, { name: 'Mews demo' })).token;
    enterpriseId = (await env.mews('configuration/get', {})).Enterprise.Id;
    const email = `ema.${randomUUID().slice(0, 8)}@example.com`;
    guest = { id: (await env.mews('customers/add', { LastName: 'Šťastná', FirstName: 'Ema', Email: email, OverwriteExisting: false })).Id, email };
  }, 60_000);
  afterAll(() => env?.close());

  it('moves a program to partner: every membership into Keycard with its points, none left in Mews, idempotent', async () => {
    const before = await mewsMembershipsOf(PARTNER_PROGRAM_ID);
    expect(before.length).toBeGreaterThan(0);
    const put = (connection: string, token = manager) => env.harness.request(`/v1/programs/${PARTNER_PROGRAM_ID}/connection`, {
      method: 'PUT', token, json: { connection }, headers: { 'Idempotency-Key': randomUUID() },
    });
    expect((await put('partner', desk)).status).toBe(403);
    const res = await put('partner');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ programId: PARTNER_PROGRAM_ID, connection: 'partner', moved: before.length, remaining: 0 });
    expect(await mewsMembershipsOf(PARTNER_PROGRAM_ID)).toEqual([]);
    expect(await (await put('partner')).json()).toMatchObject({ moved: 0, remaining: 0 });
    // Back is refused: Mews would renumber every membership.
    expect((await put('connector')).status).toBe(409);
    moved = before;
    const [first] = moved;
    const seen = (await deskLoyalty(first!.AccountId)).memberships.filter((m) => m.programId === PARTNER_PROGRAM_ID);
    expect(seen).toEqual([expect.objectContaining({ id: first!.Id, points: first!.Points ?? 0, number: first!.MembershipNumber })]);
  });

  it('lists the partner programs for Mews\'s "Add" dialog', async () => {
    const res = await call('GET', '/programs');
    expect(await res.json()).toEqual({ programs: [{ providerProgramId: PARTNER_PROGRAM_ID, name: 'Partner Miles', code: 'PMX' }] });
  });

  it('enrolls a Mews customer once: 200 with the membership, again 200 with the same one, held by Keycard only', async () => {
    const body = {
      mewsEnterpriseId: enterpriseId, providerProgramId: PARTNER_PROGRAM_ID, mewsCustomerId: guest.id,
      customer: { firstName: 'Ema', lastName: 'Šťastná', email: guest.email, address: { line1: 'Vodičkova 1', city: 'Praha', postalCode: '11000', countryCode: 'CZ' } },
    };
    const first = await call('POST', '/members', body);
    expect(first.status).toBe(200);
    const { membership } = (await first.json()) as { membership: PartnerMembership };
    expect(membership).toMatchObject({ status: 'enrolled', points: 0, tier: null, membershipNumber: expect.stringMatching(/^PMX\d{10}$/) });
    const again = (await (await call('POST', '/members', body)).json()) as { membership: PartnerMembership };
    expect(again.membership).toEqual(membership);
    const connector = await env.mews('loyaltyMemberships/getAll', { AccountIds: [guest.id], Limitation: { Count: 10 } });
    expect(connector.LoyaltyMemberships).toEqual([]);
    expect((await deskLoyalty(guest.id)).memberships.map((m) => m.id)).toEqual([membership.providerMembershipId]);
  });

  it('finds members by each documented combination, and refuses any other with the Mews search type', async () => {
    const [held] = await list([(await deskLoyalty(guest.id)).memberships[0]!.id]);
    const id = held!.providerMembershipId;
    const combos: Record<string, string>[] = [
      { email: guest.email.toUpperCase() },
      { membershipNumber: held!.membershipNumber! },
      { providerMembershipId: id },
      { firstName: 'ema', lastName: 'STASTNA' },
      { lastName: 'Šťastná', city: 'praha', countryCode: 'cz' },
    ];
    for (const memberFilter of combos) {
      const members = await search(memberFilter);
      expect(members.map((m) => m.membership.providerMembershipId), JSON.stringify(memberFilter)).toEqual([id]);
      expect(members[0]).toMatchObject({ firstName: 'Ema', lastName: 'Šťastná', email: guest.email, address: { city: 'Praha', countryCode: 'CZ' } });
    }
    expect(await search({ email: 'nobody@example.com' })).toEqual([]);
    expect(await search({ lastName: 'Šťastná', city: 'Brno', countryCode: 'CZ' })).toEqual([]);
    for (const memberFilter of [{ firstName: 'Ema' }, { lastName: 'Šťastná' }, { city: 'Praha', countryCode: 'CZ' }, {}] as Record<string, string>[]) {
      const res = await call('POST', '/members/search', { mewsEnterpriseId: enterpriseId, memberFilter });
      expect(res.status).toBe(400);
      expect((await res.json()).type).toBe('https://purl.mews.com/problem/loyalty/invalid-member-search-criteria');
    }
  });

  it('lists 1 and 100 memberships in request order; unknown ids are notFound with nothing else', async () => {
    const enrolled = moved.find((m) => m.State === 'Enrolled')!;
    const one = await list([enrolled.Id]);
    expect(one).toEqual([expect.objectContaining({ providerMembershipId: enrolled.Id, status: 'enrolled', points: enrolled.Points ?? 0, membershipNumber: enrolled.MembershipNumber })]);
    const pending = moved.find((m) => m.State === 'Pending' || m.State === 'New');
    if (pending) expect(await list([pending.Id])).toEqual([{ providerMembershipId: pending.Id, status: 'pending' }]);
    const unknown: string[] = Array.from({ length: 100 - moved.length }, () => randomUUID());
    const ids = [...unknown.slice(0, 10), ...moved.map((m) => m.Id), ...unknown.slice(10)];
    const answers = await list(ids);
    expect(answers.map((m) => m.providerMembershipId)).toEqual(ids);
    for (const [i, answer] of answers.entries()) {
      if (unknown.includes(ids[i]!)) expect(answer).toEqual({ providerMembershipId: ids[i], status: 'notFound' });
      else expect(answer.status).toBe(statusOf(moved.find((m) => m.Id === ids[i])!.State));
    }
    for (const providerMembershipIds of [[], Array.from({ length: 101 }, () => randomUUID())]) {
      const res = await call('POST', '/memberships/list', { mewsEnterpriseId: enterpriseId, providerMembershipIds });
      expect(res.status).toBe(400);
      expect((await res.json()).errors[0]).toMatchObject({ pointer: '#/providerMembershipIds' });
    }
  });

  it('one truth: a desk adjustment on a partner membership is what Mews reads on Refresh, at no Mews write', async () => {
    const target = moved.find((m) => m.State === 'Enrolled')!;
    const writesBefore = (await env.stats()).requestsByOperation['loyaltyMemberships/update'] ?? 0;
    const res = await env.harness.request(`/v1/memberships/${target.Id}/adjustments`, {
      method: 'POST', token: desk, json: { delta: 250, reason: 'bonus' }, headers: { 'Idempotency-Key': randomUUID() },
    });
    expect(res.status).toBe(201);
    const { membership } = (await res.json()) as { membership: Membership };
    expect(membership.points).toBe((target.Points ?? 0) + 250);
    expect((await list([target.Id]))[0]).toMatchObject({ status: 'enrolled', points: (target.Points ?? 0) + 250 });
    expect((await env.stats()).requestsByOperation['loyaltyMemberships/update'] ?? 0).toBe(writesBefore);
  });

  it('points from stays reach a partner membership: a check-out credits it in Keycard, and Mews sees no write', async () => {
    const target = moved.filter((m) => m.State === 'Enrolled')[1]!;
    const rules = { perNight: 100, perCurrencyUnit: 0, revenue: 'net', includeProducts: false, perStay: 0, minNights: 1, tierMultipliers: {} };
    const saved = await env.harness.request(`/v1/programs/${PARTNER_PROGRAM_ID}/earning`, { method: 'PUT', token: manager, json: rules, headers: { 'Idempotency-Key': randomUUID() } });
    expect(saved.status).toBe(200);
    const [before] = await list([target.Id]);
    const hook = async (path: string, body: unknown = {}) => {
      const res = await fetch(`${env.sandbox.url}/_sandbox/${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      expect(res.ok, path).toBe(true);
      return (await res.json()) as { Id?: string; reservation?: { Id: string } };
    };
    const created = await hook('reservations', { customerId: target.AccountId, nights: 3, nightlyPrice: 80 });
    const reservationId = (created.reservation ?? created).Id!;
    const writesBefore = (await env.stats()).requestsByOperation['loyaltyMemberships/update'] ?? 0;
    await hook(`reservations/${reservationId}/checkout`);
    await env.module.stays.pollOnce();
    expect((await list([target.Id]))[0]!.points).toBe(before!.points! + 300);
    expect((await env.stats()).requestsByOperation['loyaltyMemberships/update'] ?? 0).toBe(writesBefore);
  });

  it('unlinks (the desk no longer sees it, Mews still finds it) and links to another guest', async () => {
    const target = moved[1]!;
    const unlink = await call('PUT', '/memberships/link', { mewsEnterpriseId: enterpriseId, providerMembershipId: target.Id, mewsCustomerId: target.AccountId, action: 'unlink' });
    expect(unlink.status).toBe(200);
    expect((await deskLoyalty(target.AccountId)).memberships.map((m) => m.id)).not.toContain(target.Id);
    expect((await search({ providerMembershipId: target.Id })).length).toBe(1);
    expect((await list([target.Id]))[0]!.status).toBe(statusOf(target.State));

    const other = (await env.mews('customers/add', { LastName: 'Novák', FirstName: 'Jan', OverwriteExisting: false })).Id as string;
    const link = await call('PUT', '/memberships/link', { mewsEnterpriseId: enterpriseId, providerMembershipId: target.Id, mewsCustomerId: other, action: 'link' });
    expect(link.status).toBe(200);
    expect((await deskLoyalty(other)).memberships.map((m) => m.id)).toContain(target.Id);
    const missing = await call('PUT', '/memberships/link', { mewsEnterpriseId: enterpriseId, providerMembershipId: randomUUID(), mewsCustomerId: other, action: 'link' });
    expect(missing.status).toBe(404);
    expect((await missing.json()).type).toBe(`${CORE}not-found`);
  });

  it('accepts only partner tokens: none, a device token, a revoked one → 401 unauthorized; two valid during rotation', async () => {
    for (const token of ['', desk, manager, 'kcp_' + 'A'.repeat(43)]) {
      const res = await call('POST', '/memberships/list', { mewsEnterpriseId: enterpriseId, providerMembershipIds: [moved[0]!.Id] }, token);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ type: `${CORE}unauthorized`, status: 401 });
    }
    const old = await createPartnerToken(env.store.db, { name: 'Mews 2026' });
    const next = await createPartnerToken(env.store.db, { name: 'Mews 2027' });
    for (const t of [old.token, next.token]) expect((await call('GET', '/programs', undefined, t)).status).toBe(200);
    await revokePartnerToken(env.store.db, old.id);
    expect((await call('GET', '/programs', undefined, old.token)).status).toBe(401);
    expect((await call('GET', '/programs', undefined, next.token)).status).toBe(200);
  });

  it('refuses malformed bodies with 400 naming each field, in the asked language, changing nothing', async () => {
    const counts = async () => ({
      memberships: (await env.store.db.selectFrom('memberships').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n,
      profiles: (await env.store.db.selectFrom('member_profiles').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n,
    });
    const before = await counts();
    const bad = await call('POST', '/members', { mewsEnterpriseId: enterpriseId, providerProgramId: PARTNER_PROGRAM_ID, mewsCustomerId: guest.id, customer: { lastName: 'X', email: 'not-an-email' } }, partner, { 'Accept-Language': 'cs-CZ, en;q=0.5' });
    expect(bad.status).toBe(400);
    const problem = await bad.json();
    expect(problem).toMatchObject({ type: `${CORE}bad-request`, title: 'Chybný požadavek', errors: [{ type: `${CORE}field-email-invalid`, pointer: '#/customer/email' }] });
    expect(bad.headers.get('content-language')).toBe('cs');
    const notJson = await env.harness.request('/partner/v1/members', { method: 'POST', token: partner, body: 'x=1', headers: { 'Content-Type': 'text/plain' } });
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).type).toBe(`${CORE}bad-request`);
    expect(await counts()).toEqual(before);
  });

  it('answers every random body without a server error (fast-check)', async () => {
    const paths: [string, string][] = [['POST', '/members/search'], ['POST', '/members'], ['POST', '/memberships/list'], ['PUT', '/memberships/link']];
    const value = fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.uuid(), fc.array(fc.uuid(), { maxLength: 3 }), fc.emailAddress());
    const body = fc.record({
      mewsEnterpriseId: fc.option(fc.uuid()), memberFilter: fc.option(fc.dictionary(fc.constantFrom('email', 'firstName', 'lastName', 'city', 'countryCode', 'membershipNumber', 'providerMembershipId'), value)),
      providerProgramId: fc.option(fc.constantFrom(PARTNER_PROGRAM_ID, randomUUID())), mewsCustomerId: fc.option(fc.constantFrom(guest.id, randomUUID())),
      providerMembershipIds: fc.option(fc.array(fc.uuid(), { maxLength: 3 })), providerMembershipId: fc.option(fc.constantFrom(moved[2]!.Id, randomUUID())),
      action: fc.option(fc.constantFrom('link', 'unlink', 'merge')), customer: fc.option(fc.record({ lastName: value, email: value })),
    }, { requiredKeys: [] });
    await fc.assert(fc.asyncProperty(fc.constantFrom(...paths), body, async ([method, path], json) => {
      const res = await call(method, path, json);
      expect(res.status).toBeLessThan(500);
      if (res.status >= 400) expect((await res.json()).type).toMatch(/^https:\/\/purl\.mews\.com\/problem\//);
    }), { numRuns: 150 });
  });

  it('documents the partner routes in /v1/openapi.json under a partner token', async () => {
    const doc = await (await env.harness.request('/v1/openapi.json')).json();
    for (const path of ['/partner/v1/members/search', '/partner/v1/members', '/partner/v1/memberships/list', '/partner/v1/memberships/link']) {
      const operation = Object.values(doc.paths[path] ?? {})[0] as { security?: unknown } | undefined;
      expect(operation?.security, path).toEqual([{ partnerToken: [] }]);
    }
  });
});
