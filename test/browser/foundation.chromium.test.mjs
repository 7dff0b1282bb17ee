// Foundation: the built extension loads in real Chromium, its panel appears in its own frame
// (inside a closed shadow root) on a sandbox guest page, and its popup opens with the search box.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { launchChromium, missing, screenshotPath, skipLoudly } from './support/browsers.mjs';
import { startStack } from './support/stack.mjs';
import { panelFrame } from './support/desk.mjs';
import { enterprise, guestUrl, someMemberships } from './support/sandbox-data.mjs';

const skip = skipLoudly(missing('chromium'));

describe('Chromium: the extension on a sandbox guest page', { skip }, () => {
  let stack;
  let browser;
  before(async () => {
    stack = await startStack({ proxy: false });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('mounts the Keycard panel in its own frame beside the guest page', async () => {
    const { Id: enterpriseId } = await enterprise(stack);
    const [membership] = await someMemberships(stack, 1);
    const page = await browser.context.newPage();
    await page.goto(guestUrl(stack, enterpriseId, membership.AccountId));
    const panel = (await panelFrame(page)).getByRole('complementary', { name: 'Keycard loyalty' });
    await panel.waitFor({ state: 'visible', timeout: 10_000 });
    // The panel lives in an extension page: the page's own DOM holds only a closed host element.
    const seen = await page.evaluate(() => ({
      panel: document.querySelector('aside[aria-label="Keycard loyalty"]'),
      host: document.querySelector('keycard-panel') !== null,
      open: document.querySelector('keycard-panel')?.shadowRoot != null,
    }));
    assert.deepEqual(seen, { panel: null, host: true, open: false });
    await page.screenshot({ path: await screenshotPath('chromium-foundation-panel') });
    await page.close();
  });

  it('opens the popup with the member search box focused', async () => {
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    const search = page.getByLabel('Search members');
    await search.waitFor({ state: 'visible' });
    assert.equal(await search.evaluate((el) => el === document.activeElement), true);
    await page.close();
  });

  it('declares no host permissions and only storage and alarms', async () => {
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    const manifest = await page.evaluate(() => chrome.runtime.getManifest());
    assert.deepEqual([...manifest.permissions].sort(), ['alarms', 'storage']);
    assert.equal(manifest.host_permissions, undefined);
    await page.close();
  });
});
