// "Creating a customer in the sandbox runs the documented member search" (LP/workflows/
// search-members.md): customers/add answers first, then the sandbox asks the partner (a real-HTTP
// stub playing Keycard) and keeps the matches as suggestions; a failing partner is only logged.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../server/sandbox/app.ts';
import { ENTERPRISE_ID } from '../../server/sandbox/core/seed.ts';
import { call } from './helpers.ts';
import { partnerStub, problem, STUB_TOKEN, type PartnerStub } from './partner-stub.ts';

let stub: PartnerStub;
let sb: Sandbox;
let logged: string[];

beforeAll(async () => {
  stub = await partnerStub();
});
afterAll(async () => {
  await stub.close();
});
beforeEach(() => {
  logged = [];
  sb = createSandbox({ customers: 50, partner: { url: stub.url, token: STUB_TOKEN }, log: (m) => logged.push(m) });
  stub.requests.length = 0;
  stub.members.length = 0;
  stub.answerWith(null);
});

const addCustomer = (fields: Record<string, unknown>, lang?: string) =>
  call(sb.app, 'customers/add', { OverwriteExisting: false, ...fields }, lang ? { headers: { 'content-type': 'application/json', 'accept-language': lang } } : {});
const suggestions = async (id: string) => (await (await sb.app.request(`/_sandbox/partner/customers/${id}`)).json()).suggestions;

describe('customers/add runs the member search', () => {
  it('answers before the search, then keeps its matches as suggestions (not links)', async () => {
    const hit = stub.addMember({ firstName: 'Jana', lastName: 'Nováková', email: 'jana@example.com', address: { line1: 'Husova 1', city: 'Praha', postalCode: '11000', countryCode: 'CZ' } });
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    // The stub holds every search until released: customers/add answering now proves it does not wait.
    stub.answerWith((r) => {
      if (!r.path.endsWith('/members/search')) return undefined;
      return { status: 200, body: { members: [{ firstName: hit.firstName, lastName: hit.lastName, email: hit.email, address: hit.address, membership: hit.membership }] }, hang: held };
    });
    const r = await addCustomer({ FirstName: 'Jana', LastName: 'Nováková', Email: 'jana@example.com' }, 'cs-CZ,cs;q=0.9');
    expect(r.status).toBe(200);
    release();
    await sb.partner.idle();

    const [search] = stub.to('/partner/v1/members/search');
    expect(search).toMatchObject({ method: 'POST', authorization: `Bearer ${STUB_TOKEN}`, acceptLanguage: 'cs-CZ,cs;q=0.9' });
    expect(search!.body).toEqual({ mewsEnterpriseId: ENTERPRISE_ID, memberFilter: { email: 'jana@example.com' } });
    expect(await suggestions(r.json.Id)).toEqual([expect.objectContaining({
      providerMembershipId: hit.membership.providerMembershipId, name: 'Jana Nováková', email: 'jana@example.com', city: 'Praha',
    })]);
    expect(sb.partner.links.linksOf(r.json.Id)).toEqual([]);
    expect(stub.to('/partner/v1/memberships/link')).toEqual([]);
  });

  it('searches by first and last name when the new customer has no email', async () => {
    stub.addMember({ firstName: 'Petr', lastName: 'Svoboda', email: 'petr@example.com' });
    const r = await addCustomer({ FirstName: 'Petr', LastName: 'Svoboda' });
    await sb.partner.idle();
    expect(stub.to('/partner/v1/members/search').map((x) => x.body.memberFilter)).toEqual([{ firstName: 'Petr', lastName: 'Svoboda' }]);
    expect(stub.to('/partner/v1/members/search')[0]!.acceptLanguage).toBe('en');
    expect(await suggestions(r.json.Id)).toHaveLength(1);
  });

  it('a suggestion is linked with Link, and then the suggestions are gone', async () => {
    const hit = stub.addMember({ firstName: 'Eva', lastName: 'Dvořáková', email: 'eva@example.com' });
    const r = await addCustomer({ FirstName: 'Eva', LastName: 'Dvořáková', Email: 'eva@example.com' });
    await sb.partner.idle();
    expect(await suggestions(r.json.Id)).toHaveLength(1);
    const linked = await sb.app.request(`/_sandbox/partner/customers/${r.json.Id}/link`, {
      method: 'POST', body: JSON.stringify({ providerMembershipId: hit.membership.providerMembershipId }),
    });
    const view = await linked.json();
    expect(view.rows.map((x: { key: string }) => x.key)).toEqual([hit.membership.providerMembershipId]);
    expect(view.suggestions).toEqual([]);
  });

  it('a failing partner never fails the creation: the customer is there and the failure is logged', async () => {
    stub.answerWith(() => problem(500, 'core/internal-server-error', 'Keycard is down'));
    const r = await addCustomer({ FirstName: 'Ota', LastName: 'Beneš', Email: 'ota@example.com' });
    expect(r.status).toBe(200);
    await sb.partner.idle();
    expect(sb.state.store.customers.get(r.json.Id)?.Email).toBe('ota@example.com');
    expect(logged).toEqual([`[sandbox] member search for new customer ${r.json.Id} failed: Keycard is down`]);
    expect(await suggestions(r.json.Id)).toEqual([]);
  });

  it('an unreachable partner is logged too', async () => {
    const gone = await partnerStub();
    await gone.close();
    sb = createSandbox({ customers: 50, partner: { url: gone.url, token: STUB_TOKEN }, log: (m) => logged.push(m) });
    const r = await addCustomer({ FirstName: 'Ida', LastName: 'Malá', Email: 'ida@example.com' });
    expect(r.status).toBe(200);
    await sb.partner.idle();
    expect(logged).toEqual([expect.stringMatching(new RegExp(`new customer ${r.json.Id} failed: The loyalty partner did not answer`))]);
  });

  it('an update of an existing guest (OverwriteExisting) is no creation: no search', async () => {
    const existing = sb.state.store.customers.all().find((c) => c.Email)!;
    const r = await addCustomer({ LastName: existing.LastName, Email: existing.Email, OverwriteExisting: true });
    expect(r.json.Id).toBe(existing.Id);
    await sb.partner.idle();
    expect(stub.requests).toEqual([]);
  });

  it('without the partner configured, creation calls nobody', async () => {
    sb = createSandbox({ customers: 50 });
    const r = await addCustomer({ FirstName: 'Jan', LastName: 'Novák', Email: 'jan@example.com' });
    expect(r.status).toBe(200);
    await sb.partner.idle();
    expect(stub.requests).toEqual([]);
  });
});
