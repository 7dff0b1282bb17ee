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

/**
 * What is wrong with a typed proxy URL, in the desk's terms, or null when it will do. An address
 * typed without `http://` gets it back with the scheme, as a fix to accept (it used to get a
 * sample with another port).
 *
 * @example
 * ```ts
 * proxyUrlProblem('127.0.0.1:8788'); // → 'Start the proxy URL with http:// or https://: did you mean http://127.0.0.1:8788?'
 * proxyUrlProblem('http://127.0.0.1:8787'); // → null
 * ```
 */
export function proxyUrlProblem(typed: string): string | null {
  const value = typed.trim();
  if (value === '') return `Enter the proxy URL, e.g. ${DEFAULT_PROXY_URL}.`;
  if (!/^[a-z][a-z\d+.-]*:\/\//i.test(value)) {
    const suggestion = normalizeProxyUrl(`http://${value}`);
    if (suggestion) return `Start the proxy URL with http:// or https://: did you mean ${suggestion}?`;
  }
  if (normalizeProxyUrl(value) === null) return `The proxy URL must be a web address starting with http:// or https://, e.g. ${DEFAULT_PROXY_URL}.`;
  return null;
}
