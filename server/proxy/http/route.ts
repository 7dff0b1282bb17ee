/**
 * Route definitions: one object per route declares its method, path, who may call it, the
 * valibot schemas of its input and its responses, and the handler. The same list mounts
 * the routes on Hono (with auth, rate limit and validation in front of the handler) and
 * feeds `/v1/openapi.json`, so the document cannot drift from what is served.
 */
import type { Context, Hono, MiddlewareHandler } from 'hono';
import type * as v from 'valibot';
import type { Device } from '../../../lib/contract';
import type { AppEnv } from './env';
import { IDEMPOTENCY_KEY_HEADER, inputValidators, type AnySchema } from './validate';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Who may call a route: anyone, any paired device, manager devices only, or Mews with a partner token. */
export type RouteAuth = 'none' | 'desk' | 'manager' | 'partner';

/** One documented response. `schema` describes a JSON body (omit for problems or no body). */
export interface ResponseSpec {
  description: string;
  schema?: AnySchema;
  /** Defaults to `application/json`. */
  contentType?: string;
}

type MaybeSchema = AnySchema | undefined;
type Output<S> = S extends AnySchema ? v.InferOutput<S> : undefined;

/** What a handler receives, already authenticated and validated. */
export interface RouteInput<A extends RouteAuth, B, Q, P, I extends boolean> {
  body: Output<B>;
  query: Output<Q>;
  params: Output<P>;
  /** The calling device; present on every `desk`/`manager` route. */
  device: A extends 'none' | 'partner' ? undefined : Device;
  /** The `Idempotency-Key` header, on routes declared `idempotent: true`. */
  idempotencyKey: I extends true ? string : undefined;
}

/** The declaration passed to {@link defineRoute}. */
export interface RouteSpec<A extends RouteAuth, B extends MaybeSchema, Q extends MaybeSchema, P extends MaybeSchema, I extends boolean> {
  method: HttpMethod;
  /** Hono path syntax: `/v1/memberships/:id` (OpenAPI shows `{id}`). */
  path: string;
  summary: string;
  description?: string;
  tags?: string[];
  auth: A;
  /** JSON body schema; the body is refused (400/413/415/422) before the handler runs. */
  body?: B;
  /** Query string schema (values are strings: use `v.pipe(v.string(), v.transform(Number))`). */
  query?: Q;
  /** Path parameter schema (an object whose keys are the `:names` in `path`). */
  params?: P;
  /** Requires an `Idempotency-Key` header (400 without), passed as `input.idempotencyKey`. */
  idempotent?: I;
  /** Responses by status, for the OpenAPI document. Problem responses are added for you. */
  responses: Record<number, ResponseSpec>;
  /** Leave out of the OpenAPI document (e.g. the Mews webhook receiver). */
  hidden?: boolean;
  handler: (c: Context<AppEnv>, input: RouteInput<A, B, Q, P, I>) => Response | Promise<Response>;
}

/** A route with its types erased, as modules list them (`ProxyModule.routes`). */
export interface RouteDefinition {
  method: HttpMethod;
  path: string;
  summary: string;
  description?: string;
  tags?: string[];
  auth: RouteAuth;
  body?: AnySchema;
  query?: AnySchema;
  params?: AnySchema;
  idempotent?: boolean;
  responses: Record<number, ResponseSpec>;
  hidden?: boolean;
  handler: (c: Context<AppEnv>, input: ErasedRouteInput) => Response | Promise<Response>;
}

/** {@link RouteInput} with its types erased. */
export interface ErasedRouteInput {
  body: unknown;
  query: unknown;
  params: unknown;
  device: Device | undefined;
  idempotencyKey: string | undefined;
}

/**
 * Declares a route. Types flow from the schemas to the handler's `input`.
 *
 * @example
 * import * as v from 'valibot';
 * import { defineRoute } from '../http/route';
 * import { notFound } from '../http/problems';
 *
 * export const adjustPoints = (deps: ProxyDeps) =>
 *   defineRoute({
 *     method: 'post',
 *     path: '/v1/memberships/:id/adjustments',
 *     summary: 'Add or remove points',
 *     tags: ['memberships'],
 *     auth: 'desk',
 *     idempotent: true,
 *     params: v.object({ id: v.pipe(v.string(), v.uuid()) }),
 *     body: v.object({
 *       delta: v.pipe(v.number(), v.integer()),
 *       reason: v.picklist(ADJUSTMENT_REASONS),
 *       note: v.optional(v.pipe(v.string(), v.maxLength(500))),
 *     }),
 *     responses: { 201: { description: 'Applied', schema: AdjustmentSchema } },
 *     async handler(c, { params, body, device, idempotencyKey }) {
 *       const adjustment = await adjust(deps, params.id, body, device, idempotencyKey);
 *       if (!adjustment) throw notFound(`No membership ${params.id}.`);
 *       return c.json(adjustment, 201);
 *     },
 *   });
 */
export function defineRoute<
  A extends RouteAuth,
  B extends MaybeSchema = undefined,
  Q extends MaybeSchema = undefined,
  P extends MaybeSchema = undefined,
  I extends boolean = false,
>(spec: RouteSpec<A, B, Q, P, I>): RouteDefinition {
  return spec as unknown as RouteDefinition;
}

/** Middleware the mounted routes need in front of their handlers (built in app.ts). */
export interface RouteGuards {
  /** Authenticates the bearer token and checks the role (401 / 403). */
  requireDevice(role: 'desk' | 'manager'): MiddlewareHandler<AppEnv>;
  /** Per-device rate limit, run after authentication (429). */
  deviceRateLimit: MiddlewareHandler<AppEnv>;
  /** Authenticates a partner token (Mews calling the Loyalty Partner API; 401). */
  requirePartner: MiddlewareHandler<AppEnv>;
  /** Each desk's share of the Mews budget, run after validation, just before the handler (429). */
  mewsShare: MiddlewareHandler<AppEnv>;
}

/**
 * Mounts routes on `app`: route-path tagging → auth → device rate limit → validation →
 * the desk's Mews share → handler. Register static paths before parameterised siblings
 * (`/v1/members/search` before `/v1/members/:id`).
 */
export function mountRoutes(app: Hono<AppEnv>, routes: readonly RouteDefinition[], guards: RouteGuards): void {
  for (const route of routes) {
    const chain: MiddlewareHandler<AppEnv>[] = [
      async (c, next) => {
        c.set('routePath', route.path);
        await next();
      },
    ];
    if (route.auth === 'partner') chain.push(guards.requirePartner);
    else if (route.auth !== 'none') chain.push(guards.requireDevice(route.auth), guards.deviceRateLimit);
    chain.push(...inputValidators(route));
    if (route.auth === 'desk' || route.auth === 'manager') chain.push(guards.mewsShare);
    const endpoint: MiddlewareHandler<AppEnv> = async (c) => {
      // The validators stored their output; route types are erased here, so read it untyped.
      const valid = (target: 'param' | 'query' | 'json', declared: AnySchema | undefined) =>
        declared ? (c.req as unknown as { valid(target: string): unknown }).valid(target) : undefined;
      return route.handler(c, {
        params: valid('param', route.params),
        query: valid('query', route.query),
        body: valid('json', route.body),
        device: route.auth === 'none' || route.auth === 'partner' ? undefined : c.get('device'),
        idempotencyKey: route.idempotent ? c.req.header(IDEMPOTENCY_KEY_HEADER) : undefined,
      });
    };
    app.on(route.method.toUpperCase(), [route.path], ...chain, endpoint);
  }
}
