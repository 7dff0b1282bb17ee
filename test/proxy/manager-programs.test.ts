// @vitest-environment node
/**
 * Manager tools against the Mews sandbox over real HTTP, on SQLite and PostgreSQL: program and
 * tier administration, tier thresholds and re-tier modes, Mews refusals, desk refusals on
 * every manager route, and the OpenAPI document.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Adjustment, DeskContext, Membership, Program, Tier } from '../../lib/contract';
import { CHAIN_ID } from '../../server/sandbox/core/seed';
import { pgAvailable } from './support/postgres';
import { startLoyaltyEnv, type LoyaltyEnv } from './support/loyalty-env';

const dialects = (['sqlite', 'postgres'] as const).filter((d) => d === 'sqlite' || pgAvailable);
if (!pgAvailable) describe.skip('manager programs on PostgreSQL (no PostgreSQL: see the warning above)', () => { it('skipped', () => {}); });

type AdjustAnswer = { adjustment: Adjustment; membership: Membership };
type Json = Record<string, any>;

describe.each(dialects)('manager: programs and tiers (%s)', (dialect) => {
  let env: LoyaltyEnv;
  let desk: string;
  let manager: string;
  let program: Program;
  const tiers: Record<'bronze' | 'silver' | 'gold', Tier> = {} as never;
  let membership: Membership;
  const code = `T${randomUUID().slice(0, 6).toUpperCase()}`;

  beforeAll(async () => {
    env = await startLoyaltyEnv(dialect, { customers: 60 });
    desk = (await env.harness.pair('desk')).token;
    manager = (await env.harness.pair('manager', 'Front office manager')).token;
  });
  afterAll(() => env?.close());

  const send = (method: string, path: string, json?: unknown, token = manager, key: string | null = randomUUID()) =>
    env.harness.request(path, { method, token, ...(json !== undefined ? { json } : {}), headers: key ? { 'Idempotency-Key': key } : {} });
  const mewsProgram = async (id: string, states = ['Active']) =>
    (await env.mews('loyaltyPrograms/getAll', { LoyaltyProgramIds: [id], ActivityStates: states, Limitation: { Count: 10 } })).LoyaltyPrograms[0];
  const mewsTiers = async (programId: string, states = ['Active']) =>
    (await env.mews('loyaltyTiers/getAll', { LoyaltyProgramIds: [programId], ActivityStates: states, Limitation: { Count: 100 } })).LoyaltyTiers as Json[];
  const mewsMembership = async (id: string) =>
    (await env.mews('loyaltyMemberships/getAll', { LoyaltyMembershipIds: [id], Limitation: { Count: 1 } })).LoyaltyMemberships[0];
  const context = async () => (await (await env.harness.request('/v1/context', { token: desk })).json()) as DeskContext;
  const adjust = async (delta: number, reason = delta < 0 ? 'redemption' : 'stay') => {
    const res = await send('POST', `/v1/memberships/${membership.id}/adjustments`, { delta, reason });
    expect(res.status).toBe(201);
    return (await res.json()) as AdjustAnswer;
  };

  it('refuses a desk on every manager route with 403 and a reason, and lets it read programs', async () => {
    const doc = (await (await env.harness.request('/v1/openapi.json')).json()) as { paths: Record<string, Record<string, Json>> };
    const managerRoutes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).filter(([, op]) => op['x-keycard-role'] === 'manager').map(([method]) => [method, path] as const));
    expect(managerRoutes.length).toBeGreaterThanOrEqual(9);
    for (const [method, path] of managerRoutes) {
      const url = path.replace(/\{[^}]+\}/g, randomUUID()) + (path.endsWith('.csv') ? '?from=2025-01-01&to=2025-01-31' : '');
      const res = await send(method.toUpperCase(), url, method === 'get' || method === 'delete' ? undefined : { name: 'x' }, desk);
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(((await res.json()) as { detail: string }).detail).toMatch(/manager/);
    }
    const list = await env.harness.request('/v1/programs', { token: desk });
    expect(list.status).toBe(200);
    const { programs } = (await list.json()) as { programs: Program[] };
    expect(programs.length).toBeGreaterThanOrEqual(2);
    expect(programs[0]).toMatchObject({ retierMode: 'up' });
  });

  it('lists the new routes in /v1/openapi.json', async () => {
    const doc = (await (await env.harness.request('/v1/openapi.json')).json()) as { paths: Record<string, Record<string, Json>> };
    const expected: [string, string, string][] = [
      ['get', '/v1/programs', 'desk'], ['post', '/v1/programs', 'manager'], ['patch', '/v1/programs/{id}', 'manager'],
      ['delete', '/v1/programs/{id}', 'manager'], ['post', '/v1/programs/{id}/tiers', 'manager'],
      ['patch', '/v1/programs/{id}/tiers/{tierId}', 'manager'], ['delete', '/v1/programs/{id}/tiers/{tierId}', 'manager'],
      ['patch', '/v1/memberships/{id}', 'manager'], ['delete', '/v1/memberships/{id}', 'manager'], ['get', '/v1/ledger/export.csv', 'manager'],
    ];
    for (const [method, path, role] of expected) {
      expect(doc.paths[path]?.[method], `${method} ${path}`).toBeDefined();
      expect(doc.paths[path]![method]!['x-keycard-role']).toBe(role);
    }
    const post = doc.paths['/v1/programs']!.post!;
    expect(post.parameters.some((p: Json) => p.name === 'Idempotency-Key' && p.required)).toBe(true);
    expect(Object.keys(post.requestBody.content['application/json'].schema.properties)).toEqual(
      expect.arrayContaining(['name', 'code', 'type', 'subscription', 'retierMode', 'chainId']));
    expect(doc.paths['/v1/ledger/export.csv']!.get!.responses['200'].content['text/csv']).toBeDefined();
  });

  it('creates a program once per key; Mews holds it and /v1/context shows it at once', async () => {
    const before = await context(); // primes the catalog cache
    expect(before.programs.some((p) => p.code === code)).toBe(false);
    const key = randomUUID();
    const body = { name: 'Test Club', code, type: 'SoftBrand', subscription: 'Paid', retierMode: 'up' };
    const res = await send('POST', '/v1/programs', body, manager, key);
    expect(res.status).toBe(201);
    program = (await res.json()) as Program;
    expect(program).toMatchObject({ name: 'Test Club', code, type: 'SoftBrand', subscription: 'Paid', chainId: CHAIN_ID, tiers: [], retierMode: 'up' });
    expect(await mewsProgram(program.id)).toMatchObject({ Name: 'Test Club', Code: code, Type: 'SoftBrand', Subscription: 'Paid', ChainId: CHAIN_ID });

    const replay = await send('POST', '/v1/programs', body, manager, key);
    expect(replay.status).toBe(201);
    expect(await replay.json()).toEqual(program);
    expect((await env.mews('loyaltyPrograms/getAll', { Codes: [code], Limitation: { Count: 10 } })).LoyaltyPrograms).toHaveLength(1);
    expect((await send('POST', '/v1/programs', { ...body, name: 'Other' }, manager, key)).status).toBe(422);
    expect((await context()).programs.find((p) => p.id === program.id)).toMatchObject({ code, tiers: [] });

    const duplicate = await send('POST', '/v1/programs', body);
    expect(duplicate.status).toBe(422);
    expect(((await duplicate.json()) as { detail: string }).detail).toContain(`code "${code}" already exists`);
    expect((await send('POST', '/v1/programs', { ...body, type: 'Unknown' })).status).toBe(422);
    expect((await send('POST', '/v1/programs', body, manager, null)).status).toBe(400);

    const audit = await env.store.db.selectFrom('audit_log').selectAll().where('subject_id', '=', program.id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'program.created', role: 'manager', device_name: 'Front office manager', before_json: 'null' });
  });

  it('adds three tiers with thresholds: Mews holds them, tier_rules the thresholds, /v1/context both', async () => {
    for (const [name, ordering, minPoints] of [['Bronze', 1, 0], ['Silver', 2, 1000], ['Gold', 3, 5000]] as const) {
      const res = await send('POST', `/v1/programs/${program.id}/tiers`, { name, code: name.toUpperCase(), ordering, minPoints });
      expect(res.status).toBe(201);
      const tier = (await res.json()) as Tier;
      expect(tier).toMatchObject({ programId: program.id, name, ordering, minPoints });
      tiers[name.toLowerCase() as 'bronze'] = tier;
    }
    const inMews = await mewsTiers(program.id);
    expect(inMews.map((t) => [t.Name, t.Ordering]).sort()).toEqual([['Bronze', 1], ['Gold', 3], ['Silver', 2]]);
    const rules = await env.store.db.selectFrom('tier_rules').selectAll().where('program_id', '=', program.id).execute();
    expect(Object.fromEntries(rules.map((r) => [r.tier_id, r.min_points]))).toEqual({ [tiers.bronze.id]: 0, [tiers.silver.id]: 1000, [tiers.gold.id]: 5000 });
    const shown = (await context()).programs.find((p) => p.id === program.id)!;
    expect(shown.tiers.map((t) => [t.name, t.minPoints])).toEqual([['Bronze', 0], ['Silver', 1000], ['Gold', 5000]]);
  });

  it('updates a program and a tier in Mews and in Keycard, audited with before and after', async () => {
    const res = await send('PATCH', `/v1/programs/${program.id}`, { name: 'Test Club Plus', subscription: 'Free' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ name: 'Test Club Plus', subscription: 'Free', type: 'SoftBrand' });
    expect(await mewsProgram(program.id)).toMatchObject({ Name: 'Test Club Plus', Subscription: 'Free' });

    const tierRes = await send('PATCH', `/v1/programs/${program.id}/tiers/${tiers.gold.id}`, { name: 'Golden', minPoints: 4000 });
    expect(tierRes.status).toBe(200);
    expect(await tierRes.json()).toMatchObject({ id: tiers.gold.id, name: 'Golden', code: 'GOLD', ordering: 3, minPoints: 4000 });
    expect((await mewsTiers(program.id)).find((t) => t.Id === tiers.gold.id)).toMatchObject({ Name: 'Golden' });
    expect((await context()).programs.find((p) => p.id === program.id)!.tiers.at(-1)).toMatchObject({ name: 'Golden', minPoints: 4000 });
    const threshold = await send('PATCH', `/v1/programs/${program.id}/tiers/${tiers.gold.id}`, { minPoints: 5000 });
    expect((await threshold.json()) as Tier).toMatchObject({ name: 'Golden', minPoints: 5000 });

    const audit = await env.store.db.selectFrom('audit_log').selectAll().where('subject_id', '=', tiers.gold.id).where('action', '=', 'tier.updated').orderBy('id').execute();
    expect(audit).toHaveLength(2);
    expect(JSON.parse(audit[0]!.before_json!)).toMatchObject({ name: 'Gold', minPoints: 5000 });
    expect(JSON.parse(audit[0]!.after_json!)).toMatchObject({ name: 'Golden', minPoints: 4000 });
    expect(audit[0]).toMatchObject({ role: 'manager' });
    const programAudit = await env.store.db.selectFrom('audit_log').selectAll().where('subject_id', '=', program.id).where('action', '=', 'program.updated').execute();
    expect(JSON.parse(programAudit[0]!.before_json!)).toMatchObject({ name: 'Test Club', subscription: 'Paid' });
    expect(JSON.parse(programAudit[0]!.after_json!)).toMatchObject({ name: 'Test Club Plus', subscription: 'Free' });
    expect((await send('PATCH', `/v1/programs/${program.id}/tiers/${randomUUID()}`, { name: 'x' })).status).toBe(404);
    expect((await send('PATCH', `/v1/programs/${program.id}`, {})).status).toBe(422);
  });

  it('re-tiers past a threshold: Mews holds the new tier, the ledger a retier row, nextTier counts down', async () => {
    const guest = await env.mews('customers/add', { LastName: 'Threshold', FirstName: 'Tereza', Email: `tereza.${randomUUID()}@example.com`, OverwriteExisting: false });
    const res = await send('POST', '/v1/memberships', { accountId: guest.Id, programId: program.id }, desk);
    expect(res.status).toBe(201);
    membership = (await res.json()) as Membership;
    expect(membership.tierId).toBe(tiers.bronze.id);
    expect(membership.nextTier).toEqual({ tierId: tiers.silver.id, name: 'Silver', pointsNeeded: 1000 });

    const answer = await adjust(1200);
    expect(answer.membership).toMatchObject({ points: 1200, tierId: tiers.silver.id, nextTier: { tierId: tiers.gold.id, name: 'Golden', pointsNeeded: 3800 } });
    expect((await mewsMembership(membership.id)).LoyaltyTierId).toBe(tiers.silver.id);
    const retier = await env.store.db.selectFrom('ledger').selectAll().where('membership_id', '=', membership.id).where('kind', '=', 'retier').execute();
    expect(retier).toHaveLength(1);
    const audit = await env.store.db.selectFrom('audit_log').selectAll().where('subject_id', '=', membership.id).where('action', '=', 'membership.retiered').execute();
    expect(JSON.parse(audit[0]!.after_json!)).toMatchObject({ tierId: tiers.silver.id, points: 1200, mode: 'up' });

    const lookup = (await (await env.harness.request(`/v1/accounts/${guest.Id}/loyalty`, { token: desk })).json()) as { memberships: Membership[] };
    expect(lookup.memberships[0]!.nextTier).toEqual({ tierId: tiers.gold.id, name: 'Golden', pointsNeeded: 3800 });
    const top = await adjust(4000);
    expect(top.membership).toMatchObject({ tierId: tiers.gold.id, nextTier: null });
    expect((await mewsMembership(membership.id)).LoyaltyTierId).toBe(tiers.gold.id);
  });

  it('mode up never demotes; mode both does', async () => {
    const down = await adjust(-4500); // 700 points: below Silver's 1000
    expect(down.membership).toMatchObject({ points: 700, tierId: tiers.gold.id });
    expect((await mewsMembership(membership.id)).LoyaltyTierId).toBe(tiers.gold.id);

    const mode = await send('PATCH', `/v1/programs/${program.id}`, { retierMode: 'both' });
    expect(mode.status).toBe(200);
    expect(await mode.json()).toMatchObject({ retierMode: 'both', name: 'Test Club Plus' });
    expect((await env.store.db.selectFrom('program_rules').selectAll().where('program_id', '=', program.id).executeTakeFirstOrThrow()).retier_mode).toBe('both');
    expect((await context()).programs.find((p) => p.id === program.id)!.retierMode).toBe('both');

    const demoted = await adjust(-1);
    expect(demoted.membership).toMatchObject({ points: 699, tierId: tiers.bronze.id, nextTier: { tierId: tiers.silver.id, pointsNeeded: 301 } });
    expect((await mewsMembership(membership.id)).LoyaltyTierId).toBe(tiers.bronze.id);
    const promoted = await adjust(400);
    expect(promoted.membership.tierId).toBe(tiers.silver.id);
    expect((await mewsMembership(membership.id)).LoyaltyTierId).toBe(tiers.silver.id);
  });

  it('deletes a tier in Mews; one that memberships hold is refused with the Mews message', async () => {
    const extra = (await (await send('POST', `/v1/programs/${program.id}/tiers`, { name: 'Spare', code: 'SPARE', ordering: 9, minPoints: 90_000 })).json()) as Tier;
    const key = randomUUID();
    const res = await send('DELETE', `/v1/programs/${program.id}/tiers/${extra.id}`, undefined, manager, key);
    expect(res.status).toBe(204);
    expect((await send('DELETE', `/v1/programs/${program.id}/tiers/${extra.id}`, undefined, manager, key)).status).toBe(204);
    expect((await mewsTiers(program.id, ['Deleted'])).map((t) => t.Id)).toContain(extra.id);
    expect((await mewsTiers(program.id)).map((t) => t.Id)).not.toContain(extra.id);
    expect(await env.store.db.selectFrom('tier_rules').selectAll().where('tier_id', '=', extra.id).execute()).toHaveLength(0);
    expect((await context()).programs.find((p) => p.id === program.id)!.tiers.map((t) => t.id)).not.toContain(extra.id);

    const held = await send('DELETE', `/v1/programs/${program.id}/tiers/${tiers.silver.id}`);
    expect(held.status).toBe(422);
    expect(held.headers.get('content-type')).toContain('application/problem+json');
    expect(((await held.json()) as { detail: string }).detail).toBe('The loyalty tier "Silver" is still assigned to memberships and cannot be deleted.');
  });

  it('surfaces Mews refusing to delete a program with memberships; deletes it once they are gone', async () => {
    const refused = await send('DELETE', `/v1/programs/${program.id}`);
    expect(refused.status).toBe(422);
    const problem = (await refused.json()) as { detail: string; type: string };
    expect(problem.detail).toBe('The loyalty program "Test Club Plus" still has memberships and cannot be deleted. Delete its memberships first.');
    expect(problem.type).toContain('mews-rejected');
    expect(await mewsProgram(program.id)).toBeDefined();

    expect((await send('DELETE', `/v1/memberships/${membership.id}`)).status).toBe(204);
    const res = await send('DELETE', `/v1/programs/${program.id}`);
    expect(res.status).toBe(204);
    expect(await mewsProgram(program.id)).toBeUndefined();
    expect(await mewsProgram(program.id, ['Deleted'])).toMatchObject({ Code: code });
    expect((await context()).programs.some((p) => p.id === program.id)).toBe(false);
    expect(await env.store.db.selectFrom('tier_rules').selectAll().where('program_id', '=', program.id).execute()).toHaveLength(0);
    const audit = await env.store.db.selectFrom('audit_log').selectAll().where('subject_id', '=', program.id).where('action', '=', 'program.deleted').execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.before_json!)).toMatchObject({ name: 'Test Club Plus', code });
    expect((await send('DELETE', `/v1/programs/${program.id}`)).status).toBe(404);
  });
});
