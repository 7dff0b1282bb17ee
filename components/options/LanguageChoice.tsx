import { deskLanguage, LANGUAGES, t, type Language } from '@/lib/i18n';
import { chooseDeskLanguage } from '@/lib/i18n/desk-language';

/**
 * The desk's language, first on the options page so a desk that cannot read the current one
 * finds it: each language is named in itself. The choice is kept in storage.local, and the
 * panel and the popup follow it at once.
 */
export function LanguageChoice() {
  return (
    <section class="kc-language">
      <label for="kc-language">{t('options.language')}</label>
      <select
        id="kc-language"
        value={deskLanguage.value}
        onChange={(event) => void chooseDeskLanguage(event.currentTarget.value as Language)}
      >
        {(Object.keys(LANGUAGES) as Language[]).map((language) => (
          <option key={language} value={language} lang={language}>
            {LANGUAGES[language]}
          </option>
        ))}
      </select>
    </section>
  );
}
