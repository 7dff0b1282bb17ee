import { LOYALTY_SECTION } from './loyalty-section.ts';

/**
 * The one small inline script of the look-alike pages: a single-page app that renders from
 * JSON, intercepts `a[data-spa]` clicks with history.pushState and re-renders on popstate,
 * like Mews Operations does. Guest data only ever goes in through textContent/value, never
 * innerHTML, so hostile names stay text.
 */
export const SPA_SCRIPT = String.raw`(() => {
  // Re-running the script (tests, hot reload) replaces the previous instance's listeners.
  window.__sandboxSpa?.abort();
  const life = (window.__sandboxSpa = new AbortController());
  const app = document.getElementById('app');
  const seed = document.getElementById('sandbox-data');
  let initial = seed ? { path: location.pathname, data: JSON.parse(seed.textContent) } : null;
  let generation = 0;
  const el = (tag, attrs, ...kids) => {
    const n = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined) continue;
      if (k === 'text') n.textContent = v; else if (k === 'value') n.value = v; else n.setAttribute(k, v);
    }
    for (const kid of kids) if (kid) n.append(kid);
    return n;
  };
  const name = (f, l) => [f, l].filter(Boolean).join(' ');
  const base = (d) => '/Commander/' + d.enterpriseId;
  const link = (href, text, testid) => el('a', { href, 'data-spa': '', 'data-testid': testid, text });
  const when = (s) => s.replace('T', ' ').replace(/:00Z$|Z$/, ' UTC');
${LOYALTY_SECTION}  function route(path) {
    let m = path.match(/\/Customer\/Detail\/([^/]+)$/);
    if (m) return '/_sandbox/pages/customers/' + encodeURIComponent(m[1]);
    m = path.match(/\/Reservation\/Detail\/([^/]+)$/);
    if (m) return '/_sandbox/pages/reservations/' + encodeURIComponent(m[1]);
    return '/_sandbox/pages/customers';
  }
  const views = {
    list(d) {
      const rows = d.guests.map((g) => el('tr', { 'data-customer-id': g.id },
        el('td', { text: g.number }),
        el('td', {}, link(base(d) + '/Customer/Detail/' + g.id, name(g.firstName, g.lastName))),
        el('td', { text: g.email || '' }),
        el('td', { text: g.member ? 'Member' : '' })));
      const notable = el('ul', { 'data-testid': 'notable-guests' });
      for (const [label, g] of [['Member', d.notable.member], ['Non-member', d.notable.nonMember], ['HTML name', d.notable.html]]) {
        if (g) notable.append(el('li', {}, label + ': ', link(base(d) + '/Customer/Detail/' + g.id, name(g.firstName, g.lastName))));
      }
      document.title = 'Guests | ' + d.enterpriseName;
      return el('section', {}, el('h1', { text: 'Guests' }), el('h2', { text: 'Notable guests' }), notable,
        el('table', { 'data-testid': 'guest-list' },
          el('thead', {}, el('tr', {}, ...['Number', 'Name', 'Email', 'Loyalty'].map((t) => el('th', { text: t })))),
          el('tbody', {}, ...rows)));
    },
    customer(d) {
      const c = d.customer;
      document.title = name(c.firstName, c.lastName) + ' | Customer';
      const field = (id, label, value) => el('label', {}, label + ' ', el('input', { id, name: id, readonly: '', value: value || '' }));
      const profile = el('form', { 'aria-label': 'Profile', 'data-testid': 'profile-form' },
        field('firstName', 'First name', c.firstName), field('lastName', 'Last name', c.lastName),
        field('email', 'Email', c.email), field('telephone', 'Phone', c.phone), field('birthDate', 'Birth date', c.birthDate));
      const res = el('ul', {}, ...d.reservations.map((r) => el('li', {},
        link(base(d) + '/Reservation/Detail/' + r.id, 'Reservation ' + r.number), ' ' + r.state + ', ' + when(r.start) + ' → ' + when(r.end))));
      const actions = el('aside', { class: 'actions', 'aria-label': 'Customer actions' },
        ...['Edit', 'Merge', 'Send message', 'Add to blocklist'].map((t) => el('button', { type: 'button', text: t })));
      return el('section', { class: 'detail', 'data-customer-id': c.id },
        el('div', {},
          el('p', {}, link(base(d) + '/Customer/Index', '← Guests')),
          el('h1', { 'data-testid': 'guest-name', text: name(c.firstName, c.lastName) }),
          el('dl', {}, el('dt', { text: 'Customer number' }), el('dd', { 'data-testid': 'customer-number', text: c.number }),
            el('dt', { text: 'Email' }), el('dd', { 'data-testid': 'guest-email', text: c.email || '—' })),
          el('nav', { class: 'tabs' }, ...['Dashboard', 'Profile', 'Internals', 'Payments', 'Billing', 'Action log'].map((t) => el('span', { text: t }))),
          el('h2', { text: 'Profile' }), profile, d.loyalty ? loyaltySection(d.loyalty) : null,
          el('h2', { text: 'Reservations' }), res),
        actions);
    },
    reservation(d) {
      const r = d.reservation;
      document.title = 'Reservation ' + r.number;
      return el('section', { 'data-reservation-id': r.id },
        el('h1', {}, 'Reservation ', el('span', { 'data-testid': 'reservation-number', text: r.number })),
        el('dl', {}, el('dt', { text: 'State' }), el('dd', { 'data-testid': 'reservation-state', text: r.state }),
          el('dt', { text: 'Arrival' }), el('dd', { text: when(r.start) }),
          el('dt', { text: 'Departure' }), el('dd', { text: when(r.end) }),
          el('dt', { text: 'Nights' }), el('dd', { 'data-testid': 'reservation-nights', text: String(r.nights) }),
          // Number first ("330.00 EUR"), so a reader can parseFloat it; data-amount holds the exact value.
          el('dt', { text: 'Total (gross)' }), el('dd', { 'data-testid': 'reservation-total', 'data-amount': String(r.total), text: r.total.toFixed(2) + ' ' + r.currency }),
          el('dt', { text: r.companyId ? 'Guest' : 'Owner' }), el('dd', {}, link(base(d) + '/Customer/Detail/' + r.ownerId, name(r.ownerFirstName, r.ownerLastName), 'reservation-owner')),
          r.companyId ? el('dt', { text: 'Owned by company' }) : null,
          r.companyId ? el('dd', { 'data-testid': 'reservation-company', text: r.companyId }) : null));
    },
  };
  async function render() {
    const mine = ++generation;
    let data;
    if (initial && initial.path === location.pathname) data = initial.data;
    else {
      app.replaceChildren(el('p', { text: 'Loading…' }));
      const res = await fetch(route(location.pathname), { headers: { accept: 'application/json' } });
      data = res.ok ? await res.json() : null;
    }
    initial = null;
    if (mine !== generation) return;
    app.replaceChildren(data ? views[data.view](data) : el('p', { 'data-testid': 'not-found', text: 'Not found.' }));
    window.dispatchEvent(new CustomEvent('sandbox:rendered', { detail: location.pathname }));
  }
  document.addEventListener('click', (e) => {
    const a = e.target instanceof Element ? e.target.closest('a[data-spa]') : null;
    if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    history.pushState(null, '', a.getAttribute('href'));
    void render();
  }, { signal: life.signal });
  window.addEventListener('popstate', () => void render(), { signal: life.signal });
  void render();
})();`;
