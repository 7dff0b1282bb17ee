/**
 * The language the background asks the proxy to answer in (`Accept-Language`): the desk's
 * choice from the options page (storage.local, lib/i18n/desk-language.ts), else the browser's.
 * The proxy says its refusals in it, and the panel shows them as they come.
 */
import { browserLanguage, languageOf, type Language } from '@/lib/i18n/languages';

let current: Language = browserLanguage();

/** The language for the next request. */
export const requestLanguage = (): Language => current;

/**
 * Sets it from a stored choice: anything Keycard does not speak leaves English.
 *
 * @example
 * ```ts
 * setRequestLanguage('de-AT'); // → requests say Accept-Language: de
 * ```
 */
export function setRequestLanguage(value: unknown): void {
  current = languageOf(value) ?? (value === undefined || value === null ? browserLanguage() : 'en');
}
