/**
 * Problems in Mews's words for the Loyalty Partner API (LP/guidelines/errors.md). Mews shows
 * staff the title and detail of a problem whose `type` it knows and a generic error for any
 * other, so every answer under `/partner/v1` is rewritten here, once, from the proxy's own
 * problems: the `https://purl.mews.com/problem/core/*` type of its status, malformed input as
 * a 400 `bad-request` naming each field (`#/customer/email`), and the title in the language of
 * `Accept-Language` (English, Czech or German).
 */
import type { MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from './env';

const CORE = 'https://purl.mews.com/problem/core/';

/** The core types by status; a status Mews does not list maps to the nearest one. */
const TYPE_OF: Record<number, [status: number, type: string]> = {
  400: [400, 'bad-request'], 401: [401, 'unauthorized'], 404: [404, 'not-found'], 408: [408, 'request-timeout'],
  409: [422, 'unprocessable-entity'], 413: [400, 'bad-request'], 415: [400, 'bad-request'], 422: [422, 'unprocessable-entity'],
  429: [429, 'too-many-requests'],
};

const TITLES: Record<string, Record<string, string>> = {
  en: {
    'bad-request': 'Bad request', unauthorized: 'Unauthorized', 'not-found': 'Not found', 'request-timeout': 'Request timeout',
    'unprocessable-entity': 'Unprocessable entity', 'too-many-requests': 'Too many requests', 'internal-server-error': 'Internal server error',
    'invalid-member-search-criteria': 'Invalid member search criteria',
  },
  cs: {
    'bad-request': 'Chybný požadavek', unauthorized: 'Neautorizováno', 'not-found': 'Nenalezeno', 'request-timeout': 'Vypršel časový limit',
    'unprocessable-entity': 'Požadavek nelze zpracovat', 'too-many-requests': 'Příliš mnoho požadavků', 'internal-server-error': 'Chyba serveru',
    'invalid-member-search-criteria': 'Neplatná kritéria hledání člena',
  },
  de: {
    'bad-request': 'Ungültige Anfrage', unauthorized: 'Nicht autorisiert', 'not-found': 'Nicht gefunden', 'request-timeout': 'Zeitüberschreitung',
    'unprocessable-entity': 'Nicht verarbeitbar', 'too-many-requests': 'Zu viele Anfragen', 'internal-server-error': 'Interner Serverfehler',
    'invalid-member-search-criteria': 'Ungültige Suchkriterien für Mitglieder',
  },
};

/** The first language of `Accept-Language` that Keycard speaks; English otherwise. */
export function partnerLanguage(header: string | undefined): keyof typeof TITLES {
  const ranked = (header ?? '').split(',').map((part) => {
    const [tag = '', ...params] = part.trim().split(';');
    const q = Number(params.find((p) => p.trim().startsWith('q='))?.trim().slice(2) ?? 1);
    return { lang: tag.trim().toLowerCase().split('-')[0] ?? '', q: Number.isFinite(q) ? q : 0 };
  }).filter((r) => r.q > 0).sort((a, b) => b.q - a.q);
  return (ranked.find((r) => r.lang in TITLES)?.lang ?? 'en') as keyof typeof TITLES;
}

/** The Mews field-level type a validation message stands for (valibot's wording). */
function fieldType(detail: string): string {
  if (/received undefined|required/i.test(detail)) return 'field-required';
  if (/email/i.test(detail)) return 'field-email-invalid';
  if (/Invalid length: Expected <=|too long|at most/i.test(detail)) return 'field-too-long';
  if (/Invalid length: Expected >=|too short|at least/i.test(detail)) return 'field-too-short';
  if (/Invalid type/i.test(detail)) return 'field-invalid-type';
  if (/Expected "|Invalid option/i.test(detail)) return 'field-not-allowed-value';
  return 'field-invalid-format';
}

interface KeycardProblem {
  type?: string;
  status?: number;
  title?: string;
  detail?: string;
  errors?: { pointer?: string; detail?: string }[];
}

/** Rewrites the proxy's problem answers into the Mews partner vocabulary. */
export const partnerProblems: MiddlewareHandler<AppEnv> = async (c, next) => {
  // Details stay in English for Mews (the titles below follow Accept-Language); fieldType reads them.
  c.set('problemLanguage', 'en');
  await next();
  if (!(c.res.headers.get('Content-Type') ?? '').startsWith('application/problem+json')) return;
  const original = (await c.res.clone().json().catch(() => ({}))) as KeycardProblem;
  const lang = partnerLanguage(c.req.header('Accept-Language'));
  const known = original.type?.startsWith('https://purl.mews.com/problem/') ? original.type : undefined;
  // Input the validators refused (fields named) is malformed: 400, as Mews expects.
  const malformed = c.res.status === 422 && (original.errors?.length ?? 0) > 0 && /invalid (fields|parameters)/i.test(original.detail ?? '');
  const [status, name] = malformed ? [400, 'bad-request'] : TYPE_OF[c.res.status] ?? (c.res.status >= 500 ? [c.res.status, 'internal-server-error'] : [400, 'bad-request']);
  const key = known ? known.slice(known.lastIndexOf('/') + 1) : name;
  const body = {
    type: known ?? `${CORE}${name}`,
    status,
    title: TITLES[lang]?.[key] ?? original.title ?? 'Error',
    ...(original.detail ? { detail: original.detail } : {}),
    ...(original.errors?.length ? {
      errors: original.errors.map((e) => ({ type: `${CORE}${fieldType(e.detail ?? '')}`, pointer: `#${e.pointer ?? ''}`, ...(e.detail ? { detail: e.detail } : {}) })),
    } : {}),
  };
  const headers = new Headers(c.res.headers);
  headers.set('Content-Language', lang);
  // Hono merges the old answer's headers into a new one, which would bring back its Content-Language (en).
  c.res = undefined;
  c.res = new Response(JSON.stringify(body), { status: status as ContentfulStatusCode, headers });
};
