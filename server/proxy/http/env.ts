/** What a request carries through the proxy's Hono app: `new Hono<AppEnv>()`, `Context<AppEnv>`. */
import type { Logger } from 'pino';
import type { Device } from '../../../lib/contract';
import type { ProblemLanguage } from '../../../lib/contract/problem-texts';

/**
 * Per-request values set by platform middleware. On the per-request path read them with
 * `c.get('…')`: Hono's `c.var` builds a fresh object of every variable on each access
 * (3% of the proxy's CPU on warm lookups).
 */
export interface AppVariables {
  /** The authenticated device; set by `requireDevice` on every desk/manager route. */
  device: Device;
  /** The partner (Mews) behind a partner token; set by `requirePartner` on every /partner/v1 route. */
  partner: { id: string; name: string };
  /** The matched route template (`/v1/memberships/:id`), for logs and metrics. */
  routePath: string;
  /** Echoed as `X-Request-Id`; also on every log line of the request. */
  requestId: string;
  /** Logger bound to this request (carries requestId, device id once known). */
  log: Logger;
  /** The language of this request's problems when not the client's `Accept-Language` (the partner API's: English). */
  problemLanguage?: ProblemLanguage;
}

/** Hono environment of the proxy app: `new Hono<AppEnv>()`, `Context<AppEnv>`. */
export interface AppEnv {
  Variables: AppVariables;
}
