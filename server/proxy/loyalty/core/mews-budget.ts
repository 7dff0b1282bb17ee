/**
 * Which Mews budget the loyalty module spends: on PostgreSQL the one every instance shares
 * (mews/shared-budget.ts over store/mews-budget-repository.ts), on SQLite (one instance) this
 * process's limiter (mews/limiter.ts). MEWS_REQUESTS_PER_30S is the whole token's budget either way.
 */
import { createHash } from 'node:crypto';
import type { ProxyDeps } from '../../platform/deps';
import { limiterForToken, type MewsBudget } from '../../mews/limiter';
import { SharedMewsBudget } from '../../mews/shared-budget';
import { takeMewsSlots } from '../../store/mews-budget-repository';

/**
 * @example
 * const mews = new MewsClient({ ...tokens, limiter: mewsBudgetFor(deps) });
 */
export function mewsBudgetFor({ config, store, log }: Pick<ProxyDeps, 'config' | 'store' | 'log'>): MewsBudget {
  const window = { maxRequests: config.mewsRequestsPer30s, windowMs: config.mewsWindowMs };
  if (store.dialect !== 'postgres') return limiterForToken(config.mewsAccessToken, window);
  // The token itself is not stored: its hash names its window.
  const tokenKey = createHash('sha256').update(config.mewsAccessToken).digest('hex');
  // A slot not handed back (its instance killed mid-request) leaves once its request surely ended.
  const heldMs = config.mewsTimeoutMs + 1_000;
  // Its own two connections (store/db.ts says why the main pool will not do).
  const db = store.sidePool?.(2) ?? store.db;
  return new SharedMewsBudget({
    ...window,
    deviceShare: config.deviceMewsShare,
    giveUpMs: config.mewsTimeoutMs,
    logger: log,
    take: (ask) => takeMewsSlots(db, {
      ...ask, tokenKey, limit: window.maxRequests, deviceLimit: config.deviceMewsShare, windowMs: window.windowMs, heldMs,
    }),
  });
}
