/**
 * The DOM fallback, for a Mews page whose address no rule recognises (a view Mews added or
 * renamed): the guest its main heading links to. Kept deliberately narrow, because a wrong guest
 * is worse than none:
 *
 * - only the page's main heading: the first `h1` inside `main` (or `[role=main]`), else the
 *   page's first `h1`; never sidebars, lists or search results;
 * - only links on the page's own origin whose address a guest-page rule recognises;
 * - exactly one guest: a heading that links to two different guests shows none.
 *
 * Used only when no rule matches the page's own address (watch-guest-page.ts).
 */
import { findGuestPage, sameGuestPage, type GuestPage, type GuestPagePattern } from './guest-pages';

/** Marks a guest found this way, so diagnostics tell it from an address match. */
export const HEADING_PREFIX = 'heading:';

/** The page's main heading, as the rule above defines it. */
function mainHeading(doc: Document): Element | null {
  return doc.querySelector('main h1, [role="main"] h1') ?? doc.querySelector('h1');
}

/**
 * @example
 * ```ts
 * // <main><h1><a href="/Commander/ent-1/Customer/Detail/cus-9">Jana Nováková</a></h1></main>
 * findGuestInHeading(document, rules);
 * // → { kind: 'customer', id: 'cus-9', enterpriseId: 'ent-1', patternName: 'heading:customer-detail' }
 * ```
 */
export function findGuestInHeading(doc: Document, patterns: readonly GuestPagePattern[]): GuestPage | null {
  const heading = mainHeading(doc);
  if (!heading) return null;
  const origin = doc.location?.origin;
  let found: GuestPage | null = null;
  for (const link of heading.querySelectorAll('a[href]')) {
    let url: URL;
    try {
      url = new URL(link.getAttribute('href') ?? '', doc.baseURI);
    } catch {
      continue;
    }
    if (url.origin !== origin) continue;
    const page = findGuestPage(url, patterns);
    if (!page) continue;
    if (found && !sameGuestPage(found, page)) return null;
    found = { ...page, patternName: `${HEADING_PREFIX}${page.patternName}` };
  }
  return found;
}
