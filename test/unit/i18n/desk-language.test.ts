/**
 * The desk's language as pages read it: kept in storage.local under the key the background and the
 * content script read with WXT's storage (`local:deskLanguage`), followed as it changes. The pages
 * read it with the browser's own storage API (issue 19: WXT's storage wrapper was 3 KiB gz of
 * every panel and popup), so these pin what the two must agree on.
 */
import { storage } from '#imports';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chooseDeskLanguage, deskLanguageReady, followDeskLanguage } from '@/lib/i18n/desk-language';
import { deskLanguage } from '@/lib/i18n';

describe('the desk language a page follows', () => {
  let unwatch: () => void = () => undefined;
  beforeEach(() => fakeBrowser.reset());
  afterEach(() => {
    unwatch();
    deskLanguage.value = 'en';
  });

  it('starts in the language the desk chose, stored by anyone with WXT storage', async () => {
    await storage.setItem('local:deskLanguage', 'cs');
    unwatch = followDeskLanguage();
    await deskLanguageReady();
    expect(deskLanguage.value).toBe('cs');
    expect(document.documentElement.lang).toBe('cs');
  });

  it('follows a choice made on another page while it is open', async () => {
    unwatch = followDeskLanguage();
    await deskLanguageReady();
    await fakeBrowser.storage.local.set({ deskLanguage: 'de' });
    await expect.poll(() => deskLanguage.value).toBe('de');
  });

  it('stops following once unwatched', async () => {
    unwatch = followDeskLanguage();
    await deskLanguageReady();
    unwatch();
    await fakeBrowser.storage.local.set({ deskLanguage: 'de' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(deskLanguage.value).not.toBe('de');
  });

  it('keeps a choice where the background and the content script read it', async () => {
    await chooseDeskLanguage('de');
    expect(deskLanguage.value).toBe('de');
    expect(await storage.getItem<string>('local:deskLanguage')).toBe('de');
  });

  it('ignores a stored value that is no language of Keycard\u2019s', async () => {
    await fakeBrowser.storage.local.set({ deskLanguage: 42 });
    unwatch = followDeskLanguage();
    await deskLanguageReady();
    expect(['en', 'cs', 'de']).toContain(deskLanguage.value);
  });
});
