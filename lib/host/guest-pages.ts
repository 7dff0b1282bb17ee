/**
 * Which guest a Mews Operations page shows, by rules kept as data (lib/contract/guest-pages.ts):
 * the extension's defaults until the proxy serves the hotel's own. Everything else in Keycard
 * only asks "which guest is on this page?".
 */
import { DEFAULT_GUEST_PAGES, GUEST_PAGE_ID_PARAM, type GuestPageKind, type GuestPagePattern } from '../contract/guest-pages';

export type { GuestPageKind, GuestPagePattern } from '../contract/guest-pages';

/** The guest a page is about, as read from its URL. */
export interface GuestPage {
  kind: GuestPageKind;
  /** The customer id (`kind: 'customer'`) or the reservation id (`kind: 'reservation'`). */
  id: string;
  enterpriseId: string;
  /** Name of the rule that matched, for diagnostics (`heading:` + the rule when found in the page's heading). */
  patternName: string;
}

/** The rules the extension ships with, used until the proxy serves its own. */
export const MEWS_GUEST_PAGES: readonly GuestPagePattern[] = DEFAULT_GUEST_PAGES;

/** Mews Operations in production: where guest links go when neither the proxy nor the desk said otherwise. */
export const SHIPPED_OPERATIONS_URL = 'https://app.mews.com';

/** Whether two pages show the same guest (the pattern that matched does not matter). */
export function sameGuestPage(a: GuestPage | null, b: GuestPage | null): boolean {
  return a?.kind === b?.kind && a?.id === b?.id && a?.enterpriseId === b?.enterpriseId;
}

/** Splits a pathname into decoded, non-empty segments (so a trailing slash does not matter). */
function segments(pathname: string): string[] {
  return pathname
    .split('/')
    .filter((part) => part !== '')
    .map((part) => {
      try {
        return decodeURIComponent(part);
      } catch {
        return part;
      }
    });
}

/**
 * Matches one pattern against the start of the path segments: a page's own tabs and views
 * (`…/Detail/{id}/Status`) add segments after the guest's id and still show that guest. URL path
 * words compare case-insensitively, as Mews's ASP.NET routes do.
 */
function matchPattern(pattern: string, parts: string[]): Record<string, string> | null {
  const wanted = segments(pattern);
  if (wanted.length > parts.length) return null;
  const params: Record<string, string> = {};
  for (const [index, word] of wanted.entries()) {
    const actual = parts[index]!;
    if (word.startsWith(':')) params[word.slice(1)] = actual;
    else if (word.toLowerCase() !== actual.toLowerCase()) return null;
  }
  return params;
}

/**
 * Which guest, if any, a Mews Operations URL shows. Only the pathname counts: the query
 * string and hash (tabs, filters) never change the guest, nor do segments after the guest's
 * id. When several rules match, the longest (the most specific) wins; then the first listed.
 *
 * @example
 * ```ts
 * findGuestPage('https://app.mews.com/Commander/ent-1/Customer/Detail/cus-9?tab=profile');
 * // → { kind: 'customer', id: 'cus-9', enterpriseId: 'ent-1', patternName: 'customer-detail' }
 * findGuestPage('https://app.mews.com/Commander/ent-1/Dashboard/Index'); // → null
 * ```
 */
export function findGuestPage(
  url: string | URL,
  patterns: readonly GuestPagePattern[] = MEWS_GUEST_PAGES,
): GuestPage | null {
  let pathname: string;
  try {
    pathname = new URL(url, 'https://app.mews.com').pathname;
  } catch {
    return null;
  }
  const parts = segments(pathname);
  let found: GuestPage | null = null;
  let longest = 0;
  for (const page of patterns) {
    const params = matchPattern(page.pattern, parts);
    const id = params?.[GUEST_PAGE_ID_PARAM[page.kind]];
    const enterpriseId = params?.enterpriseId;
    const length = segments(page.pattern).length;
    if (id && enterpriseId && length > longest) {
      found = { kind: page.kind, id, enterpriseId, patternName: page.name };
      longest = length;
    }
  }
  return found;
}

/**
 * The Mews Operations address of a guest's profile, built from the first customer pattern
 * in the list. The popup links search results with it.
 *
 * @example
 * ```ts
 * guestPageUrl('https://app.mews.com', 'ent-1', 'cus-9');
 * // → 'https://app.mews.com/Commander/ent-1/Customer/Detail/cus-9'
 * ```
 */
export function guestPageUrl(
  origin: string,
  enterpriseId: string,
  customerId: string,
  patterns: readonly GuestPagePattern[] = MEWS_GUEST_PAGES,
): string | null {
  const page = patterns.find((candidate) => candidate.kind === 'customer');
  if (!page) return null;
  const values: Record<string, string> = { enterpriseId, customerId };
  const path = segments(page.pattern)
    .map((word) => (word.startsWith(':') ? encodeURIComponent(values[word.slice(1)] ?? '') : word))
    .join('/');
  return `${origin.replace(/\/+$/, '')}/${path}`;
}
