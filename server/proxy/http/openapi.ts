/**
 * Builds the OpenAPI 3.1 document with hono-openapi from the same route definitions that
 * are mounted, so `/v1/openapi.json` always describes what the proxy serves. The library
 * documents what the validators check (path, query, body); this file adds what only the
 * route list knows: summaries, roles, the Idempotency-Key header and the responses.
 */
import { Hono } from 'hono';
import { describeRoute, generateSpecs, resolver, type DescribeRouteOptions } from 'hono-openapi';
import type { RouteDefinition } from './route';
import { IDEMPOTENCY_KEY_HEADER, inputValidators } from './validate';

/** Responses are documented as what the proxy sends: JSON Schema 2020-12, output types. */
const OUTPUT_JSON_SCHEMA = { options: { target: 'draft-2020-12', typeMode: 'output' } };

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

const IDEMPOTENCY_KEY_PARAMETER = {
  name: IDEMPOTENCY_KEY_HEADER,
  in: 'header',
  required: true,
  description: 'Unique per intended write (1-200 printable ASCII). Replays return the first result.',
  schema: { type: 'string', minLength: 1, maxLength: 200 },
} as const;

/**
 * Hand-written: which problems the platform can answer for a route follows from our auth,
 * body and validation rules, which no library knows.
 */
function responsesOf(route: RouteDefinition): NonNullable<DescribeRouteOptions['responses']> {
  const responses: NonNullable<DescribeRouteOptions['responses']> = {};
  for (const [status, spec] of Object.entries(route.responses)) {
    responses[status] = spec.schema
      ? { description: spec.description, content: { [spec.contentType ?? 'application/json']: { schema: resolver(spec.schema, OUTPUT_JSON_SCHEMA) } } }
      : Number(status) >= 400
        ? problem(spec.description)
        : { description: spec.description };
  }
  // The platform can answer these for any route; say so once here instead of in every route.
  if (route.body) {
    responses['400'] ??= problem('Unreadable request (not JSON, missing header)');
    responses['413'] ??= problem('Body too large');
    responses['415'] ??= problem('Body is not application/json');
  }
  if (route.body || route.query || route.params) responses['422'] ??= problem('Invalid fields, each named by JSON Pointer');
  if (route.auth === 'partner') responses['401'] ??= problem('Missing, unknown, expired or revoked partner token');
  else if (route.auth !== 'none') {
    responses['401'] ??= problem('Missing, malformed, unknown or revoked device token');
    responses['429'] ??= problem('Device rate limit exceeded; see Retry-After');
  }
  if (route.auth === 'manager') responses['403'] ??= problem('Needs a manager device');
  return responses;
}

/** What the validators cannot tell the library about a route (the library leaves out unset fields). */
function describe(route: RouteDefinition): DescribeRouteOptions {
  return {
    summary: route.summary,
    description: route.description,
    tags: route.tags,
    hide: route.hidden,
    ...(route.auth === 'none' ? { security: [] }
      : route.auth === 'partner' ? { security: [{ partnerToken: [] }] }
      : { security: [{ deviceToken: [] }], 'x-keycard-role': route.auth }),
    parameters: route.idempotent ? [IDEMPOTENCY_KEY_PARAMETER] : undefined,
    responses: responsesOf(route),
  };
}

/**
 * The OpenAPI document for `routes` (hidden routes left out).
 *
 * @example
 * const doc = await buildOpenApiDocument(allRoutes, { title: 'Keycard proxy', version: '0.1.0' });
 */
export async function buildOpenApiDocument(routes: readonly RouteDefinition[], info: { title: string; version: string; description?: string }) {
  // hono-openapi reads the routes of a Hono app. This one only lists ours (it never serves),
  // so the document comes from the route list, like the mounted app.
  const listing = new Hono();
  for (const route of routes) {
    // describeRoute after the validators: the Idempotency-Key header follows their path and query parameters.
    listing.on(route.method.toUpperCase(), [route.path], ...inputValidators(route), describeRoute(describe(route)));
  }
  return generateSpecs(listing, {
    documentation: {
      info,
      components: {
        schemas: {
          Problem: {
            type: 'object',
            required: ['type', 'title', 'status'],
            properties: {
              type: { type: 'string' },
              title: { type: 'string' },
              status: { type: 'integer' },
              detail: { type: 'string' },
              errors: {
                type: 'array',
                items: { type: 'object', required: ['pointer', 'detail'], properties: { pointer: { type: 'string' }, detail: { type: 'string' } } },
              },
            },
          },
        },
        securitySchemes: {
          deviceToken: { type: 'http', scheme: 'bearer', description: 'Device token from POST /v1/pair' },
          partnerToken: { type: 'http', scheme: 'bearer', description: 'Partner token from `npm run keycard -- partner-token create` (Mews calling /partner/v1)' },
        },
      },
      security: [{ deviceToken: [] }],
    },
    excludeStaticFile: false, // `/v1/openapi.json` and `/v1/ledger/export.csv` are routes, not files
    defaultValidationErrorResponse: false, // ours are problems (400/422 above), not the library's shape
  });
}
