// Earning rules and crediting past stays in real Firefox: a manager's refused value is shown on
// its field, the corrected rules are saved as version 1, and a preview of a past week's stays
// shows what crediting would give. (Crediting itself is covered in earning.chromium.test.mjs.)
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { launchFirefox, missing, screenshotPath, skipLoudly } from './support/browsers.mjs';
import { startStack } from './support/stack.mjs';
import { pairFirefox, typeIntoFirefox } from './support/desk.mjs';

const skip = skipLoudly(missing('firefox'));
const aria = (name, role) => `::-p-aria([name="${name}"]${role ? `[role="${role}"]` : ''})`;
const FORM = aria('Earning rules of Keycard Rewards', 'form');
const text = (page, selector) => page.$eval(selector, (el) => el.textContent.trim());

describe('Firefox: earning rules and crediting past stays', { skip }, () => {
  let stack;
  let firefox;
  let page;
  before(async () => {
    stack = await startStack();
    firefox = await launchFirefox();
    const code = await stack.pairingCode('Anna', 'manager');
    page = await pairFirefox(firefox, { proxyUrl: stack.proxyUrl, code, deviceName: 'Anna' });
    await page.setViewport({ width: 1000, height: 1400 });
  });
  after(async () => {
    await firefox?.close();
    await stack?.stop();
  });

  it('shows the refused value on its field, then saves the corrected rules as version 1', async () => {
    await (await page.waitForSelector(aria('Edit earning rules of Keycard Rewards', 'button'), { timeout: 15_000 })).click();
    await page.waitForSelector(FORM);
    await typeIntoFirefox(page, `${FORM} ${aria('Points per night')}`, '10');
    await typeIntoFirefox(page, `${FORM} ${aria('Points per EUR of revenue')}`, '0.125');
    await page.keyboard.press('Enter');
    const refused = await page.waitForSelector(`${FORM} input[aria-invalid="true"]`, { timeout: 15_000 });
    const describedBy = await refused.evaluate((el) => document.getElementById(el.getAttribute('aria-describedby')).textContent);
    assert.equal(describedBy, 'Points per EUR of revenue has at most two decimals.');
    assert.equal(await refused.evaluate((el) => el === document.activeElement), true);
    await page.screenshot({ path: await screenshotPath('firefox-options-earning-refused'), fullPage: true });

    await typeIntoFirefox(page, `${FORM} ${aria('Points per EUR of revenue')}`, '1');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-field="earning-summary"]', { timeout: 15_000 });
    assert.match(await text(page, '[data-field="earning-version"]'), /^Version 1, saved by Anna on /);
    assert.equal(await text(page, '[data-field="earning-summary"]'), '10 points a night · 1 point per EUR (net)');
  });

  it('previews the stays of a past week', async () => {
    // Firefox's date inputs take keys per segment in the browser's date order; set them as a date picker would.
    for (const [selector, value] of [['#kc-backfill-from', '2026-09-24'], ['#kc-backfill-to', '2026-09-30']]) {
      await page.$eval(selector, (el, date) => {
        el.value = date;
        el.dispatchEvent(new Event('input', { bubbles: true }));
      }, value);
    }
    await (await page.waitForSelector(aria('Preview', 'button'))).click();
    const preview = await page.waitForSelector('[data-field="backfill-preview"]', { timeout: 60_000 });
    assert.match(await preview.evaluate((el) => el.textContent), /\d+ stays? checked out from 2026-09-24 to 2026-09-30/);
    await page.waitForSelector(`${aria('Credit past stays', 'form')} ::-p-text(Credit )`);
    await preview.scrollIntoView();
    await page.screenshot({ path: await screenshotPath('firefox-options-backfill-preview') });
  });
});
