/**
 * Validation at the edge: path parameters, query strings, the Idempotency-Key header and
 * JSON bodies are checked before a handler sees them. hono-openapi's `validator` (Standard
 * Schema, so the valibot schemas as they are) reads and checks each part and documents it;
 * this file decides the order and turns failures into our problems.
 *
 * Status codes (one rule, everywhere):
 * - 400 when the request cannot be read: not JSON, empty body where one is needed, a bad
 *   or missing `Idempotency-Key` header.
 * - 413 when the body is larger than the limit (see {@link jsonBodyLimit}).
 * - 415 when a body is sent without a JSON Content-Type.
 * - 422 when it is readable JSON but a field is wrong; `errors` lists every bad field as
 *   `{ pointer, detail }`, `pointer` being a JSON Pointer (`/delta`, `/guest/email`). For
 *   query and path parameters the pointer is `/<name>` and the problem's `detail` says
 *   which part of the request was wrong.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { validator } from 'hono-openapi';
import type * as v from 'valibot';
import { fieldText, type ProblemText } from '../../../lib/contract/problem-texts';
import { ProblemError, badRequest, unprocessable, type FieldProblem } from './problems';
import type { RouteDefinition } from './route';

/** Any valibot schema (sync). */
export type AnySchema = v.GenericSchema;

/** Default largest JSON body the proxy reads. The v1 API's biggest body is well under 2 KB. */
export const DEFAULT_BODY_LIMIT_BYTES = 16 * 1024;

/**
 * Middleware refusing bodies over `maxBytes` with a 413 problem, before any is parsed.
 *
 * @example
 * app.use('*', jsonBodyLimit());
 */
export function jsonBodyLimit(maxBytes = DEFAULT_BODY_LIMIT_BYTES): MiddlewareHandler {
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new ProblemError(413, 'Payload too large', { key: 'bodyTooLarge', params: { bytes: maxBytes } });
    },
  });
  // GET and HEAD bodies are never read. Asking for one made @hono/node-server build a whole
  // fetch Request (with an AbortController) on every desk lookup: 8 % of the proxy's CPU.
  return (c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limit(c, next));
}

/** Escapes one JSON Pointer segment (RFC 6901). */
function pointerSegment(key: unknown): string {
  return String(key).replaceAll('~', '~0').replaceAll('/', '~1');
}

/** A validation issue as valibot and Standard Schema both report it. */
interface Issue {
  readonly message: string;
  readonly path?: readonly (PropertyKey | { readonly key: unknown })[] | undefined;
}

/**
 * Turns validation issues into field problems, one per issue, each with a JSON Pointer. The
 * schemas' English messages are found in the problem catalogue, so each field is said in the
 * desk's language too; a message not catalogued stays as it is.
 */
export function issuesToFieldProblems(issues: readonly Issue[]): FieldProblem[] {
  return issues.map((issue) => {
    const text = fieldText(issue.message);
    return {
      pointer: (issue.path ?? []).map((item) => `/${pointerSegment(typeof item === 'object' ? item.key : item)}`).join(''),
      detail: issue.message,
      ...(text ? { text } : {}),
    };
  });
}

const INVALID: Record<'param' | 'query' | 'json', ProblemText> = {
  param: { key: 'invalidPathParams' },
  query: { key: 'invalidQuery' },
  json: { key: 'invalidBody' },
};

/** How the document shows what clients send: JSON Schema 2020-12 (OpenAPI 3.1's dialect), input types. */
const INPUT_JSON_SCHEMA = { options: { target: 'draft-2020-12', typeMode: 'input' } };

/**
 * hono-openapi's validator for one part of the request; the output lands in
 * `c.req.valid(target)`. A failure is our 422 problem naming every bad field, where the
 * library would answer a 400 that echoes the input back.
 */
function validate(target: keyof typeof INVALID, schema: AnySchema): MiddlewareHandler {
  return validator(target, schema, (result) => {
    if (!result.success) throw unprocessable(issuesToFieldProblems(result.error), INVALID[target]);
  }, INPUT_JSON_SCHEMA);
}

/** The media types hono's json validator parses (its own rule, so the two never disagree). */
const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;

/**
 * 415 for a body not declared JSON: hono's json validator would quietly validate `{}` instead,
 * and a web page may send a cross-origin POST without asking first only as text/plain, a form
 * or multipart: requiring JSON is what makes such a POST fail (issue 17 #11).
 */
const requireJsonContentType: MiddlewareHandler = async (c, next) => {
  const mediaType = (c.req.header('Content-Type') ?? '').split(';')[0]!.trim();
  if (!JSON_MEDIA_TYPE.test(mediaType)) throw new ProblemError(415, 'Unsupported media type', { key: 'unsupportedMediaType' });
  await next();
};

/** Hand-written: a header rule answering 400 and naming the header, not a 422 field problem. */
const checkIdempotencyKey: MiddlewareHandler = async (c, next) => {
  requireIdempotencyKey(c);
  await next();
};

/** Methods whose requests carry a body: every route with one speaks JSON only. */
const BODY_METHODS = new Set(['post', 'put', 'patch']);

/**
 * The input checks of one route, in the order they answer: path, query, Idempotency-Key,
 * then the body (a write with a bad URL or no key is refused whatever its body). POST, PUT
 * and PATCH need a JSON Content-Type even where the route reads the body itself (the Mews
 * webhook) or reads none.
 */
export function inputValidators(route: RouteDefinition): MiddlewareHandler[] {
  return [
    ...(route.params ? [validate('param', route.params)] : []),
    ...(route.query ? [validate('query', route.query)] : []),
    ...(route.idempotent ? [checkIdempotencyKey] : []),
    ...(route.body || BODY_METHODS.has(route.method) ? [requireJsonContentType] : []),
    ...(route.body ? [validate('json', route.body)] : []),
  ];
}

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

/**
 * The `Idempotency-Key` header: required, 1–200 printable ASCII characters. Throws a 400
 * problem naming the header otherwise. Keys are compared exactly (no trimming), so what
 * the client sends twice is what matches.
 *
 * @example
 * const key = requireIdempotencyKey(c); // 'a5f3c8e0-…'
 */
export function requireIdempotencyKey(c: Context): string {
  const key = c.req.header(IDEMPOTENCY_KEY_HEADER);
  if (key === undefined || key === '') {
    throw badRequest({ key: 'idempotencyKeyMissing', params: { header: IDEMPOTENCY_KEY_HEADER } }, { header: IDEMPOTENCY_KEY_HEADER });
  }
  if (key.length > 200 || !/^[\x20-\x7e]+$/.test(key)) {
    throw badRequest({ key: 'idempotencyKeyInvalid', params: { header: IDEMPOTENCY_KEY_HEADER } }, { header: IDEMPOTENCY_KEY_HEADER });
  }
  return key;
}
