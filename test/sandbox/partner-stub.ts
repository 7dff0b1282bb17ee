// A small loyalty partner on real HTTP (node:http), playing Keycard's side of the Loyalty Partner
// API for the sandbox's tests: it records every request the sandbox sends and answers like the
// contract (/tmp partner wire shapes: camelCase JSON, bearer token, RFC 9457 problems).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const STUB_TOKEN = 'kcp_stubstubstubstubstubstubstubstubstubstubstu';
const PROBLEM = 'https://purl.mews.com/problem/';

export interface StubRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  acceptLanguage: string | undefined;
  contentType: string | undefined;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export interface StubMembership {
  providerMembershipId: string;
  membershipNumber: string | null;
  tier: string | null;
  points: number | null;
  status: 'pending' | 'enrolled' | 'canceled' | 'declined';
  expiresAt: string | null;
  deeplinkUrl: string | null;
}

export interface StubMember {
  firstName: string;
  lastName: string;
  email: string;
  address?: { line1: string; city: string; postalCode: string; countryCode: string };
  membership: StubMembership;
  programId: string;
  linkedTo: string | null;
}

export type StubAnswer = { status: number; body?: unknown; hang?: Promise<void> };

export const problem = (status: number, kind: string, title: string, detail?: string): StubAnswer =>
  ({ status, body: { type: `${PROBLEM}${kind}`, status, title, ...(detail ? { detail } : {}) } });

export async function partnerStub() {
  const requests: StubRequest[] = [];
  const programs = [{ providerProgramId: 'prog-kcr', name: 'Keycard Rewards', code: 'KCR' }];
  const members: StubMember[] = [];
  let nextNumber = 1;
  /** A test's own answer for a request, or undefined to let the stub answer. */
  let override: ((r: StubRequest) => StubAnswer | undefined) | null = null;

  const addMember = (m: Omit<StubMember, 'membership' | 'programId' | 'linkedTo'> & { membership?: Partial<StubMembership>; programId?: string }) => {
    const n = nextNumber++;
    const member: StubMember = {
      ...m, programId: m.programId ?? 'prog-kcr', linkedTo: null,
      membership: {
        providerMembershipId: `pm-${n}`, membershipNumber: `KCR${String(n).padStart(8, '0')}`, tier: 'Silver', points: 100 * n,
        status: 'enrolled', expiresAt: null, deeplinkUrl: null, ...m.membership,
      },
    };
    members.push(member);
    return member;
  };
  const wire = (m: StubMember) => ({ firstName: m.firstName, lastName: m.lastName, email: m.email, ...(m.address ? { address: m.address } : {}), membership: m.membership });

  function answer(r: StubRequest): StubAnswer {
    if (r.authorization !== `Bearer ${STUB_TOKEN}`) return problem(401, 'core/unauthorized', 'Unauthorized');
    const b = r.body ?? {};
    const route = `${r.method} ${r.path}`;
    if (route === 'GET /partner/v1/programs') return { status: 200, body: { programs } };
    if (route === 'POST /partner/v1/members/search') {
      const f = b.memberFilter ?? {};
      let hits: StubMember[];
      if (typeof f.email === 'string') hits = members.filter((m) => m.email.toLowerCase() === f.email.toLowerCase());
      else if (typeof f.firstName === 'string' && typeof f.lastName === 'string') hits = members.filter((m) => m.firstName === f.firstName && m.lastName === f.lastName);
      else return problem(400, 'loyalty/invalid-member-search-criteria', 'Invalid member search criteria');
      return { status: 200, body: { members: hits.map(wire) } };
    }
    if (route === 'POST /partner/v1/members') {
      const existing = members.find((m) => m.linkedTo === b.mewsCustomerId && m.programId === b.providerProgramId);
      const m = existing ?? addMember({ ...b.customer, programId: b.providerProgramId });
      m.linkedTo = b.mewsCustomerId;
      return { status: 200, body: { membership: m.membership } };
    }
    if (route === 'POST /partner/v1/memberships/list') {
      const ids: string[] = b.providerMembershipIds;
      return { status: 200, body: { memberships: ids.map((id) => members.find((m) => m.membership.providerMembershipId === id)?.membership ?? { providerMembershipId: id, status: 'notFound' }) } };
    }
    if (route === 'PUT /partner/v1/memberships/link') {
      const m = members.find((x) => x.membership.providerMembershipId === b.providerMembershipId);
      if (!m) return problem(404, 'core/not-found', 'Membership not found', `No membership ${b.providerMembershipId}.`);
      m.linkedTo = b.action === 'link' ? b.mewsCustomerId : null;
      return { status: 200, body: { membership: m.membership } };
    }
    return problem(404, 'core/not-found', 'Not found');
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    let text = '';
    for await (const chunk of req) text += chunk;
    const r: StubRequest = {
      method: req.method ?? '', path: req.url ?? '', authorization: req.headers.authorization,
      acceptLanguage: req.headers['accept-language'], contentType: req.headers['content-type'], body: text ? JSON.parse(text) : undefined,
    };
    requests.push(r);
    const a = override?.(r) ?? answer(r);
    if (a.hang) await a.hang;
    const json = a.status >= 400 && a.body && typeof a.body === 'object' && 'type' in a.body;
    res.writeHead(a.status, { 'content-type': json ? 'application/problem+json' : 'application/json' });
    res.end(a.body === undefined ? '' : typeof a.body === 'string' ? a.body : JSON.stringify(a.body));
  }

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    /** The partner API base the sandbox is configured with. */
    url: `http://127.0.0.1:${port}/partner/v1`,
    requests,
    programs,
    members,
    addMember,
    /** Requests to one path (e.g. `/partner/v1/memberships/list`). */
    to: (path: string) => requests.filter((r) => r.path === path),
    answerWith(fn: ((r: StubRequest) => StubAnswer | undefined) | null) {
      override = fn;
    },
    close: () => new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}

export type PartnerStub = Awaited<ReturnType<typeof partnerStub>>;
