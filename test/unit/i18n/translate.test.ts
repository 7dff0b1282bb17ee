/**
 * Words, plural forms and numbers in the desk's language, and the models' messages following a
 * change of it (they are computed while a view renders, so they read the language signal).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { formatDelta, formatPoints, pointsWithUnit } from '@/lib/format';
import { browserLanguage, deskLanguage, localeFor, t, tn } from '@/lib/i18n';
import { checkPoints, REASON_LABELS } from '@/lib/models/adjust-form';

describe('the desk’s language', () => {
  afterEach(() => (deskLanguage.value = 'en'));

  it('fills placeholders and picks Czech plural forms by Intl.PluralRules', () => {
    deskLanguage.value = 'cs';
    expect([1, 3, 5, 1.5].map((n) => tn('unit.points', n))).toEqual(['1 bod', '3 body', '5 bodů', '1,5 bodu']);
    expect(t('enroll.inProgram', { program: 'Keycard Rewards' })).toBe('Zapsat tohoto hosta do programu Keycard Rewards.');
  });

  it('formats numbers for the language and follows a change', () => {
    deskLanguage.value = 'de';
    expect(formatPoints(12345)).toBe('12.345');
    expect(pointsWithUnit(1200)).toBe('1.200 Punkte');
    expect(formatDelta(-1500)).toBe('−1.500');
    deskLanguage.value = 'en';
    expect(formatPoints(12345)).toBe('12,345');
  });

  it('says the models’ messages and labels in the current language', () => {
    const limits = { balance: 100, deskLimit: 1000, locale: undefined };
    expect(checkPoints('0', 'bonus', limits)).toEqual({ ok: false, message: 'Points cannot be 0: enter how many to add or remove.' });
    deskLanguage.value = 'de';
    expect(checkPoints('0', 'bonus', limits)).toEqual({ ok: false, message: 'Punkte dürfen nicht 0 sein: Geben Sie ein, wie viele hinzugefügt oder abgezogen werden.' });
    expect(REASON_LABELS.goodwill).toBe('Kulanz');
  });

  it('defaults to the first browser language Keycard speaks, else English', () => {
    expect(browserLanguage(['fr-FR', 'de-AT', 'cs'])).toBe('de');
    expect(browserLanguage(['fr-FR'])).toBe('en');
    expect(localeFor('en', ['en-GB'])).toBe('en-GB');
    expect(localeFor('cs', ['en-GB'])).toBe('cs');
  });
});
