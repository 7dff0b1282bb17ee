/**
 * Where the desk's chosen language is kept: `storage.local`, which the panel frame, the popup and
 * the options page all read and follow, so a choice on the options page reaches an open panel
 * at once. Nothing stored: the browser's language (if Keycard speaks it), else English.
 */
import { storage } from '#imports';
import { deskLanguage } from './translate';
import { browserLanguage, DESK_LANGUAGE_KEY, languageOf, type Language } from './languages';

export { DESK_LANGUAGE_KEY };

/**
 * Reads the stored choice and follows later changes; returns the unwatch function.
 *
 * @example
 * ```ts
 * followDeskLanguage(); // in each extension page's entrypoint, before the first render
 * ```
 */
export function followDeskLanguage(): () => void {
  const apply = (value: unknown) => {
    deskLanguage.value = languageOf(value) ?? browserLanguage();
    document.documentElement.lang = deskLanguage.value;
  };
  void storage.getItem<string>(DESK_LANGUAGE_KEY).then(apply);
  return storage.watch<string>(DESK_LANGUAGE_KEY, apply);
}

/** The desk chose a language (the options page): every open Keycard page follows. */
export async function chooseDeskLanguage(language: Language): Promise<void> {
  deskLanguage.value = language;
  await storage.setItem(DESK_LANGUAGE_KEY, language);
}
