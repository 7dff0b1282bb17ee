// The sandbox plays Mews's side of the Loyalty Partner API: the guest profile's Loyalty routes
// call a real-HTTP stub partner (playing Keycard), which checks what the sandbox sends.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../server/sandbox/app.ts';
import type { CustomerRecord } from '../../server/sandbox/core/records.ts';
import { ENTERPRISE_ID } from '../../server/sandbox/core/seed.ts';
import { startSandbox } from '../../server/sandbox/server.ts';
import { api } from './helpers.ts';
import { partnerStub, problem, STUB_TOKEN, type PartnerStub } from './partner-stub.ts';

let stub: PartnerStub;
let sb: Sandbox;

/** A page call to the sandbox's own `/_sandbox/partner/…` routes, as the look-alike page makes it. */
async function page(method: 'GET' | 'POST', path: string, body?: unknown, lang = 'cs') {
  const res = await sb.app.request(`/_sandbox/partner${path}`, {
    method, headers: { 'content-type': 'application/json', 'accept-language': lang }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: res.status, json: (await res.json()) as any };
}

/** Guests with a first name and an email, and no Connector membership. */
const guests = () => sb.state.store.customers.all().filter((c) => c.DeletedUtc === null && c.FirstName && c.Email
  && sb.state.store.activeMembershipsOf(c.Id).length === 0);
const guest = () => guests()[0]!;
const member = () => sb.state.store.memberships.all().find((m) => m.DeletedUtc === null && m.LoyaltyTierId && m.Points !== null)!;

beforeAll(async () => {
  stub = await partnerStub();
});
afterAll(async () => {
  await stub.close();
});
beforeEach(() => {
  sb = createSandbox({ customers: 200, partner: { url: stub.url, token: STUB_TOKEN }, log: () => {} });
  stub.requests.length = 0;
  stub.members.length = 0;
  stub.answerWith(null);
});
afterEach(async () => {
  await sb.partner.idle();
});

describe('the Loyalty section of a guest profile', () => {
  it('lists the Connector memberships the sandbox stores, tier named, without calling the partner', async () => {
    const m = member();
    const program = sb.state.store.programs.get(m.LoyaltyProgramId)!;
    const r = await page('POST', `/customers/${m.AccountId}/refresh`);
    expect(r.status).toBe(200);
    expect(r.json.configured).toBe(true);
    expect(r.json.rows).toContainEqual(expect.objectContaining({
      key: m.Id, source: 'mews', name: `${program.Name} (${program.Code})`, number: m.MembershipNumber, points: m.Points,
      tier: sb.state.store.tiers.get(m.LoyaltyTierId!)!.Name, primary: m.IsPrimary,
    }));
    expect(stub.requests).toEqual([]);
    // The page's JSON carries the same section, so the first paint already shows it.
    const data = await (await sb.app.request(`/_sandbox/pages/customers/${m.AccountId}`)).json();
    expect(data.loyalty.rows.map((x: { key: string }) => x.key)).toEqual(r.json.rows.map((x: { key: string }) => x.key));
  });

  it('Add lists the partner programs, enrolls the guest with its details and shows the membership', async () => {
    const c = guest();
    const programs = await page('GET', '/programs');
    expect(programs.json.programs).toEqual(stub.programs);
    expect(stub.requests[0]).toMatchObject({ method: 'GET', path: '/partner/v1/programs', authorization: `Bearer ${STUB_TOKEN}`, acceptLanguage: 'cs' });

    const r = await page('POST', `/customers/${c.Id}/enroll`, { providerProgramId: 'prog-kcr' });
    expect(r.status).toBe(200);
    const [enroll] = stub.to('/partner/v1/members');
    expect(enroll).toMatchObject({ method: 'POST', authorization: `Bearer ${STUB_TOKEN}`, acceptLanguage: 'cs', contentType: 'application/json' });
    expect(enroll!.body).toEqual({
      mewsEnterpriseId: ENTERPRISE_ID, providerProgramId: 'prog-kcr', mewsCustomerId: c.Id,
      customer: { firstName: c.FirstName, lastName: c.LastName, email: c.Email, birthday: c.BirthDate, phoneNumber: c.Phone },
    });
    const made = stub.members[0]!.membership;
    expect(r.json.rows).toEqual([expect.objectContaining({
      key: made.providerMembershipId, source: 'partner', name: 'Keycard Rewards (KCR)', primary: true,
      number: made.membershipNumber, points: made.points, tier: 'Silver', status: 'Enrolled',
    })]);
    // The link is the sandbox's: a later view shows it without asking anyone.
    expect((await page('GET', `/customers/${c.Id}`)).json.rows[0].key).toBe(made.providerMembershipId);
  });

  it('Refresh reads the linked memberships with memberships/list and shows what the partner says now', async () => {
    const c = guest();
    await page('POST', `/customers/${c.Id}/enroll`, { providerProgramId: 'prog-kcr' });
    const m = stub.members[0]!.membership;
    m.points = 4321;
    m.tier = 'Gold';
    m.expiresAt = '2029-09-09T00:00:00+02:00';
    const r = await page('POST', `/customers/${c.Id}/refresh`, undefined, 'de');
    const [list] = stub.to('/partner/v1/memberships/list');
    expect(list).toMatchObject({ method: 'POST', authorization: `Bearer ${STUB_TOKEN}`, acceptLanguage: 'de' });
    expect(list!.body).toEqual({ mewsEnterpriseId: ENTERPRISE_ID, providerMembershipIds: [m.providerMembershipId] });
    expect(r.json.rows[0]).toMatchObject({ points: 4321, tier: 'Gold', expires: '2029-09-09T00:00:00+02:00' });
    expect(r.json.notice).toBeNull();
  });

  it('a notFound answer drops the row and the link', async () => {
    const c = guest();
    await page('POST', `/customers/${c.Id}/enroll`, { providerProgramId: 'prog-kcr' });
    stub.members.length = 0;
    const r = await page('POST', `/customers/${c.Id}/refresh`);
    expect(r.json.rows).toEqual([]);
    expect(sb.partner.links.linksOf(c.Id)).toEqual([]);
    stub.requests.length = 0;
    await page('POST', `/customers/${c.Id}/refresh`);
    expect(stub.requests).toEqual([]);
  });

  it('a failed refresh keeps the rows and says why', async () => {
    const c = guest();
    await page('POST', `/customers/${c.Id}/enroll`, { providerProgramId: 'prog-kcr' });
    stub.answerWith((r) => (r.path.endsWith('/memberships/list') ? problem(500, 'core/internal-server-error', 'Keycard could not read memberships', 'Try again later.') : undefined));
    const r = await page('POST', `/customers/${c.Id}/refresh`);
    expect(r.status).toBe(200);
    expect(r.json.rows).toHaveLength(1);
    expect(r.json.notice).toBe('Could not refresh from the loyalty partner: Keycard could not read memberships: Try again later.');
    stub.answerWith(null);
    expect((await page('POST', `/customers/${c.Id}/refresh`)).json.notice).toBeNull();
  });

  it('Find membership searches by email first, then by first and last name, and Link links the chosen one', async () => {
    const c = guest();
    const byName = stub.addMember({ firstName: c.FirstName!, lastName: c.LastName, email: 'other@example.com', address: { line1: 'Main 1', city: 'Brno', postalCode: '60200', countryCode: 'CZ' } });
    const found = await page('POST', `/customers/${c.Id}/search`);
    expect(stub.to('/partner/v1/members/search').map((r) => r.body)).toEqual([
      { mewsEnterpriseId: ENTERPRISE_ID, memberFilter: { email: c.Email } },
      { mewsEnterpriseId: ENTERPRISE_ID, memberFilter: { firstName: c.FirstName, lastName: c.LastName } },
    ]);
    expect(found.json.members).toEqual([expect.objectContaining({
      providerMembershipId: byName.membership.providerMembershipId, name: `${c.FirstName} ${c.LastName}`, email: 'other@example.com', city: 'Brno',
    })]);

    const r = await page('POST', `/customers/${c.Id}/link`, { providerMembershipId: byName.membership.providerMembershipId });
    const [link] = stub.to('/partner/v1/memberships/link');
    expect(link).toMatchObject({ method: 'PUT', authorization: `Bearer ${STUB_TOKEN}`, acceptLanguage: 'cs' });
    expect(link!.body).toEqual({ mewsEnterpriseId: ENTERPRISE_ID, providerMembershipId: byName.membership.providerMembershipId, mewsCustomerId: c.Id, action: 'link' });
    expect(byName.linkedTo).toBe(c.Id);
    expect(r.json.rows.map((x: { key: string }) => x.key)).toEqual([byName.membership.providerMembershipId]);
  });

  it('an email match is enough: no name search follows it', async () => {
    const c = guest();
    stub.addMember({ firstName: 'Someone', lastName: 'Else', email: c.Email! });
    const found = await page('POST', `/customers/${c.Id}/search`);
    expect(found.json.members).toHaveLength(1);
    expect(stub.to('/partner/v1/members/search')).toHaveLength(1);
  });

  it('Remove unlinks at the partner and drops the row', async () => {
    const c = guest();
    await page('POST', `/customers/${c.Id}/enroll`, { providerProgramId: 'prog-kcr' });
    const id = stub.members[0]!.membership.providerMembershipId;
    const r = await page('POST', `/customers/${c.Id}/unlink`, { providerMembershipId: id });
    expect(stub.to('/partner/v1/memberships/link').map((x) => x.body)).toEqual([
      { mewsEnterpriseId: ENTERPRISE_ID, providerMembershipId: id, mewsCustomerId: c.Id, action: 'unlink' },
    ]);
    expect(r.json.rows).toEqual([]);
    expect(stub.members[0]!.linkedTo).toBeNull();
  });

  it('a partner problem reaches the desk as its title and detail; an unknown type as a generic error; nothing is linked', async () => {
    const c = guest();
    stub.answerWith(() => problem(422, 'core/unprocessable-entity', 'The guest cannot be enrolled', 'Email is missing.'));
    let r = await page('POST', `/customers/${c.Id}/enroll`, { providerProgramId: 'prog-kcr' });
    expect(r.status).toBe(502);
    expect(r.json.Message).toBe('The guest cannot be enrolled: Email is missing.');
    stub.answerWith(() => ({ status: 418, body: { type: 'https://example.com/teapot', title: 'I am a teapot' } }));
    r = await page('POST', `/customers/${c.Id}/link`, { providerMembershipId: 'pm-x' });
    expect(r.status).toBe(502);
    expect(r.json.Message).toBe('The loyalty partner could not complete the request.');
    stub.answerWith(() => ({ status: 200, body: { membership: { providerMembershipId: 'pm-x', status: 'enrolled', points: 'many' } } }));
    r = await page('POST', `/customers/${c.Id}/link`, { providerMembershipId: 'pm-x' });
    expect(r.status).toBe(502);
    expect(r.json.Message).toMatch(/cannot read/);
    expect(sb.partner.links.linksOf(c.Id)).toEqual([]);
  });

  it('bad input is a 400 naming the field; an unknown customer a 404; neither calls the partner', async () => {
    const c = guest();
    expect(await page('POST', `/customers/${c.Id}/enroll`, {})).toMatchObject({ status: 400, json: { Message: expect.stringMatching(/^Invalid providerProgramId/) } });
    expect(await page('POST', `/customers/${c.Id}/link`, { providerMembershipId: 7 })).toMatchObject({ status: 400 });
    expect(await page('POST', `/customers/${c.Id}/unlink`, { providerMembershipId: 'pm-never-linked' })).toMatchObject({ status: 400 });
    expect((await page('POST', `/customers/${crypto.randomUUID()}/refresh`)).status).toBe(404);
    expect(stub.requests).toEqual([]);
  });

  it('POST /_sandbox/partner/refresh refreshes every linked membership, as the daily job would', async () => {
    const [a, b] = guests() as [CustomerRecord, CustomerRecord];
    await page('POST', `/customers/${a.Id}/enroll`, { providerProgramId: 'prog-kcr' });
    await page('POST', `/customers/${b.Id}/enroll`, { providerProgramId: 'prog-kcr' });
    stub.members[0]!.membership.points = 1;
    const [gone] = stub.members.splice(1, 1);
    const r = await page('POST', '/refresh');
    expect(r.json).toEqual({ customers: 2, memberships: 2, dropped: [gone!.membership.providerMembershipId] });
    expect(stub.to('/partner/v1/memberships/list')[0]!.body.providerMembershipIds).toHaveLength(2);
    expect((await page('GET', `/customers/${a.Id}`)).json.rows[0].points).toBe(1);
    expect((await page('GET', `/customers/${b.Id}`)).json.rows).toEqual([]);
  });

  it('POST /_sandbox/reset forgets every link', async () => {
    const c = guest();
    await page('POST', `/customers/${c.Id}/enroll`, { providerProgramId: 'prog-kcr' });
    await sb.app.request('/_sandbox/reset', { method: 'POST' });
    expect((await page('GET', `/customers/${c.Id}`)).json.rows).toEqual([]);
  });
});

describe('without SANDBOX_PARTNER_URL and SANDBOX_PARTNER_TOKEN', () => {
  it('shows only the Connector memberships, says the partner API is not configured, and calls nobody', async () => {
    sb = createSandbox({ customers: 200 });
    const m = member();
    const r = await page('POST', `/customers/${m.AccountId}/refresh`);
    expect(r.json).toMatchObject({ configured: false, notice: null, suggestions: [] });
    expect(r.json.rows.map((x: { source: string }) => x.source)).toEqual(['mews']);
    for (const [method, path, body] of [['GET', '/programs'], ['POST', `/customers/${m.AccountId}/search`], ['POST', `/customers/${m.AccountId}/enroll`, { providerProgramId: 'p' }], ['POST', '/refresh']] as const) {
      expect(await page(method, path, body)).toMatchObject({ status: 503, json: { Message: 'Partner API not configured.' } });
    }
    expect(stub.requests).toEqual([]);
  });
});

describe('startSandbox reads SANDBOX_PARTNER_URL and SANDBOX_PARTNER_TOKEN', () => {
  it('calls the partner over real HTTP when both are set, and nobody when given partner: null', async () => {
    const saved = { url: process.env.SANDBOX_PARTNER_URL, token: process.env.SANDBOX_PARTNER_TOKEN };
    process.env.SANDBOX_PARTNER_URL = stub.url;
    process.env.SANDBOX_PARTNER_TOKEN = STUB_TOKEN;
    const [on, off] = await Promise.all([startSandbox({ port: 0, customers: 50 }), startSandbox({ port: 0, customers: 50, partner: null })]);
    try {
      stub.addMember({ firstName: 'Lea', lastName: 'Králová', email: 'lea@example.com' });
      const made = await api(on.url, 'customers/add', { OverwriteExisting: false, FirstName: 'Lea', LastName: 'Králová', Email: 'lea@example.com' });
      await on.sandbox.partner.idle();
      expect(stub.to('/partner/v1/members/search')).toHaveLength(1);
      const view = await (await fetch(`${on.url}/_sandbox/partner/customers/${made.json.Id}`)).json();
      expect(view).toMatchObject({ configured: true, suggestions: [expect.objectContaining({ email: 'lea@example.com' })] });
      expect((await (await fetch(`${off.url}/_sandbox/partner/programs`)).json()).Message).toBe('Partner API not configured.');
      expect(stub.requests).toHaveLength(1);
    } finally {
      await Promise.all([on.close(), off.close()]);
      for (const [k, v] of [['SANDBOX_PARTNER_URL', saved.url], ['SANDBOX_PARTNER_TOKEN', saved.token]] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });
});
