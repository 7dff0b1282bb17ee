/**
 * The proxy's configuration, read once from the environment at start. Every variable has a
 * default that runs against the local Mews sandbox, so `npm run proxy` needs no setup; a bad
 * value stops the start with an error naming the variable.
 */
import { LOG_LEVELS, type LogLevel } from '../http/logger';
import { PAIRING_SECRET_MIN_LENGTH } from '../store/pairing-key';
import { deskPageConfig, type DeskPageConfig } from './desk-config';
import { mewsEnterpriseIds } from './portfolio-config';

/** Published Mews demo tokens (mews-reference/FACTS.md §2); the sandbox accepts them too. */
export const DEMO_CLIENT_TOKEN = 'E0D439EE522F44368DC78E1BFB03710C-D24FB11DBE31D4621C4817E028D9E1D';
export const DEMO_ACCESS_TOKEN = 'C66EF7B239D24632943D115EDE9CB810-EA00F8FD8294692C940F6B5A8F9453D';


/** Extension origins look like this; web origins never get CORS access to the proxy. */
const EXTENSION_ORIGIN = /^(chrome-extension|moz-extension|safari-web-extension):\/\/[A-Za-z0-9._-]+$/;

export interface ProxyConfig extends DeskPageConfig {
  /** Mews platform address, no trailing slash (`https://api.mews-demo.com` or the sandbox). */
  mewsPlatformUrl: string;
  mewsClientToken: string;
  mewsAccessToken: string;
  /** MEWS_ENTERPRISE_IDS: the enterprises a portfolio token serves here ([]: a single-enterprise token). */
  mewsEnterpriseIds: string[];
  /** Sent as `Client` in every Mews request, e.g. `Keycard 0.1.0`. */
  mewsClientName: string;
  /**
   * Mews requests per window for the whole access token (Mews allows 200 per 30 s): instances on
   * one PostgreSQL share it (mews/shared-budget.ts); on SQLite the one instance spends it.
   */
  mewsRequestsPer30s: number;
  /** The budget's window (ms): Mews's 30 s; shorter only in tests and benches. */
  mewsWindowMs: number;
  /** Shared secret Mews webhooks must present; undefined disables the webhook route. */
  mewsWebhookToken: string | undefined;
  /** Bearer token a Prometheus scraper presents on `/metrics`; undefined turns `/metrics` off (404). */
  metricsToken: string | undefined;
  /** How long one Mews request may take before Keycard gives up on its answer (ms). */
  mewsTimeoutMs: number;
  /**
   * How long after sending a write Mews may still apply it (ms): until then, a write whose
   * answer was lost fences its membership (see loyalty/points/fence.ts).
   */
  mewsWriteFenceMs: number;
  /** Raw `DATABASE_URL` (undefined: the default SQLite file). Parsed by `openStore`. */
  databaseUrl: string | undefined;
  port: number;
  host: string;
  /** Exact extension origins allowed by CORS; null allows any extension origin. */
  allowedOrigins: string[] | null;
  /** How often reservations are polled to credit stays at check-out (ms; 0: webhooks only). */
  stayPollMs: number;
  /** Largest |delta| a desk (not manager) device may apply in one adjustment. */
  deskAdjustmentLimit: number;
  /** How long a mirrored guest answers lookups without asking Mews again (ms). */
  lookupFreshMs: number;
  /** Pause between sweeps for memberships deleted in Mews (ms; 0: no sweep). */
  membershipSweepMs: number;
  /** Requests each device may make per minute before 429. */
  deviceRateLimit: number;
  /** Points desks may give one membership within any 24 hours (loyalty/points/caps.ts). */
  deskDailyCapPerMembership: number;
  /** Points one desk device may give within any 24 hours, all memberships together. */
  deskDailyCapPerDevice: number;
  /** Mews requests one desk's requests may cause per window (mews/device-share.ts; across instances on PostgreSQL). */
  deviceMewsShare: number;
  /** How long a search that Mews answered with nobody is answered "nobody" without asking again (s; 0: off). */
  searchMissCacheS: number;
  /**
   * Host names (lower case, IPv6 in brackets) the proxy answers to: the loopback names, HOST
   * when it is one address, and PUBLIC_HOSTS. Any other Host header is refused (DNS rebinding).
   */
  publicHosts: string[];
  /** Reverse proxies in front that append to X-Forwarded-For (0: the header is ignored). */
  trustProxyHops: number;
  /** The key pairing codes are hashed with; undefined: a key file beside the store (store/pairing-key.ts). */
  pairingSecret: string | undefined;
  /** A device token unused this many days stops working (the desk re-pairs). */
  deviceIdleDays: number;
  /** How long a verified device token is remembered (ms; 0: every request reads the store; auth/token-cache.ts). */
  deviceTokenCacheMs: number;
  /** Idempotency records older than this many days are swept. */
  idempotencyRetentionDays: number;
  logLevel: LogLevel;
}

