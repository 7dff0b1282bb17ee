/**
 * Validation at the edge: request bodies, query strings, path parameters and the
 * Idempotency-Key header are checked before a handler sees them.
 *
 * Status codes (one rule, everywhere):
 * - 400 when the request cannot be read: not JSON, empty body where one is needed, a bad
 *   or missing `Idempotency-Key` header.
 * - 413 when the body is larger than the limit (see {@link jsonBodyLimit}).
 * - 415 when a body is sent with a Content-Type other than JSON.
 * - 422 when it is readable JSON but a field is wrong; `errors` lists every bad field as
 *   `{ pointer, detail }`, `pointer` being a JSON Pointer (`/delta`, `/guest/email`). For
 *   query and path parameters the pointer is `/<name>` and the problem's `detail` says
 *   which part of the request was wrong.
 */
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import * as v from 'valibot';
import { ProblemError, badRequest, unprocessable, type FieldProblem } from './problems';

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
export function jsonBodyLimit(maxBytes = DEFAULT_BODY_LIMIT_BYTES) {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new ProblemError(413, 'Payload too large', `Request bodies are limited to ${maxBytes} bytes.`);
    },
  });
}

/** Escapes one JSON Pointer segment (RFC 6901). */
function pointerSegment(key: unknown): string {
  return String(key).replaceAll('~', '~0').replaceAll('/', '~1');
}

/** Turns valibot issues into field problems, one per issue, each with a JSON Pointer. */
export function issuesToFieldProblems(issues: readonly v.BaseIssue<unknown>[]): FieldProblem[] {
  return issues.map((issue) => ({
    pointer: (issue.path ?? []).map((item) => `/${pointerSegment(item.key)}`).join(''),
    detail: issue.message,
  }));
}

/**
 * Parses `input` with `schema`, or throws a 422 problem naming every bad field.
 *
 * @example
 * const { delta } = parseOrThrow(v.object({ delta: v.number() }), json, 'body');
 */
export function parseOrThrow<S extends AnySchema>(
  schema: S,
  input: unknown,
  where: 'body' | 'query' | 'path' = 'body',
): v.InferOutput<S> {
  const result = v.safeParse(schema, input, { abortEarly: false });
  if (result.success) return result.output;
  const detail =
    where === 'body'
      ? 'The request body has invalid fields.'
      : where === 'query'
        ? 'The query string has invalid parameters.'
        : 'The URL has invalid path parameters.';
  throw unprocessable(issuesToFieldProblems(result.issues), detail);
}

/**
 * Reads the request body as JSON: 415 for a non-JSON Content-Type, 400 for an empty or
 * unparsable body. The body limit has already been enforced by {@link jsonBodyLimit}.
 */
export async function readJsonBody(c: Context): Promise<unknown> {
  const type = c.req.header('Content-Type');
  if (type && !/^application\/([a-z0-9.+-]*\+)?json\b/i.test(type.trim())) {
    throw new ProblemError(415, 'Unsupported media type', 'Send the body as application/json.');
  }
  const text = await c.req.text();
  if (text.trim() === '') throw badRequest('The request body is empty; it must be a JSON document.');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // The parser's message can quote the body; keep it out of the response.
    throw badRequest('The request body is not valid JSON.');
  }
}

/** Validates the JSON body against `schema` (400 / 415 / 422 as described above). */
export async function validateJsonBody<S extends AnySchema>(c: Context, schema: S): Promise<v.InferOutput<S>> {
  return parseOrThrow(schema, await readJsonBody(c), 'body');
}

/** Validates the query string (each parameter's last value, as a string). */
export function validateQuery<S extends AnySchema>(c: Context, schema: S): v.InferOutput<S> {
  return parseOrThrow(schema, c.req.query(), 'query');
}

/** Validates the path parameters. */
export function validateParams<S extends AnySchema>(c: Context, schema: S): v.InferOutput<S> {
  return parseOrThrow(schema, c.req.param(), 'path');
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
    throw badRequest(`The ${IDEMPOTENCY_KEY_HEADER} header is required for this request.`, { header: IDEMPOTENCY_KEY_HEADER });
  }
  if (key.length > 200 || !/^[\x20-\x7e]+$/.test(key)) {
    throw badRequest(`The ${IDEMPOTENCY_KEY_HEADER} header must be 1-200 printable ASCII characters.`, { header: IDEMPOTENCY_KEY_HEADER });
  }
  return key;
}
