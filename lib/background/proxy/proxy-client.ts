/**
 * The Keycard proxy's v1 API as typed functions that return {@link Result}s. Only the
 * background uses it. Reads are retried once; writes are not, because a write is retried
 * deliberately, by the desk, with the same idempotency key.
 */
import ky, { HTTPError, type KyInstance } from 'ky';
import { requestLanguage } from './request-language';
import type { AdjustmentReason } from '@/lib/contract/vocabulary';
import type { Adjustment, DeskContext, Device, GuestLoyalty, MemberRecord, Membership, Problem, Stay, SyncPage } from '@/lib/contract';
import { failure, type Failure, type FailureKind, type Result } from '@/lib/contract/messages';
import { createManagerApi } from '@/lib/background/proxy/manager-api';
import { saidFailure } from '@/lib/background/proxy/said-failure';
import type { TextKey } from '@/lib/i18n';

export interface ProxyClientOptions {
  proxyUrl: string;
  /** The device token; absent only for pairing. */
  token?: string;
  /** Tests pass a fake; the background uses the global `fetch`. */
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** The language the proxy should say its refusals in; the desk's (request-language.ts) by default. */
  language?: () => string;
}

export interface PairAnswer {
  token: string;
  device: Device;
}

/** What the desk reads when the proxy said nothing it can show: its words, said from the catalogue. */
const CALM_KEYS: Record<FailureKind, TextKey> = {
  unreachable: 'failure.unreachable',
  unauthorized: 'failure.unauthorized',
  forbidden: 'failure.forbidden',
  notFound: 'failure.notFound',
  conflict: 'failure.conflict',
  invalid: 'failure.invalid',
  server: 'failure.server',
};

function kindOfStatus(status: number): FailureKind {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'notFound';
  if (status === 409) return 'conflict';
  // Rate-limited: nothing wrong with the request, just try again shortly.
  if (status === 429) return 'server';
  if (status >= 400 && status < 500) return 'invalid';
  return 'server';
}

function asProblem(data: unknown, status: number): Problem | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const body = data as Partial<Problem>;
  if (typeof body.title !== 'string' && typeof body.detail !== 'string') return undefined;
  return { type: 'about:blank', title: '', status, ...body } as Problem;
}

/**
 * Text that is an exception, not a message for the desk: a stack frame, an `XxxError:` prefix,
 * several lines, markup, or a wall of text (checked on 5xx answers only). Found by the failure
 * browser test: a 500 problem carrying "TypeError: Cannot read properties of undefined … at
 * adjust (…ts:88:17)" (from something in front of the proxy, or a proxy bug) showed verbatim in
 * the panel. The desk gets the calm message of its kind instead; the proxy's own problems are
 * sentences and still show as they are.
 */
function looksLikeInternals(text: string): boolean {
  return /\n|\bat \S+ \(|:\d+:\d+\)|\b[A-Z]\w*Error\b:|\bundefined\b|<\/?[a-z][^>]*>/.test(text) || text.length > 400;
}

/**
 * Turns anything a request threw into a {@link Failure} the desk can read.
 *
 * @example
 * ```ts
 * try { await api.get('context').json(); } catch (error) { return { ok: false, error: toFailure(error) }; }
 * ```
 */
export function toFailure(error: unknown): { ok: false; error: Failure } {
  if (error instanceof HTTPError) {
    const status = error.response.status;
    const kind = kindOfStatus(status);
    const problem = asProblem(error.data, status);
    const told = problem?.detail || problem?.title;
    // A refusal (4xx) is shown as the proxy words it; a failure (5xx) only when it reads as a sentence.
    // A 502/503/504 from a gateway in front of the proxy means the proxy is not there.
    if ((status === 502 || status === 503 || status === 504) && !problem) return saidFailure('unreachable', CALM_KEYS.unreachable);
    return told && !(status >= 500 && looksLikeInternals(told)) ? failure(kind, told, problem) : saidFailure(kind, CALM_KEYS[kind], undefined, problem);
  }
  // TimeoutError, NetworkError, a CORS refusal (TypeError): no answer we can use.
  return saidFailure('unreachable', CALM_KEYS.unreachable);
}

function isPairAnswer(body: unknown): body is PairAnswer {
  const answer = body as Partial<PairAnswer> | null;
  return typeof answer?.token === 'string' && typeof answer.device === 'object' && answer.device !== null;
}

function notKeycardProxy(proxyUrl: string) {
  return saidFailure('invalid', 'pairing.notKeycardProxy', { url: proxyUrl });
}

async function attempt<T>(run: () => Promise<T>): Promise<Result<T>> {
  try {
    return { ok: true, data: await run() };
  } catch (error) {
    return toFailure(error);
  }
}

/**
 * `create`, remembering the client it made last: the same proxy and token get the same client.
 * Making one (ky.create) took ~3 ms of the worker per request, ahead of the panel's question to
 * the cache (issue 19's trace); the desk's requests and its sync all use one proxy and token.
 *
 * @example
 * ```ts
 * const makeClient = reusingClients(createProxyClient);
 * makeClient({ proxyUrl, token }) === makeClient({ proxyUrl, token }); // → true
 * ```
 */
