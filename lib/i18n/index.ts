/** The desk's language and its message catalogue (see ARCHITECTURE.md, "A string the desk reads"). */
export { t, tn, liveLabels, withLiveText, deskLanguage, deskLocale, type MessageParams } from './translate';
export { LANGUAGES, browserLanguage, languageOf, localeFor, type Language } from './languages';
export { failureText, sayFailure, sayText } from './failure-text';
export type { MessageKey, TextKey, PluralKey, PluralText } from './catalogue';
