/**
 * Where this desk's Mews Operations lives, for links from the popup to a guest's profile.
 * Production is app.mews.com; a demo enterprise or the sandbox is set on the options page.
 */
import { storage } from '#imports';

export const DEFAULT_MEWS_OPERATIONS_URL = 'https://app.mews.com';

const item = storage.defineItem<string>('local:mewsOperationsUrl', { fallback: DEFAULT_MEWS_OPERATIONS_URL });

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
  get: () => item.getValue(),
  set: (url: string) => item.setValue(url),
};
