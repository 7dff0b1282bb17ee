/**
 * This desk's own override of where Mews Operations lives, for links from the popup to a
 * guest's profile. Normally unset: the proxy knows its Mews Operations and says so in
 * `/v1/context` (`operationsUrl`); the options page sets an override only when a desk needs one.
 */
import { storage } from '#imports';

/** '': no override. */
const item = storage.defineItem<string>('local:mewsOperationsUrl', { fallback: '' });

/**
 * An http(s) origin-and-path without a trailing slash, or null when it is not one.
 *
 * @example
 * ```ts
 * normalizeOperationsUrl(' http://127.0.0.1:8788/ '); // → 'http://127.0.0.1:8788'
 * normalizeOperationsUrl('javascript:alert(1)');     // → null
 * ```
 */
export function normalizeOperationsUrl(value: string): string | null {
  try {
    const url = new URL(value.trim());
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
  } catch {
    return null;
  }
}

export const mewsOperations = {
  /** The desk's override, or null to follow the proxy. */
  async get(): Promise<string | null> {
    return normalizeOperationsUrl(await item.getValue());
  },
  /** '' clears the override. */
  set: (url: string) => item.setValue(url),
};
