/**
 * One error type for the whole proxy, turned into one response shape: RFC 9457
 * `application/problem+json`. Routes throw a {@link ProblemError}; {@link onError} renders
 * it, and renders everything else without leaking internals.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Problem } from '../../../lib/contract';
import { problemDetail, problemLanguage, type ProblemLanguage, type ProblemText } from '../../../lib/contract/problem-texts';
import type { AppVariables } from './env';

export type { ProblemText } from '../../../lib/contract/problem-texts';
import { isMewsError, mewsProblem } from '../mews/errors';

/** A field-level problem; `pointer` is a JSON Pointer into the request (e.g. `/delta`). */
export interface FieldProblem {
  pointer: string;
  detail: string;
  /** The detail's words from lib/contract/problem-texts/, as on the problem. */
  text?: ProblemText;
}

/**
 * A problem's words: catalogued (lib/contract/problem-texts), said in the client's language and
 * in English as the default `detail`; a plain string only for words nobody reads in another
 * language (test/proxy/problem-words.test.ts finds English ones in desk-facing code).
 */
export type ProblemWords = string | ProblemText;

/**
 * A field-level problem in catalogued words.
 *
 * @example
 * unprocessable([fieldProblem('/to', { key: 'fieldToBeforeFrom' })]);
 */
export const fieldProblem = (pointer: string, text: ProblemText): FieldProblem => ({ pointer, detail: problemDetail('en', text), text });

/** Extra members of a problem: `errors`, `type`, or any extension member. */
export interface ProblemExtra {
  type?: string;
  errors?: FieldProblem[];
  /** Response headers to send with the problem (e.g. `Retry-After`, `WWW-Authenticate`). */
  headers?: Record<string, string>;
  /** The detail's words from lib/contract/problem-texts/, said in the client's `Accept-Language`. */
  text?: ProblemText;
  [extension: string]: unknown;
}

/**
 * An error that is meant for the client. `title` is short and stable per kind of problem;
 * `detail` explains this occurrence.
 *
 * @example
 * throw new ProblemError(409, 'Idempotency key reused', 'This key was used with another body.');
 */
export class ProblemError extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string | undefined;
  readonly extra: ProblemExtra;

  constructor(status: number, title: string, words?: ProblemWords, extra: ProblemExtra = {}) {
    const detail = typeof words === 'object' ? problemDetail('en', words) : words;
    super(detail ? `${title}: ${detail}` : title);
    this.name = 'ProblemError';
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.extra = typeof words === 'object' ? { ...extra, text: words } : extra;
  }

  /** The RFC 9457 body; a `detail` with catalogued words in `language` (the title stays English: clients branch on it). */
  toProblem(language: ProblemLanguage = 'en'): Problem {
    const { headers: _headers, type, text, errors, ...extensions } = this.extra;
    const detail = text ? problemDetail(language, text) : this.detail;
    const said = errors?.map(({ text: words, ...field }) => (words ? { ...field, detail: problemDetail(language, words) } : field));
    return {
      type: type ?? 'about:blank',
      title: this.title,
      status: this.status,
      ...(detail !== undefined ? { detail } : {}),
      ...extensions,
      ...(said ? { errors: said } : {}),
    };
  }

  /**
   * The problem as an Idempotency-Key keeps it to answer a retry: English, with its catalogued
   * words beside it (`text`, and each field's in `fieldTexts`), so the retry is answered in the
   * retry's language. {@link ProblemError.fromStored} reads it back.
   */
  toStored(): Problem {
    const fieldTexts = this.extra.errors?.map((field) => field.text ?? null);
    return {
      ...this.toProblem('en'),
      ...(this.extra.text ? { text: this.extra.text } : {}),
      ...(fieldTexts?.some(Boolean) ? { fieldTexts } : {}),
    };
  }

  /** A stored problem ({@link ProblemError.toStored}, or a plain one stored before it) thrown again as itself. */
  static fromStored(status: number, stored: Record<string, unknown>): ProblemError {
    const { title = 'Error', detail, status: _status, text, fieldTexts, errors, ...extra } = stored;
    const texts = (fieldTexts ?? []) as (ProblemText | null)[];
    const fields = (errors as FieldProblem[] | undefined)?.map((field, i) => (texts[i] ? { ...field, text: texts[i] } : field));
    return new ProblemError(status, String(title), detail as string | undefined, {
      ...extra,
      ...(text ? { text: text as ProblemText } : {}),
      ...(fields ? { errors: fields } : {}),
    });
  }
}

/** 400: the request is malformed (bad JSON, missing header). */
export const badRequest = (detail?: ProblemWords, extra?: ProblemExtra) =>
  new ProblemError(400, 'Bad request', detail, extra);
/** 401: no valid credentials. Always tells the client how to authenticate. */
export const unauthorized = (detail?: ProblemWords, extra: ProblemExtra = {}) =>
  new ProblemError(401, 'Unauthorized', detail, {
    ...extra,
    headers: { 'WWW-Authenticate': 'Bearer realm="keycard"', ...extra.headers },
  });
