/**
 * Brings the parts of the catalogue a page needs, each its own chunk: Czech or German for the
 * panel and popup when the desk chose it, and the options page's words (English and the desk's
 * language) on the options page. English's panel and popup part is in every page (translate.ts).
 */
import type { Catalogue } from './catalogue';
import { addMessages } from './translate';
import type { Language } from './languages';

type Part = () => Promise<Partial<Catalogue>>;

const DESK: Record<Exclude<Language, 'en'>, Part> = {
  cs: () => import('./cs').then((m) => m.cs),
  de: () => import('./de').then((m) => m.de),
};
const OPTIONS: Record<Language, Part> = {
  en: () => import('./en-options').then((m) => m.enOptions as Partial<Catalogue>),
  cs: () => import('./cs-options').then((m) => m.csOptions),
  de: () => import('./de-options').then((m) => m.deOptions),
};

const loading = new Map<string, Promise<void>>();

function once(name: string, part: Part, language: Language): Promise<void> {
  let load = loading.get(name);
  if (!load) {
    load = part().then((messages) => addMessages(language, messages));
    load.catch(() => loading.delete(name));
    loading.set(name, load);
  }
  return load;
}

/**
 * Loads `language`'s panel and popup words, and with `options` the options page's (English's
 * too: every key falls back to English).
 *
 * @example
 * ```ts
 * await loadMessages('cs'); // the panel speaks Czech from its first render
 * ```
 */
export async function loadMessages(language: Language, { options = false }: { options?: boolean } = {}): Promise<void> {
  const parts: Promise<void>[] = [];
  if (language !== 'en') parts.push(once(`desk:${language}`, DESK[language], language));
  if (options) {
    parts.push(once('options:en', OPTIONS.en, 'en'));
    if (language !== 'en') parts.push(once(`options:${language}`, OPTIONS[language], language));
  }
  await Promise.all(parts);
}
