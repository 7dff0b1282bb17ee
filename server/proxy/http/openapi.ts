/**
 * Builds the OpenAPI 3.1 document from the same route definitions that are mounted, so
 * `/v1/openapi.json` always describes what the proxy serves.
 */
import { toJsonSchema } from '@valibot/to-json-schema';
import type { AnySchema } from './validate';
import type { RouteDefinition } from './route';

type Json = Record<string, unknown>;

/** Valibot → JSON Schema (2020-12, OpenAPI 3.1's dialect). Unconvertible parts become `{}`. */
function schemaOf(schema: AnySchema, typeMode: 'input' | 'output'): Json {
  const { $schema: _dialect, ...json } = toJsonSchema(schema, { target: 'draft-2020-12', errorMode: 'ignore', typeMode }) as Json;
  return json; // the document declares the dialect once; embedded schemas need no $schema
}

const PROBLEM_SCHEMA: Json = {
  type: 'object',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['pointer', 'detail'],
        properties: { pointer: { type: 'string' }, detail: { type: 'string' } },
      },
    },
  },
};

const problem = (description: string): Json => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

/** `/v1/memberships/:id` → `/v1/memberships/{id}`. */
export function toOpenApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?/g, '{$1}');
}

/** Query or path parameters from an object schema's properties. */
function parametersOf(schema: AnySchema | undefined, location: 'query' | 'path'): Json[] {
  if (!schema) return [];
  const json = schemaOf(schema, 'input');
  const properties = (json.properties ?? {}) as Record<string, Json>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || required.has(name),
    schema: property,
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
  }));
}

function operationOf(route: RouteDefinition): Json {
  const parameters = [...parametersOf(route.params, 'path'), ...parametersOf(route.query, 'query')];
  if (route.idempotent) {
    parameters.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: true,
      description: 'Unique per intended write (1-200 printable ASCII). Replays return the first result.',
      schema: { type: 'string', minLength: 1, maxLength: 200 },
    });
  }
  const responses: Json = {};
  for (const [status, spec] of Object.entries(route.responses)) {
    const isError = Number(status) >= 400;
    responses[status] = spec.schema
      ? { description: spec.description, content: { [spec.contentType ?? 'application/json']: { schema: schemaOf(spec.schema, 'output') } } }
      : isError
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
  if (route.auth !== 'none') {
    responses['401'] ??= problem('Missing, malformed, unknown or revoked device token');
    responses['429'] ??= problem('Device rate limit exceeded; see Retry-After');
  }
  if (route.auth === 'manager') responses['403'] ??= problem('Needs a manager device');
  return {
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    ...(route.tags ? { tags: route.tags } : {}),
    operationId: `${route.method}${toOpenApiPath(route.path).replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_, ch: string | undefined) => (ch ?? '').toUpperCase())}`,
    ...(route.auth === 'none' ? { security: [] } : { security: [{ deviceToken: [] }], 'x-keycard-role': route.auth }),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(route.body, 'input') } } } } : {}),
    responses,
  };
}

/**
 * The OpenAPI document for `routes` (hidden routes left out).
 *
 * @example
 * const doc = buildOpenApiDocument(allRoutes, { title: 'Keycard proxy', version: '0.1.0' });
 */
export function buildOpenApiDocument(routes: readonly RouteDefinition[], info: { title: string; version: string; description?: string }): Json {
  const paths: Record<string, Json> = {};
  for (const route of routes) {
    if (route.hidden) continue;
    const path = toOpenApiPath(route.path);
    paths[path] ??= {};
    paths[path][route.method] = operationOf(route);
  }
  return {
    openapi: '3.1.0',
    info,
    paths,
    components: {
      schemas: { Problem: PROBLEM_SCHEMA },
      securitySchemes: {
        deviceToken: { type: 'http', scheme: 'bearer', description: 'Device token from POST /v1/pair' },
      },
    },
    security: [{ deviceToken: [] }],
  };
}
