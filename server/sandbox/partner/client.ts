/**
 * The sandbox "Mews" calling a loyalty provider's Loyalty Partner API (LP/*; FACTS §17), as
 * Mews does from its own servers: bearer token, JSON, camelCase, `Accept-Language` for the
 * human-readable text, RFC 9457 problems on failure. The page never sees the token or the URL.
 *
 * @example
 * const partner = new PartnerClient({ url: 'http://127.0.0.1:8787/partner/v1', token: 'kcp_…' });
 * const { programs } = await partner.programs('en');
 */
import { isObject } from '../core/validate.ts';
import {
  PartnerError, readMember, readMembership, readProgram, unreadable,
  type PartnerCustomer, type PartnerMember, type PartnerMembership, type PartnerProgram,
} from './wire.ts';

/** Where the partner API is and the token Mews was given for it. */
export interface PartnerConfig {
  /** Base URL, e.g. `http://127.0.0.1:8787/partner/v1`. */
  url: string;
  token: string;
}

/** How long Mews waits for the partner before telling the desk it did not answer. */
const TIMEOUT_MS = 10_000;
/** Problem types whose title and detail are written for staff (LP/guidelines/errors.md). */
const KNOWN_PROBLEM = /^https:\/\/purl\.mews\.com\/problem\/(core\/[a-z-]+|loyalty\/invalid-member-search-criteria)$/;
/** What staff see for a problem of an unknown type, as Mews shows "a generic error". */
export const GENERIC_PROBLEM = 'The loyalty partner could not complete the request.';

/** `SANDBOX_PARTNER_URL` and `SANDBOX_PARTNER_TOKEN`, or null when either is missing. */
export function partnerConfigFromEnv(env: Record<string, string | undefined>): PartnerConfig | null {
  const url = env.SANDBOX_PARTNER_URL?.trim();
  const token = env.SANDBOX_PARTNER_TOKEN?.trim();
  return url && token ? { url, token } : null;
}

/** The desk's message for a problem+json body: title and detail of a known type, else generic. */
export function problemMessage(body: unknown): string {
  if (!isObject(body) || typeof body.type !== 'string' || !KNOWN_PROBLEM.test(body.type) || typeof body.title !== 'string') {
    return GENERIC_PROBLEM;
  }
  const details = [typeof body.detail === 'string' ? body.detail : null];
  if (Array.isArray(body.errors)) {
    for (const e of body.errors) if (isObject(e) && typeof e.detail === 'string') details.push(e.detail);
  }
  const said = details.filter((d): d is string => !!d);
  return said.length ? `${body.title}: ${said.join(' ')}` : body.title;
}

/** An `Accept-Language` worth passing on (the page's own), else English. */
export function acceptLanguage(header: string | undefined | null): string {
  const v = header?.trim();
  return v && v.length <= 200 && /^[A-Za-z0-9*,;=. -]+$/.test(v) ? v : 'en';
}

/** The four documented operations plus Keycard's program list. */
export class PartnerClient {
  private readonly base: string;

  constructor(
    private readonly config: PartnerConfig,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {
    this.base = config.url.replace(/\/+$/, '');
  }

  /** `GET /programs`: the programs the desk may enroll a guest in. */
  async programs(lang: string): Promise<PartnerProgram[]> {
    const body = await this.call('GET', '/programs', undefined, lang);
    return list(body, 'programs').map(readProgram);
  }

  /** `POST /members/search` with one documented filter combination. */
  async searchMembers(mewsEnterpriseId: string, memberFilter: Record<string, string>, lang: string): Promise<PartnerMember[]> {
    const body = await this.call('POST', '/members/search', { mewsEnterpriseId, memberFilter }, lang);
    return list(body, 'members').map(readMember);
  }

  /** `POST /members`: enrolls (or finds the existing membership of) a Mews customer. */
  async enroll(input: { mewsEnterpriseId: string; providerProgramId: string; mewsCustomerId: string; customer: PartnerCustomer }, lang: string): Promise<PartnerMembership> {
    return membershipOf(await this.call('POST', '/members', input, lang));
  }

  /** `POST /memberships/list`: at most 100 ids, answered one per id. */
  async listMemberships(mewsEnterpriseId: string, providerMembershipIds: string[], lang: string): Promise<PartnerMembership[]> {
    const body = await this.call('POST', '/memberships/list', { mewsEnterpriseId, providerMembershipIds }, lang);
    return list(body, 'memberships').map(readMembership);
  }

  /** `PUT /memberships/link` with action `link` or `unlink`. */
  async link(input: { mewsEnterpriseId: string; providerMembershipId: string; mewsCustomerId: string; action: 'link' | 'unlink' }, lang: string): Promise<PartnerMembership> {
    return membershipOf(await this.call('PUT', '/memberships/link', input, lang));
  }

  private async call(method: 'GET' | 'POST' | 'PUT', path: string, body: unknown, lang: string): Promise<unknown> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.config.token}`, accept: 'application/json', 'accept-language': lang,
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await this.fetchImpl(`${this.base}${path}`, {
        method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (e) {
      throw new PartnerError(`The loyalty partner did not answer (${e instanceof Error ? e.message : String(e)}).`, null);
    }
    const text = await res.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    if (!res.ok) {
      const type = isObject(parsed) && typeof parsed.type === 'string' ? parsed.type : null;
      throw new PartnerError(problemMessage(parsed), res.status, type);
    }
    if (!isObject(parsed)) throw unreadable(`${method} ${path} answered no JSON object`);
    return parsed;
  }
}

function list(body: unknown, key: string): unknown[] {
  const v = isObject(body) ? body[key] : undefined;
  if (!Array.isArray(v)) throw unreadable(`no ${key} list`);
  return v;
}

function membershipOf(body: unknown): PartnerMembership {
  if (!isObject(body) || !isObject(body.membership)) throw unreadable('no membership');
  return readMembership(body.membership);
}
