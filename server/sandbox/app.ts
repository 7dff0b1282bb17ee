/**
 * `createSandbox()`: the sandbox "Mews" as a Hono app — the Connector API, the test hooks
 * under `/_sandbox/`, and the look-alike Mews Operations pages.
 *
 * @example
 * const { app } = createSandbox({ customers: 200, rateLimit: { limit: 5, windowMs: 1000 } });
 * const res = await app.request('/api/connector/v1/configuration/get', {
 *   method: 'POST',
 *   body: JSON.stringify({ ClientToken: DEMO_CLIENT_TOKEN, AccessToken: DEMO_ACCESS_TOKEN, Client: 'Test 1.0' }),
 * });
 */
import { Hono } from 'hono';
import { API_PREFIX, connectorApi, errorResponse, hookBody, hookErrorResponse } from './api.ts';
import { DEFAULT_BEHAVIOUR, parseBehaviour } from './core/behaviour.ts';
import { seedSecondChain } from './core/portfolio.ts';
import { MewsError } from './core/errors.ts';
import { NO_FAULTS, parseFaults } from './core/faults.ts';
import { registerPages } from './pages/routes.ts';
import { acceptLanguage, type PartnerConfig } from './partner/client.ts';
import { PartnerLoyalty } from './partner/loyalty.ts';
import { registerPartnerRoutes } from './partner/routes.ts';
import { DEFAULT_RATE_LIMIT, RateLimiter, type RateLimitOptions } from './core/rate-limit.ts';
import { DEFAULT_CUSTOMERS, prng, seedStore } from './core/seed.ts';
import { Stats } from './core/stats.ts';
import { Store } from './core/store.ts';
import { registerStayHooks } from './stay-hooks.ts';
import type { SandboxEnv, SandboxState } from './core/state.ts';
import { Webhooks } from './core/webhooks.ts';

export type { SandboxState } from './core/state.ts';

/** Options of {@link createSandbox}. */
export interface SandboxOptions {
  /** Seeded customers (default 2,000; env `SANDBOX_CUSTOMERS` is read by main.ts). */
  customers?: number;
  /**
   * Requests per AccessToken per sliding window (default 200 per 30 s). `maxRequests` is
   * accepted as an alias of `limit` for callers that share one config with their own limiter.
   */
  rateLimit?: RateLimitOptions | { maxRequests: number; windowMs: number };
  /** PRNG seed of the data (default fixed; same seed → same data). */
  seed?: number;
  /** Largest accepted request body (default 1 MB); larger → 413. */
  maxBodyBytes?: number;
  /** Hang of a `timeoutRate` fault before its 408 (default 15 s). */
  hangMs?: number;
  /**
   * The loyalty provider's Loyalty Partner API the sandbox calls as Mews (default none: the
   * guest profile's Loyalty section shows only Connector memberships). startSandbox reads
   * `SANDBOX_PARTNER_URL` and `SANDBOX_PARTNER_TOKEN` when this is not given.
   */
  partner?: PartnerConfig | null;
  /** Where failed background partner calls are logged (default console.warn). */
  log?: (message: string) => void;
  /** Data to start from instead of a fresh seed (a saved snapshot, core/snapshot.ts). */
  store?: Store;
}

/** What {@link createSandbox} returns. */
export interface Sandbox {
  app: Hono<SandboxEnv>;
  state: SandboxState;
  /** Mews's side of the Loyalty Partner API: links, suggestions and the partner calls. */
  partner: PartnerLoyalty;
  /** Reseeds the data and clears faults, behaviour switches, stats, rate-limit history and partner links (webhook URLs stay). */
  reset(): void;
}

