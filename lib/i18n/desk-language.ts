/**
 * Where the desk's chosen language is kept: `storage.local`, which the panel frame, the popup and
 * the options page all read and follow, so a choice on the options page reaches an open panel
 * at once. Nothing stored: the browser's language (if Keycard speaks it), else English.
 */
import { browser } from '#imports';
import { deskLanguage } from './translate';
import { browserLanguage, DESK_LANGUAGE_KEY, languageOf, type Language } from './languages';
import { loadMessages } from './load';

export { DESK_LANGUAGE_KEY };

/**
 * The same item through the browser's own API: WXT's storage wrapper, which the background and
 * the content script read it with, was 3 KiB gz of every panel and popup for three calls (issue 19).
 */
const KEY = DESK_LANGUAGE_KEY.replace(/^local:/, '');

let ready: Promise<void> = Promise.resolve();
/** Bumped by each choice applied, so a slower load of an older choice does not win. */
let applying = 0;
/** Whether this page shows the options page's words (loaded with the language's own). */
let withOptions = false;

async function apply(value: unknown): Promise<void> {
  const language = languageOf(value) ?? browserLanguage();
  const mine = ++applying;
  // Its words first, then the switch: a page never draws a language it has no words for yet.
  await loadMessages(language, { options: withOptions }).catch(() => undefined);
  if (mine !== applying) return;
  deskLanguage.value = language;
  document.documentElement.lang = language;
}

/**
 * Reads the stored choice (and loads its words) and follows later changes; returns the
 * unwatch function. `options`: the options page, which also shows the options page's words.
 *
 * @example
 * ```ts
 * followDeskLanguage(); // in each extension page's entrypoint
 * await deskLanguageReady(); // then the first render, in the desk's language
 * ```
 */
export function followDeskLanguage({ options = false }: { options?: boolean } = {}): () => void {
  withOptions = options;
  ready = browser.storage.local.get(KEY).then((stored) => apply(stored[KEY]));
  const follow = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area === 'local' && KEY in changes) void apply(changes[KEY]!.newValue);
  };
  browser.storage.onChanged.addListener(follow);
  return () => browser.storage.onChanged.removeListener(follow);
}

/** Resolves once the desk's language and its words are in place (after {@link followDeskLanguage}). */
export const deskLanguageReady = (): Promise<void> => ready.catch(() => undefined);

/** The desk chose a language (the options page): every open Keycard page follows. */
export async function chooseDeskLanguage(language: Language): Promise<void> {
  await apply(language);
  await browser.storage.local.set({ [KEY]: language });
}
