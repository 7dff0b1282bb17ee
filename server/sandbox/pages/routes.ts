/**
 * Look-alike Mews Operations pages (deep-link patterns from FACTS §18) and their JSON data
 * endpoints under `/_sandbox/pages/`. Plain, obviously-a-fixture markup with a banner.
 */
import type { Context, Hono } from 'hono';
import { ENTERPRISE_ID } from '../core/seed.ts';
import type { SandboxEnv, SandboxState } from '../core/state.ts';
import type { PartnerLoyalty } from '../partner/loyalty.ts';
import { customerData, guestListData, reservationData } from './data.ts';
import { SPA_SCRIPT } from './spa.ts';

/** JSON for a `<script type="application/json">` block: `<`, `>`, `&` and line separators escaped. */
export function embedJson(data: unknown): string {
  return JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const STYLE = `body{font-family:system-ui,sans-serif;margin:0}
.banner{background:#ffe066;padding:4px 12px;font-weight:bold;border-bottom:2px dashed #b58900}
main{padding:12px 16px}.detail{display:grid;grid-template-columns:minmax(0,1fr) 220px;gap:24px}h1{overflow-wrap:anywhere}
.actions{display:flex;flex-direction:column;gap:6px}.tabs span{margin-right:12px;text-decoration:underline}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;text-align:left}
label{display:block;margin:4px 0}
.card{border:1px solid #dfe3ea;border-radius:8px;padding:14px 16px;margin:20px 0;max-width:820px;background:#fff}
.loyalty-head{display:flex;justify-content:space-between;align-items:flex-start;gap:16px}
.loyalty h2{margin:0;font-size:18px}.loyalty h3{margin:16px 0 2px;font-size:15px}
.muted{color:#5b6472}.small{font-size:12px;margin:2px 0 0}.mono{font-family:ui-monospace,Menlo,Consolas,monospace}
.tools{display:flex;gap:6px;flex-wrap:wrap;justify-content:flex-end}
.loyalty button,.loyalty-dialog button{font:inherit;font-size:13px;padding:4px 10px;border:1px solid #c5cbd6;border-radius:6px;background:#fff;color:#1f2633;cursor:pointer}
.loyalty button:disabled{opacity:.55;cursor:default}
.loyalty button.primary,.loyalty-dialog button.primary{background:#3b3fd8;border-color:#3b3fd8;color:#fff}
.loyalty-table{width:100%;margin-top:10px;font-size:14px;table-layout:fixed}
.col-name{width:32%}.col-number{width:21%}.col-points{width:10%}.col-tier{width:12%}.col-expires{width:14%}.col-actions{width:11%}
.loyalty-table td{overflow-wrap:anywhere}
.loyalty-table th,.loyalty-table td{border:none;border-bottom:1px solid #e6e9ef;padding:8px 6px;text-align:left;vertical-align:middle}
.loyalty-table th{font-size:12px;font-weight:600;color:#5b6472}.loyalty-table td.row-actions{text-align:right}
.badge{display:inline-block;font-size:11px;line-height:16px;padding:0 6px;border-radius:4px;background:#e6e8f3;color:#363c52}
.badge.state{background:#fff1d6;color:#6b4a00}
.problem{background:#fff4e5;border:1px solid #f0c36d;border-radius:6px;padding:6px 10px;font-size:13px;margin:10px 0 0}
.empty{color:#5b6472;font-style:italic;text-align:center!important}
.matches,.choices{list-style:none;padding:0;margin:8px 0 0;display:grid;gap:8px}
.match{border:1px solid #dfe3ea;border-radius:6px;padding:8px 10px;display:flex;justify-content:space-between;align-items:center;gap:12px}
.choices button{width:100%;text-align:left;padding:8px 10px}
.loyalty-dialog{border:1px solid #c5cbd6;border-radius:10px;padding:16px 20px;width:min(480px,90vw);box-shadow:0 12px 40px rgba(20,30,50,.25)}
.loyalty-dialog h2{margin:0 0 4px;font-size:18px}.loyalty-dialog::backdrop{background:rgba(20,30,50,.35)}
.dialog-foot{display:flex;justify-content:flex-end;margin-top:14px}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}`;

/** The HTML shell: banner, empty `#app`, embedded first-view data and the SPA script. */
export function pageShell(data: unknown, title: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title><style>${STYLE}</style></head>
<body><div class="banner" role="banner" data-testid="sandbox-banner">Mews sandbox — a test fixture, not Mews Operations</div>
<main id="app" data-enterprise-id="${ENTERPRISE_ID}"></main>
<script type="application/json" id="sandbox-data">${embedJson(data)}</script>
<script>${SPA_SCRIPT}</script></body></html>`;
}

/** Mounts `/`, `/Commander/...` pages and `/_sandbox/pages/...` JSON on `app`. */
export function registerPages(app: Hono<SandboxEnv>, state: SandboxState, partner: PartnerLoyalty): void {
  const listUrl = `/Commander/${ENTERPRISE_ID}/Customer/Index`;
  const page = (c: Context<SandboxEnv>, data: { view: string } | null, title: string) => {
    if (c.req.param('enterpriseId') !== ENTERPRISE_ID || !data) return c.html(pageShell(null, 'Not found'), 404);
    return c.html(pageShell(data, title));
  };
  const json = (c: Context<SandboxEnv>, data: unknown) =>
    data ? c.json(data) : c.json({ Message: 'Not found.', RequestId: c.get('requestId'), Details: null }, 404);

  app.get('/', (c) => c.redirect(listUrl, 302));
  app.get('/Commander/:enterpriseId/Customer/Index', (c) => page(c, guestListData(state.store), 'Guests'));
  app.get('/Commander/:enterpriseId/Customer/Detail/:customerId', (c) =>
    page(c, customerData(state.store, c.req.param('customerId'), partner), 'Customer'));
  app.get('/Commander/:enterpriseId/Reservation/Detail/:reservationId', (c) =>
    page(c, reservationData(state.store, c.req.param('reservationId')), 'Reservation'));
  // Real Mews adds a tab after the id (`/Reservation/Detail/{id}/Status`, seen in public code):
  // the same pages with one, so tests prove the extension still finds the guest there.
  app.get('/Commander/:enterpriseId/Customer/Detail/:customerId/:tab', (c) =>
    page(c, customerData(state.store, c.req.param('customerId'), partner), 'Customer'));
  app.get('/Commander/:enterpriseId/Reservation/Detail/:reservationId/:tab', (c) =>
    page(c, reservationData(state.store, c.req.param('reservationId')), 'Reservation'));
  // A profile at an address no shipped rule knows, as a renamed Mews view would be: found only
  // when the proxy serves a rule for it (GUEST_PAGES).
  app.get('/Commander/:enterpriseId/Guests/Profile/:customerId', (c) =>
    page(c, customerData(state.store, c.req.param('customerId'), partner), 'Customer'));

  app.get('/_sandbox/pages/customers', (c) => json(c, guestListData(state.store)));
  app.get('/_sandbox/pages/customers/:id', (c) => json(c, customerData(state.store, c.req.param('id'), partner)));
  app.get('/_sandbox/pages/reservations/:id', (c) => json(c, reservationData(state.store, c.req.param('id'))));
}
