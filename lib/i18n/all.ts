/**
 * Every part of every language, at once: for the background (its messages may be any of them,
 * in the language the desk chose) and the unit tests. Pages load only what they show (load.ts).
 */
import { cs } from './cs';
import { csOptions } from './cs-options';
import { de } from './de';
import { deOptions } from './de-options';
import { enOptions } from './en-options';
import type { Catalogue } from './catalogue';
import { addMessages } from './translate';

addMessages('en', enOptions as Partial<Catalogue>);
addMessages('cs', { ...cs, ...csOptions });
addMessages('de', { ...de, ...deOptions });
