/**
 * MEWS_ENTERPRISE_IDS: the enterprises a Portfolio Access Token serves through this proxy. Mews
 * tokens do not say what they are (concepts/multi-property.md, FAQ), so hotel IT says it here.
 * Unset: a single-enterprise token, as before. Set (one id or more): every call that the docs
 * say needs `EnterpriseId(s)`/`ChainId(s)` with a portfolio token gets them (mews/portfolio.ts),
 * and each device is paired to one of these enterprises (`pair --enterprise`); a single-enterprise
 * token ignores those parameters ("ignored otherwise"), so listing its one id is harmless.
 */
import { ConfigError } from './config';

type Env = Record<string, string | undefined>;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The listed enterprise ids, lower-cased, in order (the first is the default for a device paired
 * without `--enterprise` and for the proxy's own enterprise-level calls); [] when unset.
 *
 * @throws {ConfigError} naming MEWS_ENTERPRISE_IDS and the bad entry.
 * @example
 * mewsEnterpriseIds({ MEWS_ENTERPRISE_IDS: '3d2c1b0a-…-b001, 3d2c1b0a-…-b002' }) // → both ids
 */
export function mewsEnterpriseIds(env: Env): string[] {
  const raw = env.MEWS_ENTERPRISE_IDS?.trim();
  if (!raw) return [];
  const ids: string[] = [];
  for (const entry of raw.split(',').map((id) => id.trim())) {
    if (entry === '') throw new ConfigError('MEWS_ENTERPRISE_IDS', 'has an empty entry; list enterprise ids separated by commas');
    if (!GUID.test(entry)) {
      throw new ConfigError('MEWS_ENTERPRISE_IDS', `"${entry}" is not an enterprise id (a GUID, as in Mews Operations > Settings > Property, or configuration/get's Enterprise.Id)`);
    }
    const id = entry.toLowerCase();
    if (ids.includes(id)) throw new ConfigError('MEWS_ENTERPRISE_IDS', `lists ${id} twice`);
    ids.push(id);
  }
  return ids;
}
