/**
 * Issue 18 #11: the desk reads the receptionist's words. The panel and the popup never say
 * "proxy" (IT's word, kept on the options page where IT pairs the desk): the desk's server is
 * the "Keycard server", in every language.
 */
import { describe, expect, it } from 'vitest';
import { catalogues } from '@/lib/i18n/translate';
import { enOptions } from '@/lib/i18n/en-options';

const deskKeys = Object.keys(catalogues.en).filter((key) => !(key in enOptions));

describe('the words at the desk', () => {
  it.each(Object.keys(catalogues) as (keyof typeof catalogues)[])('%s: no panel or popup text says "proxy"', (language) => {
    const catalogue = catalogues[language] as Record<string, unknown>;
    const saying = deskKeys.filter((key) => /prox/i.test(JSON.stringify(catalogue[key])));
    expect(saying.map((key) => `${key}: ${JSON.stringify(catalogue[key])}`)).toEqual([]);
  });
});
