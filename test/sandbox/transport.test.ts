// Transport-level contract: POST only, exact paths, tokens, error shape, Request-Id, JSON, size.
import { describe, expect, it } from 'vitest';
import { createSandbox } from '../../server/sandbox/app.ts';
import { DEMO_ACCESS_TOKEN_NET, ENTERPRISE_ID } from '../../server/sandbox/core/seed.ts';
import { AUTH, call, expectMewsError, raw } from './helpers.ts';

const { app } = createSandbox({ customers: 200 });
const PROGRAMS = '/api/connector/v1/loyaltyPrograms/getAll';

describe('transport', () => {
  it('answers a valid call with 200 and a Request-Id header', async () => {
    const r = await call(app, 'configuration/get');
    expect(r.status).toBe(200);
    expect(r.headers.get('request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.json.Enterprise.Id).toBe(ENTERPRISE_ID);
  });

  it('accepts the second public demo AccessToken for the same enterprise', async () => {
    const r = await call(app, 'configuration/get', { AccessToken: DEMO_ACCESS_TOKEN_NET });
    expect(r.status).toBe(200);
    expect(r.json.Enterprise.Id).toBe(ENTERPRISE_ID);
  });

  it('refuses unknown tokens and a missing Client with 401 and a Message', async () => {
    expectMewsError(await call(app, 'configuration/get', { AccessToken: 'nope' }), 401, 'Invalid AccessToken.');
    expectMewsError(await call(app, 'configuration/get', { ClientToken: 'nope' }), 401, 'Invalid ClientToken.');
    expectMewsError(await call(app, 'configuration/get', { Client: undefined }), 401, /Client/);
    expectMewsError(await call(app, 'configuration/get', { Client: '' }), 401, /Client/);
  });

  it('404s a wrong-case path, a trailing slash and an unknown op, with Request-Id', async () => {
    for (const p of ['/api/connector/v1/loyaltyprograms/getAll', `${PROGRAMS}/`, '/api/connector/v1/loyaltyPrograms/getEverything', '/api/connector/v1/reservations/getAll']) {
      const r = await raw(app, p, JSON.stringify({ ...AUTH, Limitation: { Count: 1 } }));
      expectMewsError(r, 404);
    }
  });

  it('404s GET on an operation path, like a wrong URL', async () => {
    const r = await raw(app, PROGRAMS, undefined, 'GET');
    expectMewsError(r, 404);
  });

  it('400s invalid JSON strictly (trailing comma) and non-object bodies', async () => {
    expectMewsError(await raw(app, PROGRAMS, `{"ClientToken":"${AUTH.ClientToken}",}`), 400, 'Invalid JSON.');
    expectMewsError(await raw(app, PROGRAMS, '[1,2]'), 400, 'Invalid JSON.');
    expectMewsError(await raw(app, PROGRAMS, ''), 400, 'Invalid JSON.');
  });

  it('413s a body over 1 MB', async () => {
    const big = JSON.stringify({ ...AUTH, Limitation: { Count: 1 }, Padding: 'x'.repeat(1_100_000) });
    expectMewsError(await raw(app, PROGRAMS, big), 413);
  });

  it('400s a body field the docs do not list, naming it (the swagger\'s additionalProperties: false)', async () => {
    const r = await call(app, 'loyaltyPrograms/getAll', { Limitation: { Count: 10 }, SomethingNew: { a: 1 } });
    expectMewsError(r, 400, 'Invalid SomethingNew.');
  });

  it('400s an EnterpriseId outside the token', async () => {
    expectMewsError(await call(app, 'configuration/get', { EnterpriseId: '00000000-0000-4000-8000-000000000000' }), 400, 'Invalid EnterpriseId.');
  });

  it('returns configuration with chain, time zone and currency', async () => {
    const { json } = await call(app, 'configuration/get');
    expect(json.Enterprise.TimeZoneIdentifier).toBe('Europe/Prague');
    expect(json.Enterprise.Currencies.find((c: { IsDefault: boolean }) => c.IsDefault).Currency).toBe('EUR');
    expect(Date.parse(json.NowUtc)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('honours Prefer: return=minimal with 204 for an empty page', async () => {
    const res = await app.request(PROGRAMS, {
      method: 'POST',
      headers: { prefer: 'return=minimal' },
      body: JSON.stringify({ ...AUTH, Limitation: { Count: 5 }, Codes: ['NOPE'] }),
    });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
  });

  it('never crashes on hostile shapes: answers 400 with the parameter named', async () => {
    expectMewsError(await call(app, 'loyaltyPrograms/getAll', { Limitation: 'ten' }), 400, 'Invalid Limitation.');
    expectMewsError(await call(app, 'loyaltyPrograms/getAll', { Limitation: { Count: '10' } }), 400, 'Invalid Count.');
    expectMewsError(await call(app, 'loyaltyPrograms/getAll', { Limitation: { Count: 5 }, LoyaltyProgramIds: 'x' }), 400, 'Invalid LoyaltyProgramIds.');
    expectMewsError(await call(app, 'loyaltyMemberships/update', { LoyaltyMembershipUpdates: [null] }), 400, 'Invalid LoyaltyMembershipUpdates.');
    expectMewsError(await call(app, 'customers/getAll', { Extent: 5, Limitation: { Count: 1 } }), 400, 'Invalid Extent.');
  });
});
