/**
 * The proxy's words for the refusals a desk or manager reads (a problem's `detail` and each
 * field's), in each language the desk may choose: en.ts (the source of truth), cs.ts, de.ts.
 * Here, in the contract, because the proxy may import nothing else of lib/; the extension's own
 * catalogue is lib/i18n. The proxy picks the language from `Accept-Language`, which the
 * background's proxy client sends with the desk's choice.
 */
import { cs } from './cs';
import { de } from './de';
import { en, type ProblemTextKey } from './en';

export type { ProblemTextKey } from './en';

export const PROBLEM_LANGUAGES = ['en', 'cs', 'de'] as const;
export type ProblemLanguage = (typeof PROBLEM_LANGUAGES)[number];

/** Every language has every key (a missing one is a `tsc` error); test/proxy/problem-language.test.ts checks the placeholders. */
export const PROBLEM_TEXTS: Record<ProblemLanguage, Record<ProblemTextKey, string>> = { en, cs, de };

/**
 * The first language of an `Accept-Language` header Keycard speaks, by the header's q-values;
 * English when none is.
 *
 * @example
 * ```ts
 * problemLanguage('fr-FR, de;q=0.8, cs;q=0.9'); // → 'cs'
 * problemLanguage(null); // → 'en'
 * ```
 */
export function problemLanguage(header: string | null | undefined): ProblemLanguage {
  const ranked = (header ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = Number(rest.find((p) => p.trim().startsWith('q='))?.trim().slice(2) ?? '1');
      return { base: tag.trim().toLowerCase().split('-')[0] ?? '', q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { base } of ranked) if ((PROBLEM_LANGUAGES as readonly string[]).includes(base)) return base as ProblemLanguage;
  return 'en';
}

/** A problem's words with `{placeholders}` filled. */
export interface ProblemText {
  key: ProblemTextKey;
  params?: Record<string, string | number>;
}

/** Numbers as each language writes them, as the panel does (lib/format.ts): 1,000 · 1 000 · 1.000, by each language's own rule for short numbers. */
const NUMBERS: Record<ProblemLanguage, Intl.NumberFormat> = {
  en: new Intl.NumberFormat('en-US'),
  cs: new Intl.NumberFormat('cs-CZ'),
  de: new Intl.NumberFormat('de-DE'),
};

/**
 * A problem text in one language.
 *
 * @example
 * ```ts
 * problemDetail('de', { key: 'deskAdjustmentLimit', params: { limit: 1000 } });
 * ```
 */
export function problemDetail(language: ProblemLanguage, { key, params = {} }: ProblemText): string {
  return PROBLEM_TEXTS[language][key].replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? NUMBERS[language].format(value) : value;
  });
}

/** Each `field…` text of en.ts as a pattern capturing its placeholders, in the catalogue's order. */
const FIELD_PATTERNS = (Object.entries(en) as [ProblemTextKey, string][])
  .filter(([key, text]) => key.startsWith('field') && text !== '{message}')
  .map(([key, text]) => {
    const names = [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
    const source = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\\{\w+\\\}/g, '([\\s\\S]+?)');
    return { key, names, pattern: new RegExp(`^${source}$`) };
  });

/**
 * The catalogued words of a field's English message (what a request schema in lib/contract,
 * or valibot itself, says), with its variable parts as params; undefined for words not in
 * the catalogue, which then stay as they are.
 *
 * @example
 * ```ts
 * fieldText('note is at most 500 characters.');
 * // → { key: 'fieldMaxCharacters', params: { field: 'note', max: '500' } }
 * ```
 */
export function fieldText(message: string): ProblemText | undefined {
  for (const { key, names, pattern } of FIELD_PATTERNS) {
    const match = pattern.exec(message);
    if (match) return { key, params: Object.fromEntries(names.map((name, i) => [name, match[i + 1]!])) };
  }
  return undefined;
}
