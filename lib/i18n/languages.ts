/**
 * The languages a desk can choose, each named in itself (a desk that cannot read the current
 * language must still find its own), and how the browser's language picks one by default.
 */
export const LANGUAGES = { en: 'English', cs: 'Čeština', de: 'Deutsch' } as const;

export type Language = keyof typeof LANGUAGES;

/** Where the desk's choice is kept: `storage.local` (in WXT storage's form; pages read the bare key, desk-language.ts), read by every Keycard page and the background. */
export const DESK_LANGUAGE_KEY = 'local:deskLanguage';

/** Used when neither the desk nor the browser names a language Keycard speaks. */
export const FALLBACK_LANGUAGE: Language = 'en';

/**
 * The Keycard language for a language tag (`de-AT` → `de`), or null when Keycard does not speak it.
 *
 * @example
 * ```ts
 * languageOf('cs-CZ'); // → 'cs'
 * languageOf('fr'); // → null
 * ```
 */
export function languageOf(tag: unknown): Language | null {
  if (typeof tag !== 'string') return null;
  const base = tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return Object.hasOwn(LANGUAGES, base) ? (base as Language) : null;
}

/**
 * The first of the browser's languages Keycard speaks, else English.
 *
 * @example
 * ```ts
 * browserLanguage(['fr-FR', 'de-DE']); // → 'de'
 * ```
 */
export function browserLanguage(tags: readonly string[] = typeof navigator === 'undefined' ? [] : navigator.languages ?? [navigator.language]): Language {
  for (const tag of tags) {
    const language = languageOf(tag);
    if (language) return language;
  }
  return FALLBACK_LANGUAGE;
}

/**
 * The locale numbers and dates are formatted in: the browser's own tag when it is a variant of
 * the chosen language (an `en-GB` desk keeps its day-month dates), else the language itself.
 *
 * @example
 * ```ts
 * localeFor('de', ['en-US']); // → 'de'
 * localeFor('en', ['en-GB']); // → 'en-GB'
 * ```
 */
export function localeFor(language: Language, tags: readonly string[] = typeof navigator === 'undefined' ? [] : navigator.languages ?? [navigator.language]): string {
  return tags.find((tag) => languageOf(tag) === language) ?? language;
}
