// Hostile guest data, end to end in real Chromium against the real proxy and sandbox: guests
// whose names and emails hold HTML and script payloads are enrolled through the panel and
// synced; the panel (in its shadow root) and the popup's search results and inline detail show
// the payloads as text, create no img/svg/script element and fire no dialog in any page.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { launchChromium, missing, screenshotPath, skipLoudly } from './support/browsers.mjs';
import { startStack } from './support/stack.mjs';
import { pairChromium } from './support/desk.mjs';
import { enterprise, guestUrl, membershipsOf, newGuest } from './support/sandbox-data.mjs';

const skip = skipLoudly(missing('chromium'));

const PAYLOADS = [
  '<img src=x onerror=alert(1)>',
  '<script>alert(2)</script>',
  '"><svg onload=alert(3)>',
  'javascript:alert(4)',
];
const TAGS = 'img, svg, script, iframe, object, embed';

/** img/svg/script elements inside the panel's shadow root (the panel itself renders none). */
const panelTagCount = (page) =>
  page.evaluate((tags) => {
    const host = document.querySelector('keycard-panel');
    if (!host?.shadowRoot) throw new Error('no Keycard panel shadow root on the page');
    return host.shadowRoot.querySelectorAll(tags).length;
  }, TAGS);

/** The same inside the popup's app root (the page's own module script sits outside it). */
const popupTagCount = (popup) => popup.evaluate((tags) => document.getElementById('app').querySelectorAll(tags).length, TAGS);

describe('Chromium: hostile guest names and emails', { skip }, () => {
  let stack;
  let browser;
  let enterpriseId;
  const dialogs = [];
  const guests = [];
  const marker = `Qxv${Date.now().toString(36).replace(/\d/g, '')}`;

  const watchDialogs = (page) =>
    page.on('dialog', (dialog) => {
      dialogs.push(`${page.url()}: ${dialog.message()}`);
      void dialog.dismiss().catch(() => {});
    });

  before(async () => {
    stack = await startStack({ customers: 200 });
    browser = await launchChromium();
    browser.context.pages().forEach(watchDialogs);
    browser.context.on('page', watchDialogs);
    enterpriseId = (await enterprise(stack)).Id;
    const code = await stack.pairingCode('Desk 1', 'desk');
    const options = await pairChromium(browser.context, browser.extensionId, { proxyUrl: stack.proxyUrl, code });
    await options.getByLabel('Mews Operations URL').fill(stack.sandboxUrl);
    await options.getByRole('button', { name: 'Save' }).click();
    await options.getByText('Saved.', { exact: false }).waitFor();
    await options.close();
    for (const [i, payload] of PAYLOADS.entries()) {
      // First name: the payload alone. Last name: a searchable marker, then the next payload.
      const guest = await newGuest(stack, {
        FirstName: payload,
        LastName: `${marker}${'abcd'[i]} ${PAYLOADS[(i + 1) % PAYLOADS.length]}`,
        // Mews refuses whitespace in an email; the payload keeps working with '/' instead.
        Email: `${payload.replaceAll(' ', '/')}${i}@example.com`,
      });
      guests.push(guest);
    }
  });
  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('our dialog watch works: an alert in a page is caught (control)', async () => {
    const page = await browser.context.newPage();
    await page.evaluate(() => alert('control'));
    assert.equal(dialogs.length, 1);
    dialogs.length = 0;
    await page.close();
  });

  it('the panel shows each payload as text, enrolls the guest, and creates no element from it', async () => {
    const page = await browser.context.newPage();
    const panel = page.getByRole('complementary', { name: 'Keycard loyalty' });
    for (const guest of guests) {
      await page.goto(guestUrl(stack, enterpriseId, guest.Id));
      const enroll = panel.getByRole('button', { name: 'Enroll' });
      await enroll.waitFor({ timeout: 10_000 });
      const text = await panel.textContent();
      assert.ok(text.includes(guest.FirstName), `panel shows ${guest.FirstName} as text: ${text}`);
      assert.equal(await panelTagCount(page), 0);
      await enroll.click();
      await page.locator('[data-membership-id]').first().waitFor({ timeout: 10_000 });
      assert.equal((await membershipsOf(stack, guest.Id)).length, 1);
      const after = await panel.textContent();
      assert.ok(after.includes(guest.FirstName), 'still text after enrolling');
      assert.equal(await panelTagCount(page), 0);
    }
    assert.deepEqual(dialogs, []);
    await page.screenshot({ path: await screenshotPath('chromium-hostile-panel') });
    await page.close();
  });

  it('the popup lists them all, and shows one in detail, as text', async () => {
    const popup = await browser.context.newPage();
    await popup.setViewportSize({ width: 420, height: 640 });
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    const box = popup.getByRole('combobox', { name: 'Search members' });
    await box.pressSequentially(marker.toLowerCase());
    for (const guest of guests) await popup.locator(`[data-account-id="${guest.Id}"]`).first().waitFor({ timeout: 10_000 });
    const listed = await popup.locator('#app').textContent();
    for (const payload of PAYLOADS) assert.ok(listed.includes(payload), `popup lists ${payload} as text`);
    for (const guest of guests) assert.ok(listed.includes(guest.Email), `popup lists the email ${guest.Email} as text`);
    assert.equal(await popupTagCount(popup), 0);

    // The first result's detail, opened from the keyboard.
    const first = popup.locator('[data-result]').first();
    const accountId = await first.getAttribute('data-account-id');
    const guest = guests.find((g) => g.Id === accountId);
    await box.press('ArrowDown');
    await box.press('ArrowRight');
    const detail = popup.locator('.kc-detail');
    await detail.waitFor({ timeout: 5_000 });
    await detail.locator('[data-membership-id]').first().waitFor({ timeout: 10_000 });
    const shown = await detail.textContent();
    assert.ok(shown.includes(guest.FirstName), `detail shows ${guest.FirstName}: ${shown}`);
    assert.ok(shown.includes(guest.LastName), `detail shows ${guest.LastName}: ${shown}`);
    assert.equal(await popupTagCount(popup), 0);
    await popup.screenshot({ path: await screenshotPath('chromium-hostile-popup-detail') });
    await popup.getByRole('button', { name: '← Results' }).click();
    await popup.locator('[data-result]').first().waitFor({ timeout: 5_000 });
    assert.equal(await popupTagCount(popup), 0);
    await popup.screenshot({ path: await screenshotPath('chromium-hostile-popup-results') });
    assert.deepEqual(dialogs, []);
    assert.deepEqual(browser.errors, []);
    await popup.close();
  });
});
