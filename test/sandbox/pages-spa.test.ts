// @vitest-environment happy-dom
// The pages' inline SPA in a DOM: renders with textContent, navigates with pushState/popstate.
import { beforeEach, describe, expect, it } from 'vitest';
import { createSandbox } from '../../server/sandbox/app.ts';
import { embedJson } from '../../server/sandbox/pages/routes.ts';
import { SPA_SCRIPT } from '../../server/sandbox/pages/spa.ts';
import { ENTERPRISE_ID } from '../../server/sandbox/core/seed.ts';

const sb = createSandbox();
const store = sb.state.store;
const imgGuest = store.customers.all().find((c) => c.FirstName === '<img src=x onerror=alert(1)>')!;
const withReservation = store.customers.get(store.reservations.all()[0]!.AccountId)!;
const base = `/Commander/${ENTERPRISE_ID}`;

function rendered(): Promise<string> {
  return new Promise((resolve) => window.addEventListener('sandbox:rendered', (e) => resolve((e as CustomEvent<string>).detail), { once: true }));
}

async function boot(path: string) {
  window.history.replaceState(null, '', path);
  const dataPath = path.replace(/^.*\/Customer\/Detail\//, '/_sandbox/pages/customers/')
    .replace(/^.*\/Reservation\/Detail\//, '/_sandbox/pages/reservations/').replace(/^.*\/Customer\/Index$/, '/_sandbox/pages/customers');
  const data = await (await sb.app.request(dataPath)).json();
  document.body.innerHTML = `<main id="app"></main><script type="application/json" id="sandbox-data">${embedJson(data)}</script>`;
  // Page data fetches go to the in-process sandbox.
  globalThis.fetch = (async (input: RequestInfo | URL) => sb.app.request(String(input))) as typeof fetch;
  const done = rendered();
  new Function(SPA_SCRIPT)();
  await done;
}

describe('SPA pages', () => {
  beforeEach(() => {
    document.body.innerHTML = '';
  });

  it('renders a hostile name as text, never as markup', async () => {
    await boot(`${base}/Customer/Detail/${imgGuest.Id}`);
    const h1 = document.querySelector('[data-testid="guest-name"]')!;
    expect(h1.textContent).toBe(`<img src=x onerror=alert(1)> ${imgGuest.LastName}`);
    expect(document.querySelector('#app img')).toBeNull();
    expect(document.querySelector('[data-testid="customer-number"]')!.textContent).toBe(imgGuest.Number);
    expect((document.getElementById('firstName') as HTMLInputElement).value).toBe('<img src=x onerror=alert(1)>');
    expect([...document.querySelectorAll('aside button')].map((b) => b.textContent)).toContain('Edit');
  });

  it('navigates by pushState to a reservation and back with popstate', async () => {
    await boot(`${base}/Customer/Detail/${withReservation.Id}`);
    const link = document.querySelector<HTMLAnchorElement>('a[href*="/Reservation/Detail/"]')!;
    const resId = link.getAttribute('href')!.split('/').pop()!;
    let done = rendered();
    link.click();
    expect(await done).toBe(`${base}/Reservation/Detail/${resId}`);
    expect(window.location.pathname).toBe(`${base}/Reservation/Detail/${resId}`);
    expect(document.querySelector('[data-testid="reservation-number"]')!.textContent).toBe(store.reservations.get(resId)!.Number);
    expect(document.querySelector('[data-testid="reservation-owner"]')!.textContent).toContain(withReservation.LastName);

    done = rendered();
    window.history.back();
    await done;
    expect(document.querySelector('[data-testid="guest-name"]')!.textContent).toContain(withReservation.LastName);
  });

  it('shows the state, nights and gross total of a stay (after a rebate) with test ids', async () => {
    const hook = (path: string, body: object) => sb.app.request(path, { method: 'POST', body: JSON.stringify(body) });
    const made = await (await hook('/_sandbox/reservations', { customerId: imgGuest.Id, nights: 3, nightlyPrice: 100, products: [{ name: 'Spa', price: 20 }] })).json();
    await hook(`/_sandbox/reservations/${made.Id}/checkout`, {});
    await hook(`/_sandbox/reservations/${made.Id}/rebate`, { amount: 10 });
    await boot(`${base}/Reservation/Detail/${made.Id}`);
    const text = (id: string) => document.querySelector(`[data-testid="${id}"]`)!.textContent;
    expect(text('reservation-state')).toBe('Processed');
    expect(text('reservation-nights')).toBe('3');
    expect(text('reservation-total')).toBe('341.00 EUR');
    expect(document.querySelector('[data-testid="reservation-total"]')!.getAttribute('data-amount')).toBe('341');
    expect(text('reservation-owner')).toContain(imgGuest.LastName);
    expect(document.querySelector('[data-testid="reservation-company"]')).toBeNull();
  });

  it('renders the guest list with links to guests', async () => {
    await boot(`${base}/Customer/Index`);
    expect(document.querySelectorAll('[data-testid="guest-list"] tbody tr')).toHaveLength(50);
    expect(document.querySelectorAll('[data-testid="notable-guests"] li')).toHaveLength(3);
  });
});
