/**
 * The keys the mirror searches by. Guest names use the extension's own name normalizer, so
 * the popup's cache and the proxy agree on what matches: "o'neil", "oneil" and "O’Neil" meet,
 * accents and case never matter.
 */
import { normalizeName } from '../../../lib/contract/search-keys';

export { normalizeName };

/**
 * Both word orders, so a prefix of either "last first" or "first last" finds the guest.
 *
 * @example
 * ```ts
 * searchNameOf('Seán', "O'Neil"); // → 'oneil sean|sean oneil'
 * ```
 */
export function searchNameOf(firstName: string | null | undefined, lastName: string): string {
  const first = normalizeName(firstName ?? '');
  const last = normalizeName(lastName);
  return first ? `${last} ${first}|${first} ${last}` : last;
}

/** Membership numbers compare without spaces or dashes, upper case (as member search reads the stored number). */
export function compactNumber(value: string): string {
  return value.replace(/[\s-]+/g, '').toUpperCase();
}
