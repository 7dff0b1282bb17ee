/**
 * The shape every language's messages must have: the keys of the English catalogue (the source
 * of truth), a string where English has a string and plural forms where English has them. A key
 * missing in Czech or German is a `tsc` error; test/unit/i18n-catalogue.test.ts checks the rest
 * (nothing empty, the same `{placeholders}`, every plural form the language uses).
 */
import type { en } from './en';
import type { enOptions } from './en-options';

/** Forms picked by `Intl.PluralRules`; each language gives the categories it uses (Czech: one, few, many, other). */
export interface PluralText {
  one?: string;
  two?: string;
  few?: string;
  many?: string;
  other: string;
}

/** Every key: the panel's and popup's (en.ts) and the options page's (en-options.ts). */
type English = typeof en & typeof enOptions;
export type MessageKey = keyof English;

/** Keys whose English text is a plain string (for `t`). */
export type TextKey = { [K in MessageKey]: English[K] extends string ? K : never }[MessageKey];

/** Keys whose English text has plural forms (for `tn`). */
export type PluralKey = Exclude<MessageKey, TextKey>;

export type Catalogue = { [K in MessageKey]: English[K] extends string ? string : PluralText };
/** The panel's and popup's part of a language (cs.ts, de.ts). */
export type DeskCatalogue = { [K in keyof typeof en]: (typeof en)[K] extends string ? string : PluralText };
/** The options page's part (cs-options.ts, de-options.ts). */
export type OptionsCatalogue = { [K in keyof typeof enOptions]: (typeof enOptions)[K] extends string ? string : PluralText };
