/**
 * Where Mews Operations shows a guest, kept as data. Mews does not document its page URLs
 * (FACTS §18), so the patterns are a list the proxy could later replace without a release;
 * everything else in Keycard only asks "which guest is on this page?".
 */

/** What a guest page identifies: a Mews customer (account) or a reservation of one. */
export type GuestPageKind = 'customer' | 'reservation';

/**
 * One Mews Operations page that shows a guest. `pattern` is a pathname with `:name`
 * segments; it must name `:enterpriseId` and, depending on `kind`, `:customerId` or
 * `:reservationId`.
 */
export interface GuestPagePattern {
  name: string;
  pattern: string;
  kind: GuestPageKind;
}

/** The guest a page is about, as read from its URL. */
export interface GuestPage {
  kind: GuestPageKind;
  /** The customer id (`kind: 'customer'`) or the reservation id (`kind: 'reservation'`). */
  id: string;
  enterpriseId: string;
  /** Name of the pattern that matched, for diagnostics. */
  patternName: string;
}

/** The pages known today: the customer profile and the reservation detail. */
export const MEWS_GUEST_PAGES: readonly GuestPagePattern[] = [
  { name: 'customer-detail', pattern: '/Commander/:enterpriseId/Customer/Detail/:customerId', kind: 'customer' },
  { name: 'reservation-detail', pattern: '/Commander/:enterpriseId/Reservation/Detail/:reservationId', kind: 'reservation' },
];

/** Whether two pages show the same guest (the pattern that matched does not matter). */
export function sameGuestPage(a: GuestPage | null, b: GuestPage | null): boolean {
  return a?.kind === b?.kind && a?.id === b?.id && a?.enterpriseId === b?.enterpriseId;
}

const ID_PARAM: Record<GuestPageKind, string> = { customer: 'customerId', reservation: 'reservationId' };

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

/** Matches one pattern against path segments; URL path words compare case-insensitively, as Mews's ASP.NET routes do. */
function matchPattern(pattern: string, parts: string[]): Record<string, string> | null {
  const wanted = segments(pattern);
  if (wanted.length !== parts.length) return null;
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
 * string and hash (tabs, filters) never change the guest.
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
  for (const page of patterns) {
    const params = matchPattern(page.pattern, parts);
    const id = params?.[ID_PARAM[page.kind]];
    const enterpriseId = params?.enterpriseId;
    if (id && enterpriseId) return { kind: page.kind, id, enterpriseId, patternName: page.name };
  }
  return null;
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
