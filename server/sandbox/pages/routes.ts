/**
 * Look-alike Mews Operations pages (deep-link patterns from FACTS §18) and their JSON data
 * endpoints under `/_sandbox/pages/`. Plain, obviously-a-fixture markup with a banner.
 */
import type { Context, Hono } from 'hono';
import { ENTERPRISE_ID } from '../core/seed.ts';
import type { SandboxEnv, SandboxState } from '../core/state.ts';
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
main{padding:12px 16px}.detail{display:grid;grid-template-columns:1fr 220px;gap:24px}
.actions{display:flex;flex-direction:column;gap:6px}.tabs span{margin-right:12px;text-decoration:underline}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;text-align:left}
label{display:block;margin:4px 0}`;

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
export function registerPages(app: Hono<SandboxEnv>, state: SandboxState): void {
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
    page(c, customerData(state.store, c.req.param('customerId')), 'Customer'));
  app.get('/Commander/:enterpriseId/Reservation/Detail/:reservationId', (c) =>
    page(c, reservationData(state.store, c.req.param('reservationId')), 'Reservation'));

  app.get('/_sandbox/pages/customers', (c) => json(c, guestListData(state.store)));
  app.get('/_sandbox/pages/customers/:id', (c) => json(c, customerData(state.store, c.req.param('id'))));
  app.get('/_sandbox/pages/reservations/:id', (c) => json(c, reservationData(state.store, c.req.param('id'))));
}
