import type { TextKey } from '@/lib/i18n';

/** What is wrong with a typed address, as a catalogue key and its placeholders (said where it is shown). */
export interface ProxyUrlProblem {
  key: Extract<TextKey, `pairing.${string}`>;
  params: Record<string, string>;
}

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
 * proxyUrlProblem('127.0.0.1:8788'); // → { key: 'pairing.proxyUrlScheme', params: { suggestion: 'http://127.0.0.1:8788' } }
 * proxyUrlProblem('http://127.0.0.1:8787'); // → null
 * ```
 */
export function proxyUrlProblem(typed: string): ProxyUrlProblem | null {
  const value = typed.trim();
  if (value === '') return { key: 'pairing.enterProxyUrl', params: { example: DEFAULT_PROXY_URL } };
  if (!/^[a-z][a-z\d+.-]*:\/\//i.test(value)) {
    const suggestion = normalizeProxyUrl(`http://${value}`);
    if (suggestion) return { key: 'pairing.proxyUrlScheme', params: { suggestion } };
  }
  if (normalizeProxyUrl(value) === null) return { key: 'pairing.proxyUrlInvalid', params: { example: DEFAULT_PROXY_URL } };
  return null;
}