/** A configuration problem; the message names the variable. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function text(env: Env, name: string, fallback: string): string {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? fallback : value;
}

function optionalText(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function httpUrl(env: Env, name: string, fallback: string): string {
  const raw = text(env, name, fallback);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, `must be an http(s) URL, got "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(name, `must be an http(s) URL, got "${raw}"`);
  }
  if (url.search || url.hash) throw new ConfigError(name, 'must not have a query string or fragment');
  return raw.replace(/\/+$/, '');
}

function origins(env: Env, name: string): string[] | null {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return null;
  const list = raw
    .split(',')
    .map((origin) => origin.trim().replace(/\/+$/, ''))
    .filter((origin) => origin !== '');
  for (const origin of list) {
    if (origin === '*') throw new ConfigError(name, '"*" is not allowed; list the extension origins');
    if (!EXTENSION_ORIGIN.test(origin)) {
      throw new ConfigError(
        name,
        `"${origin}" is not an extension origin (chrome-extension://<id> or moz-extension://<uuid>)`,
      );
    }
  }
  return list.length > 0 ? list : null;
}

/**
 * Reads and checks the proxy configuration.
 *
 * @throws {ConfigError} naming the first bad variable.
 * @example
 * const config = loadConfig(); // process.env
 * const test = loadConfig({ PORT: '0', DATABASE_URL: 'sqlite::memory:' });
 */
export function loadConfig(env: Env = process.env): ProxyConfig {
  const logLevel = text(env, 'LOG_LEVEL', 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }
  const databaseUrl = optionalText(env, 'DATABASE_URL');
  if (databaseUrl && /^[a-z][a-z0-9+.-]*:\/\//i.test(databaseUrl) && !/^(postgres(ql)?|sqlite):\/\//i.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL', 'must be postgres://…, sqlite:<path> or a file path');
  }
  const mewsRequestsPer30s = integer(env, 'MEWS_REQUESTS_PER_30S', 200, 1, 10_000);
  const mewsPlatformUrl = httpUrl(env, 'MEWS_PLATFORM_URL', 'http://127.0.0.1:8788');
  return {
    mewsPlatformUrl,
    ...deskPageConfig(env, mewsPlatformUrl),
    mewsClientToken: text(env, 'MEWS_CLIENT_TOKEN', DEMO_CLIENT_TOKEN),
    mewsAccessToken: text(env, 'MEWS_ACCESS_TOKEN', DEMO_ACCESS_TOKEN),
    mewsEnterpriseIds: mewsEnterpriseIds(env),
    mewsClientName: text(env, 'MEWS_CLIENT_NAME', 'Keycard 0.1.0'),
    mewsRequestsPer30s,
    mewsWindowMs: integer(env, 'MEWS_WINDOW_MS', 30_000, 100, 3_600_000),
    mewsWebhookToken: optionalText(env, 'MEWS_WEBHOOK_TOKEN'),
    metricsToken: optionalText(env, 'METRICS_TOKEN'),
    ...mewsTiming(env),
    databaseUrl,
    port: integer(env, 'PORT', 8787, 0, 65_535),
    host: text(env, 'HOST', '127.0.0.1'),
    allowedOrigins: origins(env, 'ALLOWED_ORIGINS'),
    deskAdjustmentLimit: integer(env, 'DESK_ADJUSTMENT_LIMIT', 1000, 1, 1_000_000_000),
    lookupFreshMs: integer(env, 'LOOKUP_FRESH_MS', 60_000, 0, 24 * 3_600_000),
    membershipSweepMs: integer(env, 'MEMBERSHIP_SWEEP_MS', 3_600_000, 0, 7 * 24 * 3_600_000),
    stayPollMs: integer(env, 'STAY_POLL_MS', 15_000, 0, 24 * 3_600_000),
    deviceRateLimit: integer(env, 'DEVICE_RATE_LIMIT', 600, 1, 1_000_000),
    deviceTokenCacheMs: integer(env, 'DEVICE_TOKEN_CACHE_MS', 2_000, 0, 60_000),
    ...deskAbuseLimits(env, mewsRequestsPer30s),
    publicHosts: publicHosts(env, text(env, 'HOST', '127.0.0.1')),
    trustProxyHops: integer(env, 'TRUST_PROXY', 0, 0, 10),
    pairingSecret: pairingSecret(env),
    ...retention(env),
    logLevel: logLevel as LogLevel,
  };
}

/**
 * What one desk may do before a manager or a pause is needed (security review, issue 17):
 * daily caps on the points desks give, and a fair share of this instance's Mews budget,
 * by default a quarter of it, so one busy (or stolen) desk token leaves the rest to the others.
 */
