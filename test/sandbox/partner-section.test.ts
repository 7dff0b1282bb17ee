// The guest profile's Loyalty section in a DOM (a happy-dom Window of its own): rows with
// data-partner-row / data-partner-field, Refresh, Add (program dialog), Find membership + Link,
// Remove, suggestions, and hostile partner data as text. The page's fetches go to the in-process
// sandbox; the sandbox's partner calls go over real HTTP to a stub playing Keycard.
import { Window } from 'happy-dom';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../server/sandbox/app.ts';
import { DEMO_ACCESS_TOKEN, DEMO_CLIENT_TOKEN, ENTERPRISE_ID } from '../../server/sandbox/core/seed.ts';
import { embedJson } from '../../server/sandbox/pages/routes.ts';
import { SPA_SCRIPT } from '../../server/sandbox/pages/spa.ts';
import { partnerStub, STUB_TOKEN, type PartnerStub } from './partner-stub.ts';

let stub: PartnerStub;
let sb: Sandbox;
let win: Window;

const $ = (s: string) => win.document.querySelector(s) as unknown as HTMLElement | null;
const $$ = (s: string) => [...win.document.querySelectorAll(s)] as unknown as HTMLElement[];
const buttonNamed = (name: string, within: ParentNode | null = win.document as unknown as ParentNode) =>
  [...within!.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent === name);
const cell = (row: string, f: string) => $(`[data-partner-row="${row}"] [data-partner-field="${f}"]`)?.textContent;
/** Resolves when the section finished `what` (it fires `sandbox:loyalty` with that detail). */
const loyaltyEvent = (what: string) => new Promise<void>((resolve) => {
  const on = (e: object) => {
    if ((e as { detail?: unknown }).detail !== what) return;
    win.removeEventListener('sandbox:loyalty', on);
    resolve();
  };
  win.addEventListener('sandbox:loyalty', on);
});

/** Opens the guest page in a fresh window; `until` waits for that section action too. */
async function boot(customerId: string, until?: string) {
  win = new Window({ url: `http://127.0.0.1:8788/Commander/${ENTERPRISE_ID}/Customer/Detail/${customerId}` });
  const finished = until ? loyaltyEvent(until) : null;
  const data = await (await sb.app.request(`/_sandbox/pages/customers/${customerId}`)).json();
  const doc = win.document;
  const app = doc.createElement('main');
  app.id = 'app';
  const seed = doc.createElement('script');
  seed.setAttribute('type', 'application/json');
  seed.id = 'sandbox-data';
  seed.textContent = embedJson(data);
  doc.body.append(app, seed);
  // The page talks only to the sandbox (in-process here).
  (win as unknown as { fetch: unknown }).fetch = (input: string, init?: RequestInit) => sb.app.request(String(input), init);
  const rendered = new Promise((r) => win.addEventListener('sandbox:rendered', r, { once: true }));
  win.eval(SPA_SCRIPT);
  await rendered;
  await finished;
}

const guest = () => sb.state.store.customers.all().find((c) => c.FirstName && c.Email && sb.state.store.activeMembershipsOf(c.Id).length === 0)!;

beforeAll(async () => {
  stub = await partnerStub();
});
afterAll(async () => {
  await stub.close();
});
afterEach(async () => {
  await win?.happyDOM.close();
});
beforeEach(() => {
  sb = createSandbox({ customers: 100, partner: { url: stub.url, token: STUB_TOKEN }, log: () => {} });
  stub.members.length = 0;
  stub.requests.length = 0;
});

