/**
 * Every route the proxy mounts, enumerated the way app.ts builds them (platform, pairing,
 * then each module's), so the fuzz and auth-matrix suites cover routes added later too.
 */
import { createAuthRoutes } from '../../../server/proxy/auth/routes';
import type { ProxyDeps } from '../../../server/proxy/platform/deps';
import type { RouteDefinition } from '../../../server/proxy/http/route';
import { createSystemRoutes } from '../../../server/proxy/platform/system-routes';

export function allRoutes(deps: ProxyDeps): RouteDefinition[] {
  const routes: RouteDefinition[] = [];
  routes.push(...createSystemRoutes(deps, () => routes));
  routes.push(...createAuthRoutes(deps));
  for (const module of deps.modules ?? []) routes.push(...module.routes);
  return routes;
}

/** `:name` parameters of a Hono path. */
export const paramNames = (path: string): string[] => [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!);

/** Fills a path's parameters. */
export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?/g, (_, name: string) => values[name] ?? 'x');
}

/** Counts of the tables a refused request must not touch. */
export async function storeCounts(db: ProxyDeps['store']['db']): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of ['ledger', 'idempotency', 'memberships', 'audit_log', 'devices'] as const) {
    const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    out[table] = Number(row.n);
  }
  return out;
}

/** Checks an error response is an RFC 9457 problem naming the problem; returns what is wrong. */
export async function problemFault(res: Response, options: { detailRequired?: boolean } = {}): Promise<string | null> {
  const type = res.headers.get('content-type') ?? '';
  if (!type.startsWith('application/problem+json')) return `content-type ${type}`;
  let body: any;
  try {
    body = await res.json();
  } catch {
    return 'body is not JSON';
  }
  if (typeof body?.title !== 'string' || body.title === '') return 'no title';
  if (body.status !== res.status) return `status ${body.status} ≠ ${res.status}`;
  if (typeof body?.type !== 'string' || body.type === '') return 'no type';
  const named = (typeof body.detail === 'string' && body.detail !== '') ||
    (Array.isArray(body.errors) && body.errors.length > 0 && body.errors.every((e: any) => typeof e?.detail === 'string'));
  if (!named && options.detailRequired !== false) return `neither detail nor errors[]: ${JSON.stringify(body).slice(0, 200)}`;
  return null;
}
