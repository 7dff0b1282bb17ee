/** The proxy URL a desk starts with: the proxy `npm start` runs beside the sandbox. */
export const DEFAULT_PROXY_URL = 'http://127.0.0.1:8787';

/**
 * The proxy URL in the one form Keycard stores (no trailing slash), or null when it is not
 * an http(s) URL. Paths are kept: a proxy may live under `/keycard` behind a hotel's gateway.
 *
 * @example
 * ```ts
 * normalizeProxyUrl(' https://keycard.hotel.example/ '); // → 'https://keycard.hotel.example'
 * normalizeProxyUrl('ftp://x'); // → null
 * ```
 */
export function normalizeProxyUrl(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username || url.password) return null;
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}
