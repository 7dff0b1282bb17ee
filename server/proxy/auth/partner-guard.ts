/**
 * Authentication of Mews calling the Loyalty Partner API: a partner token (never a device
 * token) in `Authorization: Bearer`, one 401 for missing, unknown, expired and revoked alike.
 * Every call is then written to the audit log as the partner, with what it answered, so a
 * manager sees what Mews asked as plainly as what a desk did.
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../http/env';
import { problemResponse, unauthorized } from '../http/problems';
import type { ProxyDeps } from '../platform/deps';
import { recordAudit } from '../store/audit';
import { authenticatePartner, partnerActor } from './partner-tokens';

export function createRequirePartner(deps: Pick<ProxyDeps, 'store' | 'now' | 'log'>): MiddlewareHandler<AppEnv> {
  const now = deps.now ?? (() => new Date());
  return async (c, next) => {
    const token = /^Bearer +(\S+) *$/i.exec(c.req.header('Authorization') ?? '')?.[1];
    const partner = await authenticatePartner(deps.store.db, token, now());
    if (!partner) return problemResponse(c, unauthorized('Send a valid partner token as "Authorization: Bearer <token>".'));
    c.set('partner', { id: partner.id, name: partner.name });
    await next();
    await recordAudit(deps.store.db, {
      device: partnerActor(partner),
      action: 'partner.call',
      subjectId: `${c.req.method} ${c.get('routePath') ?? c.req.path}`,
      after: { status: c.res.status },
      at: now(),
    }).catch((error: unknown) => deps.log.warn({ err: error }, 'could not audit a partner call'));
  };
}
