// The desk's language, end to end in real Chromium against the real proxy and sandbox: the
// panel opens in English (the browser's language), the desk chooses Deutsch on the options page,
// and the open panel follows at once: German words and German number formatting (12.345), and
// the popup searches in German too. Screenshots go to test-results/screenshots: German is long,
// look at them for cramped or overflowing text.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { launchChromium, missing, screenshotPath, skipLoudly } from './support/browsers.mjs';
import { startStack } from './support/stack.mjs';
import { card, eventually, pairChromium, panelFrame } from './support/desk.mjs';
import { enterprise, guestUrl, membershipsOf, newGuest } from './support/sandbox-data.mjs';

const skip = skipLoudly(missing('chromium'));
const KEYCARD_PROGRAM_ID = 'f701dafb-5765-4cf4-b1dd-1f602a740ae5';

describe('Chromium: the desk chooses its language', { skip }, () => {
  let stack;
  let browser;
  let options;
  let guest;
  let membershipId;
  let page;

  before(async () => {
    stack = await startStack();
    browser = await launchChromium();
    const enterpriseId = (await enterprise(stack)).Id;
    options = await pairChromium(browser.context, browser.extensionId, { proxyUrl: stack.proxyUrl, code: await stack.pairingCode('Desk 1', 'desk') });
    const lastName = `Kühnemann${Date.now().toString(36).replace(/\d/g, '')}`;
    guest = await newGuest(stack, { FirstName: 'Jürgen', LastName: lastName, Email: `juergen.${Date.now()}@example.com` });
    await stack.mews('loyaltyMemberships/add', {
      LoyaltyMemberships: [{ AccountId: guest.Id, LoyaltyProgramId: KEYCARD_PROGRAM_ID, IsPrimary: true, MembershipNumber: `KCL${String(Date.now()).slice(-7)}`, Points: 12345 }],
    });
    membershipId = (await membershipsOf(stack, guest.Id))[0].Id;
    page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(guestUrl(stack, enterpriseId, guest.Id));
  });
  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('opens in the browser’s language (English) with English number formatting', async () => {
    const panel = await panelFrame(page);
    const points = card(panel, membershipId).locator('[data-field="points"]');
    await eventually(async () => (await points.textContent().catch(() => '')) === '12,345', 'the points in English');
    await panel.getByRole('complementary', { name: 'Keycard loyalty' }).waitFor();
    await card(panel, membershipId).getByRole('button', { name: 'Adjust points' }).waitFor();
    assert.equal(await options.getByLabel('Language').inputValue(), 'en');
    // The frame's title in the Mews page (what a screen reader announces on it) speaks the desk's language too.
    assert.equal(await (await panel.frameElement()).getAttribute('title'), 'Keycard loyalty');
  });

  it('follows Deutsch chosen on the options page at once, in the open panel and in the popup', async () => {
    await options.getByLabel('Language').selectOption('de');
    await options.getByLabel('Sprache').waitFor();
    await options.getByRole('button', { name: 'Abmelden' }).waitFor();
    assert.match(await options.locator('[data-field="connection"]').textContent(), /^Gekoppelt als Desk 1 \(Empfang\) mit /);
    await options.locator('[data-field="sync-progress"]').filter({ hasText: /Mitglieder|Mitglied-Download|heruntergeladen/ }).waitFor();
    await options.screenshot({ path: await screenshotPath('chromium-options-de'), fullPage: true });

    const panel = await panelFrame(page);
    const memberCard = card(panel, membershipId);
    await panel.getByRole('complementary', { name: 'Keycard Treueprogramm' }).waitFor({ timeout: 5_000 });
    const frameTitle = async () => (await panelFrame(page)).frameElement().then((element) => element.getAttribute('title'));
    await eventually(async () => (await frameTitle()) === 'Keycard Treueprogramm', 'the panel frame titled in German');
    await eventually(async () => (await memberCard.locator('[data-field="points"]').textContent()) === '12.345', 'German points (12.345)');
    assert.match(await memberCard.locator('.kc-points-unit').textContent(), /Punkte/);
    assert.equal((await memberCard.locator('[data-field="state"]').textContent()).trim(), 'Aktiv');
    assert.match(await memberCard.locator('[data-field="synced"]').textContent(), /^Stand \d\d:\d\d$/);
    await memberCard.getByRole('button', { name: 'Punkte anpassen' }).click();
    await panel.getByLabel('Punkte', { exact: true }).waitFor();
    await panel.getByRole('button', { name: 'Buchen' }).waitFor();
    assert.match(await panel.locator('.kc-presets').textContent(), /\+100/);
    await page.screenshot({ path: await screenshotPath('chromium-panel-de') });
    // Nothing in the panel runs past its edge in the longer language.
    const overflowing = await panel.evaluate(() =>
      [...document.querySelectorAll('aside *')].filter((el) => el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === 'visible' && el.clientWidth > 0).map((el) => el.className || el.tagName),
    );
    assert.deepEqual(overflowing, []);

    const popup = await browser.context.newPage();
    await popup.setViewportSize({ width: 420, height: 640 });
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    const box = popup.getByRole('combobox', { name: 'Mitglieder suchen' });
    await box.waitFor({ timeout: 5_000 });
    assert.equal(await box.getAttribute('placeholder'), 'Name, E-Mail oder Mitgliedsnummer');
    await box.pressSequentially(guest.LastName.slice(0, 8));
    const row = popup.locator(`[data-account-id="${guest.Id}"]`);
    await row.waitFor({ timeout: 10_000 });
    assert.equal(await row.locator('[data-field="points"]').textContent(), '12.345');
    assert.match(await row.textContent(), /12\.345 P\./);
    await popup.screenshot({ path: await screenshotPath('chromium-popup-de') });
    await popup.close();
  });
});
