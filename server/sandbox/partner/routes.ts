/**
 * The small JSON routes the look-alike guest profile calls for its Loyalty section. The page
 * talks only to the sandbox; the sandbox talks to the partner (server-side, as Mews does), so
 * the partner token never reaches the page. Like every `/_sandbox/` hook: never faulted, never
 * counted. Errors are the sandbox's `{Message, RequestId, Details}`: 400 bad input, 404 unknown
 * customer, 503 partner API not configured, 502 the partner failed (Message is for the desk).
 *
 *   GET  /_sandbox/partner/customers/{id}          the section as last known (no partner call)
 *   POST /_sandbox/partner/customers/{id}/refresh  memberships/list for the linked ids, then the section
 *   GET  /_sandbox/partner/programs                {programs} for the Add dialog
 *   POST /_sandbox/partner/customers/{id}/enroll   {providerProgramId} → the section
 *   POST /_sandbox/partner/customers/{id}/search   {members} (email first, then first and last name)
 *   POST /_sandbox/partner/customers/{id}/link     {providerMembershipId} → the section
 *   POST /_sandbox/partner/customers/{id}/unlink   {providerMembershipId} → the section
 *   POST /_sandbox/partner/refresh                 the daily refresh of every linked membership
 */
import type { Context, Hono } from 'hono';
import { MewsError } from '../core/errors.ts';
import type { SandboxEnv } from '../core/state.ts';
import { isObject } from '../core/validate.ts';
import { acceptLanguage } from './client.ts';
import type { PartnerLoyalty } from './loyalty.ts';
import { PartnerError } from './wire.ts';

const BASE = '/_sandbox/partner';

function failure(c: Context<SandboxEnv>, e: unknown): Response {
  const requestId = c.get('requestId');
  if (e instanceof PartnerError) {
    const details = e.partnerStatus === null ? 'no answer' : `partner answered ${e.partnerStatus}${e.problemType ? ` ${e.problemType}` : ''}`;
    return c.json({ Message: e.message, RequestId: requestId, Details: details }, 502);
  }
  if (e instanceof MewsError) return c.json({ Message: e.message, RequestId: requestId, Details: e.details }, e.status);
  throw e;
}

/** A required non-empty string field of the JSON body. */
async function field(c: Context<SandboxEnv>, name: string): Promise<string> {
  let body: unknown;
  try {
    body = JSON.parse(await c.req.text());
  } catch {
    throw new MewsError(400, 'Invalid JSON.', 'The body must be a JSON object.');
  }
  const v = isObject(body) ? body[name] : undefined;
  if (typeof v !== 'string' || v.trim() === '' || v.length > 200) {
    throw new MewsError(400, `Invalid ${name}: required, a non-empty string of at most 200 characters.`);
  }
  return v;
}

/** Mounts the routes on the sandbox app. */
export function registerPartnerRoutes(app: Hono<SandboxEnv>, loyalty: PartnerLoyalty): void {
  const lang = (c: Context<SandboxEnv>) => acceptLanguage(c.req.header('accept-language'));
  const handle = (work: (c: Context<SandboxEnv>, id: string) => Promise<unknown>) => async (c: Context<SandboxEnv>) => {
    try {
      return c.json((await work(c, c.req.param('id') ?? '')) as object);
    } catch (e) {
      return failure(c, e);
    }
  };

  app.get(`${BASE}/customers/:id`, handle(async (_c, id) => {
    const view = loyalty.view(id);
    if (!view) throw new MewsError(404, `No customer ${id}.`);
    return view;
  }));
  app.post(`${BASE}/customers/:id/refresh`, handle((c, id) => loyalty.refresh(id, lang(c))));
  app.get(`${BASE}/programs`, handle(async (c) => ({ programs: await loyalty.programs(lang(c)) })));
  app.post(`${BASE}/customers/:id/enroll`, handle(async (c, id) => loyalty.enroll(id, await field(c, 'providerProgramId'), lang(c))));
  app.post(`${BASE}/customers/:id/search`, handle(async (c, id) => ({ members: await loyalty.findMembers(id, lang(c)) })));
  app.post(`${BASE}/customers/:id/link`, handle(async (c, id) => loyalty.link(id, await field(c, 'providerMembershipId'), lang(c))));
  app.post(`${BASE}/customers/:id/unlink`, handle(async (c, id) => loyalty.unlink(id, await field(c, 'providerMembershipId'), lang(c))));
  app.post(`${BASE}/refresh`, handle((c) => loyalty.refreshAll(lang(c))));
}
