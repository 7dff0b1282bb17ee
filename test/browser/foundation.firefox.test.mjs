// Foundation: the Firefox build installs into real Firefox ESR and shows its panel in its own
// frame (inside a closed shadow root) on a sandbox guest page.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { launchFirefox, missing, screenshotPath, skipLoudly } from './support/browsers.mjs';
import { startStack } from './support/stack.mjs';
import { assertAccessible } from './support/axe.mjs';
import { openFirefoxExtensionPage, panelFrameFirefox } from './support/desk.mjs';
import { enterprise, guestUrl, someMemberships } from './support/sandbox-data.mjs';

const skip = skipLoudly(missing('firefox'));

describe('Firefox: the extension on a sandbox guest page', { skip }, () => {
  let stack;
  let firefox;
  before(async () => {
    stack = await startStack({ proxy: false });
    firefox = await launchFirefox();
  });
  after(async () => {
    await firefox?.close();
    await stack?.stop();
  });

  it('mounts the Keycard panel in its own frame beside the guest page', async () => {
    const { Id: enterpriseId } = await enterprise(stack);
    const [membership] = await someMemberships(stack, 1);
    const page = await firefox.browser.newPage();
    await page.setViewport({ width: 1280, height: 800 });
    await page.goto(guestUrl(stack, enterpriseId, membership.AccountId));
    const frame = await panelFrameFirefox(page);
    const panel = await frame.waitForSelector('aside[aria-label="Keycard loyalty"]', { timeout: 15_000 });
    assert.ok(panel, 'panel found in its own frame');
    // The page's own DOM holds only a closed host element; the page sees no frame either.
    const seen = await page.evaluate(() => ({
      panel: document.querySelector('aside[aria-label="Keycard loyalty"]'),
      host: document.querySelector('keycard-panel') !== null,
      open: document.querySelector('keycard-panel')?.shadowRoot != null,
      childWindows: window.length,
    }));
    assert.deepEqual(seen, { panel: null, host: true, open: false, childWindows: 0 });
    await page.screenshot({ path: await screenshotPath('firefox-foundation-panel') });
    await page.close();
  });

  it('opens the popup page with the member search box', async () => {
    const page = await openFirefoxExtensionPage(firefox, 'popup.html');
    // By accessible name, as a screen reader would find it.
    const search = await page.waitForSelector('::-p-aria([name="Search members"][role="combobox"])', { timeout: 15_000 });
    assert.equal(await search.evaluate((el) => el.tagName), 'INPUT');
    assert.equal(await search.evaluate((el) => el === document.activeElement), true);
    await assertAccessible(page, 'Firefox popup, not paired');
    await page.close();
  });
});
