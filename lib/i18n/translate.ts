/**
 * Every word a desk reads goes through here: `t(key, params)` for a text, `tn(key, count, params)`
 * for one with plural forms. The current language is a signal, so a view that calls `t` while
 * rendering is drawn again when the desk chooses another language.
 */
import { computed, signal } from '@preact/signals';
import type { Catalogue, MessageKey, PluralKey, PluralText, TextKey } from './catalogue';
import { en } from './en';
import { browserLanguage, localeFor, type Language } from './languages';

/**
 * The messages each page has: English's panel and popup part always (every key falls back to
 * it), the rest as load.ts brings it (Czech or German when the desk chooses it, the options
 * page's part on the options page). Every page used to carry all six files: ~30 KiB gzipped of
 * a 55 KiB popup (issue 19's weight figures).
 */
const LOADED: Record<Language, Partial<Catalogue>> = { en: { ...en }, cs: {}, de: {} };
/** Bumped when a part arrives, so a view that said a text before it came says it again. */
const arrivals = signal(0);

/** Adds one part of a language's messages (load.ts; the background and tests add them all). */
export function addMessages(language: Language, part: Partial<Catalogue>): void {
  Object.assign(LOADED[language], part);
  arrivals.value++;
}

/** The text of `key` in `language`, else in English, else the key itself (a part not loaded in this page). */
function lookUp(key: MessageKey, language: Language): string | PluralText {
  void arrivals.value;
  return LOADED[language][key] ?? LOADED.en[key] ?? key;
}

/** Whether this page has the English text of `key` (failure-text.ts says only keys it can say). */
export const hasText = (key: string): boolean => typeof (LOADED.en as Record<string, unknown>)[key] === 'string';

/** The desk's language: the browser's until the stored choice is read (lib/i18n/desk-language.ts). */
export const deskLanguage = signal<Language>(browserLanguage());

/** The locale for `Intl` formatting in the desk's language. */
export const deskLocale = computed(() => localeFor(deskLanguage.value));

export type MessageParams = Record<string, string | number>;

function fill(text: string, params: MessageParams | undefined, locale: string): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(value) : value;
  });
}

/**
 * A text in the desk's language, its `{placeholders}` filled (numbers formatted for the language).
 *
 * @example
 * ```ts
 * t('panel.pointsToTier', { points: '1,200', tier: 'Gold' }); // → '1,200 points to Gold'
 * ```
 */
export function t(key: TextKey, params?: MessageParams, language: Language = deskLanguage.value): string {
  const text = lookUp(key, language);
  return fill(typeof text === 'string' ? text : text.other, params, localeFor(language));
}

const pluralRules = new Map<string, Intl.PluralRules>();

/**
 * A text with plural forms, chosen for `count` by the language's own rules (Czech has one, few,
 * many and other); `{count}` is the count formatted for the language.
 *
 * @example
 * ```ts
 * tn('unit.points', 3); // → '3 points' (cs: '3 body', de: '3 Punkte')
 * ```
 */
export function tn(key: PluralKey, count: number, params?: MessageParams, language: Language = deskLanguage.value): string {
  const found = lookUp(key, language);
  const forms: PluralText = typeof found === 'string' ? { other: found } : found;
  const locale = localeFor(language);
  let rules = pluralRules.get(language);
  if (!rules) pluralRules.set(language, (rules = new Intl.PluralRules(language)));
  const text = forms[rules.select(count) as keyof PluralText] ?? forms.other;
  return fill(text, { count, ...params }, locale);
}

/** Every message this page has now, by language (all of them once all.ts ran: the background, the tests). */
export const catalogues: Readonly<Record<Language, Partial<Catalogue>>> = LOADED;

/**
 * A table of labels read in the desk's current language each time one is looked up (the
 * models' `REASON_LABELS` and the like), so code that indexes it follows a language change.
 *
 * @example
 * ```ts
 * const REASONS = liveLabels(['stay', 'bonus'], (reason) => t(`reason.${reason}`));
 * REASONS.stay; // → 'Stay' (cs: 'Pobyt')
 * ```
 */
export function liveLabels<K extends string>(keys: readonly K[], label: (key: K) => string): Record<K, string> {
  const table = {} as Record<K, string>;
  for (const key of keys) Object.defineProperty(table, key, { get: () => label(key), enumerable: true });
  return table;
}

/**
 * Fields with a `text` said again in the desk's language each time it is read: a notice a model
 * keeps (`{ tone, text }`). A view reads it while rendering, so a notice already on screen follows
 * a change of language, as the words around it do.
 *
 * @example
 * ```ts
 * say(withLiveText({ tone: 'info' }, () => t('writes.enrolled', { program })));
 * ```
 */
export function withLiveText<const T extends object>(fields: T, say: () => string): T & { readonly text: string } {
  return Object.defineProperty({ ...fields }, 'text', { get: say, enumerable: true }) as T & { readonly text: string };
}