function deskAbuseLimits(env: Env, mewsRequestsPer30s: number) {
  return {
    deskDailyCapPerMembership: integer(env, 'DESK_DAILY_CAP_PER_MEMBERSHIP', 5_000, 1, 1_000_000_000),
    deskDailyCapPerDevice: integer(env, 'DESK_DAILY_CAP_PER_DEVICE', 20_000, 1, 1_000_000_000),
    deviceMewsShare: integer(env, 'DEVICE_MEWS_SHARE', Math.max(1, Math.floor(mewsRequestsPer30s / 4)), 1, 1_000_000_000),
    searchMissCacheS: integer(env, 'SEARCH_MISS_CACHE_S', 30, 0, 3_600),
  };
}

/** Loopback names always work: a rebinding page cannot make the browser send them. */
const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];
const WILDCARD_ADDRESSES = new Set(['0.0.0.0', '::', '[::]']);
const HOST_NAME = /^(\[[0-9a-f:.]+\]|[a-z0-9]([a-z0-9.-]*[a-z0-9])?)$/;

function publicHosts(env: Env, listenHost: string): string[] {
  const hosts = new Set(LOOPBACK_HOSTS);
  const bound = listenHost.toLowerCase();
  if (!WILDCARD_ADDRESSES.has(bound)) hosts.add(bound.includes(':') && !bound.startsWith('[') ? `[${bound}]` : bound);
  for (const entry of (env.PUBLIC_HOSTS ?? '').split(',').map((name) => name.trim().toLowerCase()).filter(Boolean)) {
    if (!HOST_NAME.test(entry)) {
      throw new ConfigError('PUBLIC_HOSTS', `"${entry}" is not a host name; list names such as keycard.hotel.example (no scheme, no port; IPv6 in brackets)`);
    }
    hosts.add(entry);
  }
  return [...hosts];
}

function pairingSecret(env: Env): string | undefined {
  const secret = optionalText(env, 'PAIRING_SECRET');
  if (secret !== undefined && secret.length < PAIRING_SECRET_MIN_LENGTH) {
    throw new ConfigError('PAIRING_SECRET', `must be at least ${PAIRING_SECRET_MIN_LENGTH} characters (e.g. openssl rand -base64 32), got ${secret.length}`);
  }
  return secret;
}

/**
 * How long idle tokens and idempotency records last. A desk offline with an unconfirmed change
 * keeps its token up to DEVICE_IDLE_DAYS and then retries with the change's key: the key must
 * still be there, or the retry would apply the change twice.
 */
function retention(env: Env): { deviceIdleDays: number; idempotencyRetentionDays: number } {
  const deviceIdleDays = integer(env, 'DEVICE_IDLE_DAYS', 90, 1, 3650);
  const idempotencyRetentionDays = integer(env, 'IDEMPOTENCY_RETENTION_DAYS', 120, 1, 36_500);
  if (idempotencyRetentionDays <= deviceIdleDays) {
    throw new ConfigError('IDEMPOTENCY_RETENTION_DAYS', `must be longer than DEVICE_IDLE_DAYS (${deviceIdleDays}): a desk's late retry must still find its key`);
  }
  return { deviceIdleDays, idempotencyRetentionDays };
}

/** The Mews timeout and the write fence; the fence must outlast the timeout it guards. */
function mewsTiming(env: Env): { mewsTimeoutMs: number; mewsWriteFenceMs: number } {
  const mewsTimeoutMs = integer(env, 'MEWS_TIMEOUT_MS', 15_000, 100, 300_000);
  const mewsWriteFenceMs = integer(env, 'MEWS_WRITE_FENCE_MS', 60_000, 0, 3_600_000);
  if (mewsWriteFenceMs <= mewsTimeoutMs) {
    throw new ConfigError('MEWS_WRITE_FENCE_MS', `must be longer than MEWS_TIMEOUT_MS (${mewsTimeoutMs} ms): a write may land after its answer timed out`);
  }
  return { mewsTimeoutMs, mewsWriteFenceMs };
}

/** Hides a secret but keeps enough to tell which one is configured. */
function mask(secret: string | undefined): string | undefined {
  if (secret === undefined) return undefined;
  return secret.length <= 8 ? '[redacted]' : `${secret.slice(0, 4)}…[redacted]`;
}

/**
 * The configuration with tokens and database passwords masked, safe to log.
 *
 * @example
 * log.info({ config: redacted(config) }, 'starting');
 */
export function redacted(config: ProxyConfig): Record<string, unknown> {
  let databaseUrl = config.databaseUrl;
  if (databaseUrl && /^postgres/i.test(databaseUrl)) {
    try {
      const url = new URL(databaseUrl);
      if (url.password) url.password = 'redacted';
      databaseUrl = url.toString();
    } catch {
      databaseUrl = '[redacted]';
    }
  }
  return {
    ...config,
    mewsClientToken: mask(config.mewsClientToken),
    mewsAccessToken: mask(config.mewsAccessToken),
    mewsWebhookToken: mask(config.mewsWebhookToken),
    metricsToken: mask(config.metricsToken),
    pairingSecret: mask(config.pairingSecret),
    databaseUrl,
  };
}
