// Look-alike Mews Operations pages and their JSON: ids present, hostile names escaped.
import { describe, expect, it } from 'vitest';
import { createSandbox } from '../../server/sandbox/app.ts';
import { ENTERPRISE_ID } from '../../server/sandbox/core/seed.ts';

const sb = createSandbox();
const htmlGuest = sb.state.store.customers.all().find((c) => c.LastName === '<script>alert(1)</script>')!;
const imgGuest = sb.state.store.customers.all().find((c) => c.FirstName === '<img src=x onerror=alert(1)>')!;

describe('pages', () => {
  it('redirects / to the guest list', async () => {
    const r = await sb.app.request('/');
    expect(r.status).toBe(302);
    expect(r.headers.get('location')).toBe(`/Commander/${ENTERPRISE_ID}/Customer/Index`);
  });

  it('serves the guest list with the banner, ids, notable guests and escaped hostile names', async () => {
    const r = await sb.app.request(`/Commander/${ENTERPRISE_ID}/Customer/Index`);
    expect(r.status).toBe(200);
    expect(r.headers.get('request-id')).toBeTruthy();
    const html = await r.text();
    expect(html).toContain('data-testid="sandbox-banner"');
    expect(html).toContain('Mews sandbox');
    expect(html).toContain(ENTERPRISE_ID);
    expect(html).toContain(htmlGuest.Id);
    expect(html).toContain(imgGuest.Id);
    expect(html).toContain('\\u003cscript\\u003ealert(1)\\u003c/script\\u003e');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
    expect(html.match(/<script>/g)).toHaveLength(1);
  });

  it('serves the list JSON with 50 guests and a member, a non-member and an HTML-named guest', async () => {
    const d = await (await sb.app.request('/_sandbox/pages/customers')).json();
    expect(d.guests).toHaveLength(50);
    expect(d.notable.member.member).toBe(true);
    expect(d.notable.nonMember.member).toBe(false);
    expect(`${d.notable.html.firstName} ${d.notable.html.lastName}`).toMatch(/[<>]/);
    expect(d.guests.map((g: { id: string }) => g.id)).toContain(htmlGuest.Id);
  });

  it('serves customer detail with its id and exact (unparsed) name in JSON', async () => {
    const page = await sb.app.request(`/Commander/${ENTERPRISE_ID}/Customer/Detail/${htmlGuest.Id}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(htmlGuest.Id);
    expect(html).not.toContain('<script>alert(1)');
    const d = await (await sb.app.request(`/_sandbox/pages/customers/${htmlGuest.Id}`)).json();
    expect(d.customer).toMatchObject({ id: htmlGuest.Id, number: htmlGuest.Number, lastName: '<script>alert(1)</script>', email: htmlGuest.Email });
  });

  it('serves reservation detail with number, dates and owner', async () => {
    const r = sb.state.store.reservations.all()[0]!;
    const page = await sb.app.request(`/Commander/${ENTERPRISE_ID}/Reservation/Detail/${r.Id}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(r.Id);
    const d = await (await sb.app.request(`/_sandbox/pages/reservations/${r.Id}`)).json();
    expect(d.reservation).toMatchObject({ id: r.Id, number: r.Number, ownerId: r.AccountId });
    expect(Date.parse(d.reservation.start)).toBe(r.ScheduledStartUtc);
  });

  it('gives reservation data its nights and gross total: seeded nights at their price, canceled stays at 0', async () => {
    const all = sb.state.store.reservations.all();
    for (const r of [all.find((x) => x.State === 'Processed')!, all.find((x) => x.State === 'Canceled')!]) {
      const d = await (await sb.app.request(`/_sandbox/pages/reservations/${r.Id}`)).json();
      const items = sb.state.store.itemsOf(r.Id);
      expect(d.reservation).toMatchObject({ state: r.State, nights: items.length, currency: 'EUR' });
      const expected = r.State === 'Canceled' ? 0 : items.reduce((s, i) => s + Math.round(i.UnitNetCents * 1.1), 0) / 100;
      expect(d.reservation.total).toBe(expected);
    }
  });

  it('404s unknown guests, reservations and enterprises, and page views do not count as API requests', async () => {
    expect((await sb.app.request(`/Commander/${ENTERPRISE_ID}/Customer/Detail/${crypto.randomUUID()}`)).status).toBe(404);
    expect((await sb.app.request(`/Commander/${crypto.randomUUID()}/Customer/Index`)).status).toBe(404);
    expect((await sb.app.request(`/_sandbox/pages/reservations/${crypto.randomUUID()}`)).status).toBe(404);
    expect(sb.state.stats.snapshot().totalRequests).toBe(0);
  });
});