/** 403: authenticated, but this device may not do this. */
export const forbidden = (detail?: ProblemWords, extra?: ProblemExtra) => new ProblemError(403, 'Forbidden', detail, extra);
/** 404: no such resource (or route). */
export const notFound = (detail?: ProblemWords, extra?: ProblemExtra) => new ProblemError(404, 'Not found', detail, extra);
/** 409: conflicts with the current state (e.g. idempotency key reused with another body). */
export const conflict = (detail?: ProblemWords, extra?: ProblemExtra) => new ProblemError(409, 'Conflict', detail, extra);
/** 422: well-formed JSON that fails validation; `errors` names each bad field. */
export const unprocessable = (errors: FieldProblem[], detail: ProblemWords = { key: 'invalidFields' }) =>
  new ProblemError(422, 'Validation failed', detail, { errors });
/** 429: slow down; `retryAfterS` becomes the `Retry-After` header. */
export const tooManyRequests = (retryAfterS: number, detail?: ProblemWords, extra: ProblemExtra = {}) =>
  new ProblemError(429, 'Too many requests', detail, {
    ...extra,
    headers: { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterS))), ...extra.headers },
  });
/** 502: Mews (upstream) failed or answered nonsense. */
export const badGateway = (detail?: ProblemWords, extra?: ProblemExtra) => new ProblemError(502, 'Bad gateway', detail, extra);
/** 503: Keycard cannot serve this right now (e.g. Mews rate budget exhausted). */
export const serviceUnavailable = (detail?: ProblemWords, extra?: ProblemExtra) =>
  new ProblemError(503, 'Service unavailable', detail, extra);

/** Renders a problem as a response. Use it where throwing is awkward (e.g. middleware). */
export function problemResponse(c: Context, error: ProblemError): Response {
  for (const [name, value] of Object.entries(error.extra.headers ?? {})) c.header(name, value);
  c.header('Content-Type', 'application/problem+json');
  c.header('Cache-Control', 'no-store');
  const language = (c.var as Partial<AppVariables>).problemLanguage ?? problemLanguage(c.req.header('Accept-Language'));
  c.header('Content-Language', language);
  c.header('Vary', 'Accept-Language', { append: true });
  return c.body(JSON.stringify(error.toProblem(language)), error.status as ContentfulStatusCode);
}

/** Something that can log an unexpected error, or a client going away (pino's logger fits). */
export interface ErrorLogger {
  error(object: object, message?: string): void;
  info(object: object, message?: string): void;
}

/**
 * The status logged (and counted) for a request whose client closed the connection before the
 * answer: nginx's 499 "client closed request". Nobody receives it.
 */
export const CLIENT_CLOSED_REQUEST = 499;

/**
 * Whether `error` is the client going away mid-request: Node's `aborted` error while the body
 * was read, or anything at all once the request's signal says the client left.
 */
function clientWentAway(error: Error, c: Context): boolean {
  if (c.req.raw.signal?.aborted) return true;
  const code = (error as NodeJS.ErrnoException).code;
  return error.message === 'aborted' || code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE';
}

/**
 * Maps any thrown value to the problem the client should see. Mews failures are turned into
 * problems here, in one place, so services simply let a MewsError through.
 */
export function toProblemError(error: unknown): ProblemError | undefined {
  if (error instanceof ProblemError) return error;
  if (isMewsError(error)) {
    const { type, title, status, text, detail: _english, retryAfter, ...extensions } = mewsProblem(error);
    const headers: Record<string, string> = typeof retryAfter === 'number' ? { 'Retry-After': String(retryAfter) } : {};
    return new ProblemError(status, title, text, { type, ...extensions, ...(retryAfter !== undefined ? { retryAfter } : {}), headers });
  }
  if (error instanceof HTTPException) {
    // hono/body-limit and our own edge checks throw these; keep their status, not their text.
    if (error.status === 413) return new ProblemError(413, 'Payload too large', { key: 'bodyTooLargeAny' });
    // hono's json validator says only this; other 400s are said generically.
    if (error.status === 400) return badRequest({ key: /JSON/.test(error.message) ? 'malformedJson' : 'unreadableRequest' });
    return new ProblemError(error.status, error.message || 'HTTP error');
  }
  return undefined;
}

/**
 * Hono `onError` handler: problems render as themselves; a client that went away is logged as
 * such (no stack: nothing failed in the proxy) and answered 499 to nobody; anything else is a
 * 500 whose body says nothing about the internals (the log gets the stack).
 *
 * @example
 * app.onError(createErrorHandler(log));
 */
export function createErrorHandler(log?: ErrorLogger) {
  return (error: Error, c: Context): Response => {
    const problem = toProblemError(error);
    if (problem) return problemResponse(c, problem);
    if (clientWentAway(error, c)) {
      // The message, not the stack: should a real fault coincide with the hang-up, it still shows.
      log?.info({ method: c.req.method, path: c.req.path, reason: error.message }, 'client closed the request');
      return problemResponse(c, new ProblemError(CLIENT_CLOSED_REQUEST, 'Client closed request', { key: 'clientClosed' }));
    }
    log?.error({ err: error, method: c.req.method, path: c.req.path }, 'unhandled error');
    return problemResponse(c, new ProblemError(500, 'Internal server error', { key: 'internalError' }));
  };
}

/** Hono `notFound` handler: unknown routes are 404 problems too. */
export function notFoundHandler(c: Context): Response {
  return problemResponse(c, notFound({ key: 'noRoute', params: { method: c.req.method, path: c.req.path } }));
}
