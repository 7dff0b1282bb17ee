/**
 * Every language has every key of the English catalogue, none empty, with the same
 * `{placeholders}`, and plural texts give every form the language's own rules pick.
 */
import { describe, expect, it } from 'vitest';
import { catalogues } from '@/lib/i18n/translate';
import { LANGUAGES, type Language } from '@/lib/i18n/languages';
import type { PluralText } from '@/lib/i18n/catalogue';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const english = catalogues.en as Record<string, string | PluralText>;
const forms = (value: string | PluralText) => (typeof value === 'string' ? [value] : Object.values(value));

describe('the message catalogue', () => {
  for (const language of Object.keys(LANGUAGES) as Language[]) {
    const messages = catalogues[language] as Record<string, string | PluralText>;

    it(`${language}: has every English key and no other`, () => {
      expect(Object.keys(messages).sort()).toEqual(Object.keys(english).sort());
    });

    it(`${language}: no text is empty`, () => {
      const empty = Object.entries(messages).filter(([, value]) => forms(value).some((text) => text.trim() === ''));
      expect(empty.map(([key]) => key)).toEqual([]);
    });

    it(`${language}: each text has the English placeholders`, () => {
      const differ = Object.keys(english).filter((key) => {
        const want = placeholders(forms(english[key]!).at(-1)!).filter((name) => name !== 'count');
        return forms(messages[key]!).some((text) => placeholders(text).filter((name) => name !== 'count').join() !== want.join());
      });
      expect(differ).toEqual([]);
    });

    it(`${language}: plural texts give every form the language uses`, () => {
      const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
      const missing = Object.entries(messages)
        .filter(([key]) => typeof english[key] !== 'string')
        .flatMap(([key, value]) => categories.filter((c) => typeof value === 'string' || !(c in value)).map((c) => `${key}.${c}`));
      expect(missing).toEqual([]);
    });
  }
});
