/**
 * The panel frame's title in each language, for the content script (lib/host/panel-host.ts): it
 * runs in every Mews page, and the whole catalogue would grow it from ~25 kB to ~120 kB for this
 * one label. The catalogues take their `panel.label` from here, so it is said once.
 */
import type { Language } from './languages';

export const PANEL_TITLE: Readonly<Record<Language, string>> = {
  en: 'Keycard loyalty',
  cs: 'Keycard věrnost',
  de: 'Keycard Treueprogramm',
};
