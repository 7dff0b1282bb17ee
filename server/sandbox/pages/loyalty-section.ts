/**
 * The guest profile's "Loyalty" section, as Mews Operations draws it (LP/README.md,
 * LP/workflows/*): a table of memberships with Refresh and Add, Find membership with a Link
 * per match, Remove on a partner row, and the matches suggested when the guest was created.
 * Part of the inline SPA script (it uses the SPA's `el`), so the page keeps one script.
 * It talks only to the sandbox's `/_sandbox/partner/` routes; guest data goes in as text only.
 * Each finished action fires `sandbox:loyalty` on window (detail: its name) for tests.
 */
export const LOYALTY_SECTION = String.raw`
  const LOYALTY = '/_sandbox/partner/';
  async function sandboxJson(method, path, body) {
    const init = { method, headers: { accept: 'application/json' } };
    if (body) {
      init.headers['content-type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const res = await fetch(LOYALTY + path, init);
    const data = await res.json().catch(() => null);
    if (!res.ok) throw new Error((data && data.Message) || 'The sandbox answered ' + res.status + '.');
    return data;
  }
  /** An instant in the hotel's time zone, as the desk reads the clock: 2025-05-13 09:11:05. */
  const hotelTime = (s, timeZone) => {
    const p = {};
    const format = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    for (const { type, value } of format.formatToParts(new Date(s))) p[type] = value;
    return p.year + '-' + p.month + '-' + p.day + ' ' + p.hour + ':' + p.minute + ':' + p.second;
  };
  const button = (text, onClick, attrs) => {
    const b = el('button', { type: 'button', text, ...attrs });
    b.addEventListener('click', onClick);
    return b;
  };
  const loyaltyDone = (what) => window.dispatchEvent(new CustomEvent('sandbox:loyalty', { detail: what }));
  const dash = (v) => (v === null || v === undefined || v === '' ? '—' : String(v));

  /** Matches of the member search, each with a Link button. */
  function matchList(members, onLink, busy) {
    return el('ul', { class: 'matches' }, ...members.map((m) => el('li', { class: 'match', 'data-partner-match': m.providerMembershipId },
      el('div', {},
        el('strong', { text: m.name || '—' }),
        el('div', { class: 'muted small', text: [m.email, m.city].filter(Boolean).join(' · ') }),
        el('div', { class: 'small' }, 'Membership number ', el('span', { class: 'mono', text: dash(m.membershipNumber) }),
          ' · ' + [m.tier, m.points === null ? null : m.points + ' points', m.status].filter(Boolean).join(' · '))),
      button('Link', onLink(m), { class: 'primary', disabled: busy ? '' : null }))));
  }

  function loyaltySection(initial) {
    const customerPath = 'customers/' + encodeURIComponent(initial.customerId);
    const content = el('div', {});
    const box = el('section', { class: 'card loyalty', 'aria-labelledby': 'loyalty-title', 'data-testid': 'loyalty-section' }, content);
    let view = initial;
    let note = null;
    let busy = false;
    async function act(what, work) {
      busy = true;
      note = null;
      draw();
      try {
        view = await work();
      } catch (e) {
        note = e.message;
      }
      busy = false;
      draw();
      loyaltyDone(what);
    }
    const post = (path, body) => () => sandboxJson('POST', customerPath + path, body);
    const refresh = () => act('refresh', post('/refresh'));

    /** A modal like Mews's drawer: loads its choices, and a choice closes it with the new section. */
    function dialog(what, title, intro, load) {
      const body = el('div', {}, el('p', { class: 'muted', text: 'Loading…' }));
      const d = el('dialog', { class: 'loyalty-dialog', 'aria-labelledby': 'loyalty-dialog-title', 'data-testid': 'loyalty-dialog' },
        el('h2', { id: 'loyalty-dialog-title', text: title }), el('p', { class: 'muted small', text: intro }), body);
      d.append(el('div', { class: 'dialog-foot' }, button('Cancel', () => d.close())));
      d.addEventListener('close', () => d.remove());
      box.append(d);
      d.showModal();
      const fail = (e) => body.replaceChildren(el('p', { role: 'alert', class: 'problem', text: e.message }));
      const choose = (work) => async () => {
        for (const b of body.querySelectorAll('button')) b.disabled = true;
        try {
          view = await work();
          note = null;
          d.close();
          draw();
        } catch (e) {
          fail(e);
        }
        loyaltyDone(what);
      };
      load(body, choose).catch(fail).finally(() => loyaltyDone(what + '-dialog'));
    }
    const add = () => dialog('enroll', 'Loyalty membership', 'Choose the loyalty program to enroll this guest in.', async (body, choose) => {
      const { programs } = await sandboxJson('GET', 'programs');
      body.replaceChildren(programs.length
        ? el('ul', { class: 'choices', 'aria-label': 'Loyalty programs' }, ...programs.map((p) => el('li', {},
          button(p.code ? p.name + ' (' + p.code + ')' : p.name, choose(post('/enroll', { providerProgramId: p.providerProgramId })), { 'data-program-id': p.providerProgramId }))))
        : el('p', { class: 'muted', text: 'The loyalty partner offers no programs.' }));
    });
    const find = () => dialog('link', 'Select membership profile', 'Members of the loyalty partner matching this guest (by email, then by first and last name).', async (body, choose) => {
      const { members } = await sandboxJson('POST', customerPath + '/search');
      body.replaceChildren(members.length
        ? matchList(members, (m) => choose(post('/link', { providerMembershipId: m.providerMembershipId })), false)
        : el('p', { class: 'muted', text: 'No matching members found.' }));
    });

    function row(r) {
      const name = el('td', { 'data-partner-field': 'name' }, el('span', { text: r.name }));
      if (r.primary) name.append(' ', el('span', { class: 'badge', 'data-partner-primary': '', text: 'Primary' }));
      if (r.status !== 'Enrolled') name.append(' ', el('span', { class: 'badge state', text: r.status }));
      const remove = r.source === 'partner' && view.configured
        ? button('Remove', () => act('unlink', post('/unlink', { providerMembershipId: r.key })), { disabled: busy ? '' : null })
        : null;
      return el('tr', { 'data-partner-row': r.key, 'data-partner-source': r.source }, name,
        el('td', { class: 'mono', 'data-partner-field': 'number', text: dash(r.number) }),
        el('td', { 'data-partner-field': 'points', text: dash(r.points) }),
        el('td', { 'data-partner-field': 'tier', text: dash(r.tier) }),
        el('td', { 'data-partner-field': 'expires', text: r.expires ? r.expires.slice(0, 10) : '—' }),
        el('td', { class: 'row-actions' }, remove));
    }

    function draw() {
      const off = busy ? '' : null;
      const tools = el('div', { class: 'tools' }, button('Refresh', refresh, { disabled: off }));
      if (view.configured) tools.append(button('Find membership', find, { disabled: off }), button('Add', add, { disabled: off }));
      const parts = [el('div', { class: 'loyalty-head' },
        el('div', {}, el('h2', { id: 'loyalty-title', text: 'Loyalty' }),
          el('p', { class: 'muted small', 'data-testid': 'loyalty-updated', text: busy ? 'Updating…' : 'Last updated: ' + hotelTime(view.lastUpdated, view.timeZone) })),
        tools)];
      if (!view.configured) parts.push(el('p', { class: 'muted small', 'data-testid': 'partner-not-configured', text: 'Partner API not configured' }));
      for (const text of [view.notice, note]) if (text) parts.push(el('p', { role: 'alert', class: 'problem', text }));
      const rows = view.rows.map(row);
      const heads = [['Name', 'name'], ['Membership number', 'number'], ['Points', 'points'], ['Tier', 'tier'], ['Expiration date', 'expires']];
      parts.push(el('table', { class: 'loyalty-table', 'data-testid': 'loyalty-table' },
        el('thead', {}, el('tr', {}, ...heads.map(([t, c]) => el('th', { class: 'col-' + c, text: t })),
          el('th', { class: 'col-actions' }, el('span', { class: 'sr-only', text: 'Actions' })))),
        el('tbody', {}, ...(rows.length ? rows : [el('tr', {}, el('td', { colspan: '6', class: 'empty', text: 'No data available.' }))]))));
      if (view.suggestions.length && view.configured) {
        parts.push(el('div', { class: 'suggestions', 'data-testid': 'loyalty-suggestions' },
          el('h3', { text: 'Possible memberships' }),
          el('p', { class: 'muted small', text: 'The loyalty partner found these members when the guest was created. Link the right one, if any.' }),
          matchList(view.suggestions, (m) => () => act('link', post('/link', { providerMembershipId: m.providerMembershipId })), busy)));
      }
      content.replaceChildren(...parts);
    }
    draw();
    // Mews reads the linked memberships again when the profile opens.
    if (view.configured && view.rows.some((r) => r.source === 'partner')) void refresh();
    return box;
  }
`;
