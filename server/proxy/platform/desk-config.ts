/**
 * What the proxy tells every desk about the Mews Operations beside it (`/v1/context`): where
 * "Open in Mews" goes, the rules that find the guest on a Mews page, and how often a desk asks
 * again. Hotel IT changes them here, with no extension release.
 */
import { DEFAULT_GUEST_PAGES, guestPagesProblem, type GuestPagePattern } from '../../../lib/contract';
import { ConfigError } from './config';

type Env = Record<string, string | undefined>;

export interface DeskPageConfig {
  /** This hotel's Mews Operations (MEWS_OPERATIONS_URL, else derived from MEWS_PLATFORM_URL). */
  operationsUrl: string;
  /** The rules that find the guest on a Mews page (GUEST_PAGES, else the shipped defaults). */
  guestPages: readonly GuestPagePattern[];
  /** How often desks ask for their context again (CONTEXT_REFRESH_S): the kill switch's delay. */
  contextRefreshSeconds: number;
}

/** Mews's own API hosts and the Mews Operations each belongs to (FACTS §2: production and demo). */
const OPERATIONS_OF_PLATFORM: Record<string, string> = {
  'api.mews.com': 'https://app.mews.com',
  'api.mews-demo.com': 'https://app.mews-demo.com',
};

/**
 * Mews Operations for a Connector API address: app.mews.com for api.mews.com, app.mews-demo.com
 * for api.mews-demo.com, and otherwise the platform's own origin, where the sandbox serves its
 * look-alike pages.
 *
 * @example
 * ```ts
 * operationsUrlOf('https://api.mews-demo.com'); // → 'https://app.mews-demo.com'
 * operationsUrlOf('http://127.0.0.1:8788');     // → 'http://127.0.0.1:8788'
 * ```
 */
export function operationsUrlOf(platformUrl: string): string {
  const url = new URL(platformUrl);
  return OPERATIONS_OF_PLATFORM[url.hostname.toLowerCase()] ?? url.origin;
}

function operationsUrl(env: Env, platformUrl: string): string {
  const raw = env.MEWS_OPERATIONS_URL?.trim();
  if (!raw) return operationsUrlOf(platformUrl);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('MEWS_OPERATIONS_URL', `must be an http(s) URL such as https://app.mews.com, got "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError('MEWS_OPERATIONS_URL', `must be an http(s) URL such as https://app.mews.com, got "${raw}"`);
  }
  if (url.pathname !== '/' || url.search || url.hash) throw new ConfigError('MEWS_OPERATIONS_URL', `must be an origin only (no path, query or fragment), got "${raw}"`);
  return url.origin;
}

function guestPages(env: Env): readonly GuestPagePattern[] {
  const raw = env.GUEST_PAGES?.trim();
  if (!raw) return DEFAULT_GUEST_PAGES;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw new ConfigError('GUEST_PAGES', `must be JSON, a list of {"name","pattern","kind"} (${(error as Error).message})`);
  }
  const problem = guestPagesProblem(parsed);
  if (problem) throw new ConfigError('GUEST_PAGES', problem);
  return (parsed as GuestPagePattern[]).map(({ name, pattern, kind }) => ({ name, pattern, kind }));
}

function refreshSeconds(env: Env): number {
  const raw = env.CONTEXT_REFRESH_S?.trim();
  if (!raw) return 60;
  const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
  // Never above a minute: `panel off` promises every desk within a minute.
  if (!(value >= 1 && value <= 60)) throw new ConfigError('CONTEXT_REFRESH_S', `must be a whole number of seconds from 1 to 60, got "${raw}"`);
  return value;
}

/**
 * @throws {ConfigError} naming the variable and the problem.
 * @example
 * ```ts
 * deskPageConfig({ GUEST_PAGES: '[{"name":"profile","pattern":"/Commander/:enterpriseId/Guest/:customerId","kind":"customer"}]' }, 'https://api.mews.com');
 * ```
 */
export function deskPageConfig(env: Env, platformUrl: string): DeskPageConfig {
  return { operationsUrl: operationsUrl(env, platformUrl), guestPages: guestPages(env), contextRefreshSeconds: refreshSeconds(env) };
}
