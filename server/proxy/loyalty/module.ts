/**
 * The loyalty module: every /v1 loyalty route, the Mews webhook receiver, the membership
 * poller and start-up ledger reconciliation, built from the platform's `ProxyDeps`.
 *
 * @example
 * const loyalty = createLoyaltyModule(deps);
 * const app = createProxyApp({ ...deps, modules: [loyalty] });
 * await loyalty.start(); // reconcile pending ledger entries, start the poller
 * // ...
 * await loyalty.stop();
 */
import type { ProxyDeps, ProxyModule } from '../platform/deps';
import { MewsClient } from '../mews/client';
import type { MewsBudget } from '../mews/limiter';
import { mewsBudgetFor } from './core/mews-budget';
import { createCatalog, type Catalog } from './programs/catalog';
import { createDeskScope } from './core/desk-scope';
import { loyaltyConfig, type LoyaltyConfig } from './core/config';
import { mewsMetricsFrom, type LoyaltyContext } from './core/deps';
import { createLookups, type Lookups } from './memberships/lookups';
import { createMemberSearch } from './memberships/search';
import { createPoller, type Poller } from './mews-sync/poller';
import { reconcilePending, startReconciler } from './points/reconcile';
import { createLoyaltyRoutes } from './routes';
import { createWebhookReceiver, type WebhookReceiver } from './mews-sync/webhooks';
import { createStayFollower, type StayFollower } from './stays/follower';
import { withHeldMemberships } from './partner/held-memberships';
import { createPartnerMembers } from './partner/members';
import { createPartnerRoutes } from './partner/partner-routes';
import { createIdempotencySweeper } from './core/idempotency-retention';

export interface LoyaltyModuleOptions {
  /** A ready Mews client (tests); default: one built from `deps.config`. */
  mews?: MewsClient;
  /** Overrides of the loyalty knobs (poll interval, freshness...). */
  loyalty?: Partial<LoyaltyConfig>;
  /** Mews budget (tests use a private one); default: the one instances share on PostgreSQL, else the process's per token. */
  limiter?: MewsBudget;
}

export interface LoyaltyModule extends ProxyModule {
  start(): Promise<void>;
  stop(): Promise<void>;
  ctx: LoyaltyContext;
  catalog: Catalog;
  lookups: Lookups;
  poller: Poller;
  webhooks: WebhookReceiver;
  stays: StayFollower;
}

export function createLoyaltyModule(deps: ProxyDeps, options: LoyaltyModuleOptions = {}): LoyaltyModule {
  const { config } = deps;
  const mews = options.mews ?? new MewsClient({
    platformUrl: config.mewsPlatformUrl,
    clientToken: config.mewsClientToken,
    accessToken: config.mewsAccessToken,
    enterpriseIds: config.mewsEnterpriseIds,
    client: config.mewsClientName,
    timeoutMs: config.mewsTimeoutMs,
    limiter: options.limiter ?? mewsBudgetFor(deps),
    metrics: mewsMetricsFrom(deps.metrics),
    logger: deps.log,
  });
  const ctx: LoyaltyContext = {
    store: deps.store,
    // Partner programs' memberships are answered from Keycard's store, the rest by Mews.
    mews: withHeldMemberships(mews, deps.store),
    config: loyaltyConfig({
      deskAdjustmentLimit: config.deskAdjustmentLimit,
      operationsUrl: config.operationsUrl,
      guestPages: config.guestPages,
      contextRefreshSeconds: config.contextRefreshSeconds,
      deskDailyCapPerMembership: config.deskDailyCapPerMembership,
      deskDailyCapPerDevice: config.deskDailyCapPerDevice,
      searchMissCacheMs: config.searchMissCacheS * 1_000,
      lookupFreshMs: config.lookupFreshMs,
      deletedSweepIntervalMs: config.membershipSweepMs,
      writeFenceMs: config.mewsWriteFenceMs,
      stayPollIntervalMs: config.stayPollMs,
      webhookToken: config.mewsWebhookToken,
      idempotencyRetentionMs: config.idempotencyRetentionDays * 86_400_000,
      ...options.loyalty,
    }),
    now: deps.now ?? (() => new Date()),
    log: deps.log,
  };
  const scope = createDeskScope(ctx);
  const catalog = createCatalog(ctx, scope);
  const lookups = createLookups(ctx, catalog);
  const stays = createStayFollower(ctx, catalog);
  const webhooks = createWebhookReceiver(ctx, {
    serviceOrdersUpdated: (ids) => stays.serviceOrdersUpdated(ids),
    // A portfolio proxy serves every enterprise of MEWS_ENTERPRISE_IDS; otherwise the token's one.
    serves: async (named) => mews.portfolio ? mews.portfolio.enterpriseIds.includes(named.toLowerCase()) : (await catalog.enterprise()).Id === named,
  });
  const poller = createPoller(ctx);
  const partner = createPartnerMembers(ctx, catalog, lookups);
  const sweeper = createIdempotencySweeper(ctx);
  let stopReconciler: (() => Promise<void>) | undefined;

  /** Each listed enterprise, asked once: one the token does not reach is named now, not at a desk. */
  async function checkPortfolio(): Promise<void> {
    for (const id of mews.portfolio?.enterpriseIds ?? []) {
      await mews.portfolio!.enterprise(id).catch((error: unknown) => {
        deps.log.error({ err: error }, `MEWS_ENTERPRISE_IDS: Mews did not answer configuration/get for enterprise ${id}; devices paired to it get errors until it is fixed`);
      });
    }
  }

  return {
    name: 'loyalty',
    routes: [
      ...createLoyaltyRoutes({ ctx, catalog, lookups, webhooks, scope, search: createMemberSearch(ctx, catalog, scope) }),
      ...createPartnerRoutes({ ctx, catalog, partner, connectorMews: mews }),
    ],
    ctx,
    catalog,
    lookups,
    poller,
    webhooks,
    stays,
    async start() {
      // Quick when nothing is pending (one local query); Mews unreachable only logs.
      await reconcilePending(ctx).catch((error: unknown) => {
        deps.log.error({ err: error }, 'ledger reconciliation failed at start');
      });
      // Not awaited: with Mews away the start must not wait on it (each read retries).
      void checkPortfolio();
      // Fenced entries are settled once their bound passes, even if no desk retries them.
      stopReconciler = startReconciler(ctx, Math.max(1_000, Math.min(5_000, ctx.config.writeFenceMs / 4)));
      poller.start();
      stays.start();
      sweeper.start();
    },
    async stop() {
      await sweeper.stop();
      await stopReconciler?.();
      await poller.stop();
      await stays.stop();
      await webhooks.drain().catch(() => {});
      await stays.drain().catch(() => {});
    },
  };
}
