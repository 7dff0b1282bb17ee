import { browser } from '#imports';
import { normalizeProxyUrl } from './proxy-url';

/** What an administrator may fix for every desk through browser policy. */
export interface DeskPolicy {
  proxyUrl: string | null;
}

type ManagedArea = { get: (keys: string) => Promise<Record<string, unknown>> };

/**
 * Reads the administrator's policy from `storage.managed`. Chrome reads it through the
 * manifest's `storage.managed_schema`; Firefox through a managed-storage manifest, and
 * rejects when none is installed. Any failure means "no policy", never an error.
 *
 * @example
 * ```ts
 * const { proxyUrl } = await readPolicy(); // 'https://keycard.hotel.example' or null
 * ```
 */
export async function readPolicy(
  managed: ManagedArea | undefined = (browser.storage as { managed?: ManagedArea } | undefined)?.managed,
): Promise<DeskPolicy> {
  try {
    if (typeof managed?.get !== 'function') return { proxyUrl: null };
    const values = await managed.get('proxyUrl');
    const proxyUrl = values?.proxyUrl;
    return { proxyUrl: typeof proxyUrl === 'string' ? normalizeProxyUrl(proxyUrl) : null };
  } catch {
    return { proxyUrl: null };
  }
}