/** Builds a fresh sandbox with seeded data. Seeding 100k customers takes about a second. */
export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const resolved = {
    customers: options.customers ?? DEFAULT_CUSTOMERS,
    seed: options.seed ?? 20260101,
    maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
  };
  const given = options.rateLimit;
  const rateLimit: RateLimitOptions = !given ? DEFAULT_RATE_LIMIT
    : 'limit' in given ? given : { limit: given.maxRequests, windowMs: given.windowMs };
  const defaultFaults = { ...NO_FAULTS, hangMs: options.hangMs ?? NO_FAULTS.hangMs };
  const freshStore = () => {
    const s = new Store();
    seedStore(s, resolved);
    return s;
  };
  const state: SandboxState = {
    store: options.store ?? freshStore(),
    changes: 0,
    faults: defaultFaults,
    behaviour: DEFAULT_BEHAVIOUR,
    stats: new Stats(rateLimit.windowMs),
    limiter: new RateLimiter(rateLimit),
    webhooks: new Webhooks(),
    options: resolved,
    random: prng(resolved.seed ^ 0x5eed),
    hangs: new AbortController(),
  };
  const partner = new PartnerLoyalty(state, options.partner ?? null, options.log);
  const reset = () => {
    partner.reset();
    state.hangs.abort();
    state.hangs = new AbortController();
    state.store = freshStore();
    state.faults = defaultFaults;
    state.behaviour = DEFAULT_BEHAVIOUR;
    state.stats = new Stats(rateLimit.windowMs);
    state.limiter.clear();
    state.random = prng(resolved.seed ^ 0x5eed);
  };

  const app = new Hono<SandboxEnv>();
  // Request-Id on every response, errors and 404s included (guidelines/responses.md).
  app.use('*', async (c, next) => {
    const id = crypto.randomUUID();
    c.set('requestId', id);
    c.header('Request-Id', id);
    await next();
    if (!c.res.headers.has('Request-Id')) c.res.headers.set('Request-Id', id);
    // Every write is a POST (reads too, in the Connector API): counted so a saver knows when to save.
    if (c.req.method === 'POST') state.changes += 1;
  });

  app.all(`${API_PREFIX}*`, connectorApi(state, (ids, lang) => partner.customersAdded(ids, acceptLanguage(lang))));

  // Each settings hook: POST merges a JSON body over the current settings and answers them.
  const settings = <T>(path: string, read: () => T, merge: (body: Record<string, unknown>) => T) => {
    app.post(path, async (c) => {
      try {
        return c.json(merge(await hookBody(c.req.raw)) as object);
      } catch (e) {
        return hookErrorResponse(c, e);
      }
    });
    app.get(path, (c) => c.json(read() as object));
  };
  settings('/_sandbox/faults', () => state.faults, (b) => (state.faults = parseFaults(b, state.faults)));
  settings('/_sandbox/behaviour', () => state.behaviour, (b) => {
    state.behaviour = parseBehaviour(b, state.behaviour);
    // The portfolio's second chain has guests of its own; /_sandbox/reset removes them.
    if (state.behaviour.accessToken === 'portfolio') seedSecondChain(state.store);
    return state.behaviour;
  });
  app.get('/_sandbox/stats', (c) => c.json(state.stats.snapshot()));
  app.post('/_sandbox/reset', (c) => {
    reset();
    return c.json({ ok: true, customers: state.store.customers.size });
  });
  app.post('/_sandbox/integration', async (c) => {
    try {
      const b = await hookBody(c.req.raw);
      const actions = ['IntegrationEnabled', 'IntegrationDisabled', 'IntegrationCanceled', 'IntegrationReinstated', 'IntegrationDeleted', 'IntegrationApiKeyCreated'];
      if (typeof b.action !== 'string' || !actions.includes(b.action)) throw new MewsError(400, `Invalid action; one of ${actions.join(', ')}.`);
      state.webhooks.sendIntegration(b.action, b.action === 'IntegrationDeleted' ? { DeletedUtc: new Date().toISOString() } : {});
      return c.json({ sent: b.action, urls: state.webhooks.list() });
    } catch (e) {
      return hookErrorResponse(c, e);
    }
  });
  app.get('/_sandbox/webhooks', (c) => c.json({ urls: state.webhooks.list() }));
  app.post('/_sandbox/webhooks', async (c) => {
    try {
      const b = await hookBody(c.req.raw);
      if (b.url === null) state.webhooks.clear();
      else if (b.url !== undefined && (typeof b.url !== 'string' || !state.webhooks.register(b.url))) throw new MewsError(400, 'Invalid url.');
      const numberOr = (value: unknown, name: string) => {
        if (value === undefined) return undefined;
        if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new MewsError(400, `Invalid ${name}.`);
        return value;
      };
      const delivery = (b.delayMs !== undefined || b.redeliver !== undefined)
        ? state.webhooks.configure({ delayMs: numberOr(b.delayMs, 'delayMs'), redeliver: numberOr(b.redeliver, 'redeliver') })
        : undefined;
      return c.json({ urls: state.webhooks.list(), ...(delivery ? { delivery } : {}) });
    } catch (e) {
      return hookErrorResponse(c, e);
    }
  });

  registerStayHooks(app, state);
  registerPartnerRoutes(app, partner);
  registerPages(app, state, partner);

  app.notFound((c) => errorResponse(c, state, new MewsError(404, 'Not found.', `${c.req.method} ${new URL(c.req.url).pathname}`)));
  app.onError((err, c) => errorResponse(c, state, err));
  return { app, state, partner, reset };
}