export function reusingClients(create: (options: ProxyClientOptions) => ProxyClient): (options: ProxyClientOptions) => ProxyClient {
  let last: { options: ProxyClientOptions; client: ProxyClient } | null = null;
  const same = (a: ProxyClientOptions, b: ProxyClientOptions) =>
    a.proxyUrl === b.proxyUrl && a.token === b.token && a.fetch === b.fetch && a.timeoutMs === b.timeoutMs && a.language === b.language;
  return (options) => {
    if (!last || !same(last.options, options)) last = { options, client: create(options) };
    return last.client;
  };
}

/**
 * A client for one proxy and one device token.
 *
 * @example
 * ```ts
 * const proxy = createProxyClient({ proxyUrl: 'http://127.0.0.1:8787', token });
 * const loyalty = await proxy.guestLoyalty('customer', 'cus-9');
 * if (loyalty.ok) console.log(loyalty.data.memberships.length);
 * ```
 */
export function createProxyClient(options: ProxyClientOptions) {
  const timeout = options.timeoutMs ?? 8_000;
  const api: KyInstance = ky.create({
    prefix: `${options.proxyUrl.replace(/\/+$/, '')}/v1/`,
    timeout,
    totalTimeout: timeout * 2,
    retry: { limit: 1, methods: ['get'] },
    // Guest data must not outlive a sign-out in the browser's HTTP cache on disk.
    cache: 'no-store',
    headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
    // Read at each request: the desk may choose another language while the client lives.
    hooks: { beforeRequest: [({ request }) => request.headers.set('accept-language', (options.language ?? requestLanguage)())] },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });

  return {
    /** The proxy names the device as its code was minted, so no name is sent. */
    pair: async (code: string): Promise<Result<PairAnswer>> => {
      const answer = await attempt(async () => {
        const body: unknown = await (await api.post('pair', { json: { code } })).json().catch(() => null);
        return isPairAnswer(body) ? body : null;
      });
      // Another server at that address (Mews, the sandbox, a web page): 404, 405 or a body that is
      // no pairing. It used to say "Guest not found in Mews." (issue 18 #6).
      const stranger = answer.ok ? answer.data === null : answer.error.kind === 'notFound' || answer.error.problem?.status === 405;
      if (stranger) return notKeycardProxy(options.proxyUrl);
      return answer as Result<PairAnswer>;
    },

    context: () => attempt(() => api.get('context').json<DeskContext>()),

    guestLoyalty: (kind: 'customer' | 'reservation', id: string) =>
      attempt(() =>
        api
          .get(`${kind === 'customer' ? 'accounts' : 'reservations'}/${encodeURIComponent(id)}/loyalty`)
          .json<GuestLoyalty>(),
      ),

    /** The stay on a reservation: nights, revenue so far, points earned or estimated per program. */
    stay: (reservationId: string) =>
      attempt(() => api.get(`reservations/${encodeURIComponent(reservationId)}/stay`).json<Stay>()),

    enroll: (accountId: string, programId: string, idempotencyKey: string) =>
      attempt(() =>
        api
          .post('memberships', { json: { accountId, programId }, headers: { 'idempotency-key': idempotencyKey } })
          .json<Membership>(),
      ),

    adjust: (
      membershipId: string,
      body: { delta: number; reason: AdjustmentReason; note?: string },
      idempotencyKey: string,
    ) =>
      attempt(() =>
        api
          .post(`memberships/${encodeURIComponent(membershipId)}/adjustments`, {
            json: body,
            headers: { 'idempotency-key': idempotencyKey },
          })
          .json<{ adjustment: Adjustment; membership: Membership }>(),
      ),

    adjustments: (membershipId: string) =>
      attempt(async () => {
        const body = await api
          .get(`memberships/${encodeURIComponent(membershipId)}/adjustments`)
          .json<Adjustment[] | { adjustments: Adjustment[] }>();
        return Array.isArray(body) ? body : body.adjustments;
      }),

    /** One page of members changed since `cursor` ('' = from the start), for the offline cache. */
    sync: (cursor: string) =>
      attempt(() => api.get('sync', { searchParams: { cursor } }).json<SyncPage & { remaining?: number }>()),

    /**
     * One block of a full sync (`/v1/sync/bulk`, up to 10,000 members): the browser inflates its
     * gzip. Its cursor continues in `sync`.
     */
    syncBlock: (cursor: string) =>
      attempt(() => api.get('sync/bulk', { searchParams: { cursor }, timeout: 60_000, totalTimeout: 120_000 }).json<SyncPage & { remaining?: number }>()),

    /** Members by name prefix, email or membership number (the popup's search beyond the cache). */
    searchMembers: (q: string) =>
      attempt(async () => (await api.get('members/search', { searchParams: { q } }).json<{ members: MemberRecord[] }>()).members),

    /** Programs, tiers, membership lifecycle, ledger pages and export (lib/manager/api.ts). */
    ...createManagerApi(api, attempt),
  };
}

export type ProxyClient = ReturnType<typeof createProxyClient>;
