/**
 * Part of the contract: the desk's cache and the proxy's member search make the same keys.
 * How typed text and guest data become comparable search keys. The desk types without
 * accents, apostrophes or the separators printed on a loyalty card; the keys drop them too.
 */

/** Letters NFD does not take apart, spelled the way a desk without them would type them. */
const FOLDS: Record<string, string> = {
  ß: 'ss', ø: 'o', ł: 'l', đ: 'd', ð: 'd', æ: 'ae', œ: 'oe', þ: 'th', ı: 'i', ħ: 'h', ŀ: 'l', ŧ: 't', ŋ: 'ng', ĸ: 'k',
};
const FOLDABLE = /[ßøłđðæœþıħŀŧŋĸ]/g;

/** Accents and case away: "Zoë Müller" → "zoe muller"; punctuation is kept. */
function fold(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(FOLDABLE, (letter) => FOLDS[letter] ?? letter);
}

/**
 * A name (or a typed name) as a search key: accents, case and apostrophes gone, any other
 * punctuation a single space, so "O'Neil" and "oneil" meet and "Smith-Jones" is two words.
 *
 * @example
 * ```ts
 * normalizeName('  Dvořák-O’Neil ');  // → 'dvorak oneil'
 * ```
 */
export function normalizeName(value: string): string {
  return fold(value)
    .replace(/['’‘`´ʼ]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * An email (or a typed part of one) as a search key: accents and case gone, punctuation kept.
 *
 * @example
 * ```ts
 * normalizeEmail(' Jana.Nováková@Example.com'); // → 'jana.novakova@example.com'
 * ```
 */
export function normalizeEmail(value: string): string {
  return fold(value).replace(/\s+/g, '');
}

/**
 * A membership number compared the way the card is read out: letters and digits only.
 *
 * @example
 * ```ts
 * normalizeNumber('kcr 1234-5678'); // → 'KCR12345678'
 * ```
 */
export function normalizeNumber(value: string): string {
  return fold(value).replace(/[^\p{L}\p{N}]+/gu, '').toUpperCase();
}