describe('the Loyalty section on the guest page', () => {
  it('shows a Connector membership as a row with its fields, a Last updated time and Refresh/Find/Add', async () => {
    const m = sb.state.store.memberships.all().find((x) => x.DeletedUtc === null && x.IsPrimary && x.LoyaltyTierId && x.ExpirationDate)!;
    await boot(m.AccountId);
    const section = $('[data-testid="loyalty-section"]')!;
    expect(section.querySelector('h2')!.textContent).toBe('Loyalty');
    expect(cell(m.Id, 'name')).toBe('Keycard Rewards (KCR) Primary');
    expect(cell(m.Id, 'number')).toBe(m.MembershipNumber);
    expect(cell(m.Id, 'points')).toBe(String(m.Points));
    expect(cell(m.Id, 'tier')).toBe(sb.state.store.tiers.get(m.LoyaltyTierId!)!.Name);
    expect(cell(m.Id, 'expires')).toBe(new Date(m.ExpirationDate!).toISOString().slice(0, 10));
    // In the hotel's time zone (Europe/Prague), whatever the desk computer's.
    const { lastUpdated } = JSON.parse($('#sandbox-data')!.textContent!).loyalty as { lastUpdated: string };
    const prague = new Date(lastUpdated).toLocaleString('sv-SE', { timeZone: 'Europe/Prague' });
    expect($('[data-testid="loyalty-updated"]')!.textContent).toBe(`Last updated: ${prague}`);
    expect([...section.querySelectorAll('.tools button')].map((b) => b.textContent)).toEqual(['Refresh', 'Find membership', 'Add']);
    expect(buttonNamed('Remove', section)).toBeUndefined();
  });

  it('Add opens the program dialog; choosing a program enrolls the guest and shows the row', async () => {
    const c = guest();
    await boot(c.Id);
    const listed = loyaltyEvent('enroll-dialog');
    buttonNamed('Add')!.click();
    await listed;
    const dialog = $('[data-testid="loyalty-dialog"]') as HTMLDialogElement;
    expect(dialog.open).toBe(true);
    const enrolled = loyaltyEvent('enroll');
    buttonNamed('Keycard Rewards (KCR)', dialog)!.click();
    await enrolled;
    const made = stub.members[0]!.membership;
    expect($('[data-testid="loyalty-dialog"]')).toBeNull();
    expect(cell(made.providerMembershipId, 'name')).toBe('Keycard Rewards (KCR) Primary');
    expect(cell(made.providerMembershipId, 'number')).toBe(made.membershipNumber);
    expect(cell(made.providerMembershipId, 'tier')).toBe('Silver');
  });

  it('Find membership lists matches with Link; Link adds the row; Remove takes it away', async () => {
    const c = guest();
    const hit = stub.addMember({ firstName: 'Someone', lastName: 'Else', email: c.Email! });
    await boot(c.Id);
    const listed = loyaltyEvent('link-dialog');
    buttonNamed('Find membership')!.click();
    await listed;
    const match = $(`[data-partner-match="${hit.membership.providerMembershipId}"]`)!;
    expect(match.textContent).toContain('Someone Else');
    const linked = loyaltyEvent('link');
    buttonNamed('Link', match)!.click();
    await linked;
    const id = hit.membership.providerMembershipId;
    expect(cell(id, 'points')).toBe(String(hit.membership.points));

    const removed = loyaltyEvent('unlink');
    buttonNamed('Remove', $(`[data-partner-row="${id}"]`)!)!.click();
    await removed;
    expect($(`[data-partner-row="${id}"]`)).toBeNull();
    expect($('[data-testid="loyalty-table"] .empty')!.textContent).toBe('No data available.');
  });

  it('reads the linked memberships again when the page opens, and shows partner data as text only', async () => {
    const c = guest();
    await sb.app.request(`/_sandbox/partner/customers/${c.Id}/enroll`, { method: 'POST', body: JSON.stringify({ providerProgramId: 'prog-kcr' }) });
    const m = stub.members[0]!.membership;
    m.tier = '<img src=x onerror=alert(1)>';
    m.points = 777;
    await boot(c.Id, 'refresh');
    expect(cell(m.providerMembershipId, 'tier')).toBe('<img src=x onerror=alert(1)>');
    expect(cell(m.providerMembershipId, 'points')).toBe('777');
    expect($('#app img')).toBeNull();
  });

  it('shows the suggestions of the creation search with Link buttons', async () => {
    const hit = stub.addMember({ firstName: 'Jana', lastName: 'Nová', email: 'jana.nova@example.com' });
    const made = await sb.app.request('/api/connector/v1/customers/add', {
      method: 'POST',
      body: JSON.stringify({
        ClientToken: DEMO_CLIENT_TOKEN, AccessToken: DEMO_ACCESS_TOKEN, Client: 'Test 1.0',
        OverwriteExisting: false, FirstName: 'Jana', LastName: 'Nová', Email: 'jana.nova@example.com',
      }),
    });
    const { Id } = await made.json();
    await sb.partner.idle();
    await boot(Id);
    const box = $('[data-testid="loyalty-suggestions"]')!;
    expect(box.querySelector(`[data-partner-match="${hit.membership.providerMembershipId}"]`)!.textContent).toContain('Jana Nová');
    const linked = loyaltyEvent('link');
    buttonNamed('Link', box)!.click();
    await linked;
    expect($(`[data-partner-row="${hit.membership.providerMembershipId}"]`)).not.toBeNull();
    expect($('[data-testid="loyalty-suggestions"]')).toBeNull();
  });

  it('without the partner configured: Connector rows, "Partner API not configured", no Add or Find', async () => {
    sb = createSandbox({ customers: 100 });
    const m = sb.state.store.memberships.all().find((x) => x.DeletedUtc === null)!;
    await boot(m.AccountId);
    expect($$('[data-partner-row]').map((r) => r.getAttribute('data-partner-row'))).toContain(m.Id);
    expect($('[data-testid="partner-not-configured"]')!.textContent).toBe('Partner API not configured');
    expect(buttonNamed('Add')).toBeUndefined();
    expect(buttonNamed('Find membership')).toBeUndefined();
    const refreshed = loyaltyEvent('refresh');
    buttonNamed('Refresh')!.click();
    await refreshed;
    expect(stub.requests).toEqual([]);
  });
});
