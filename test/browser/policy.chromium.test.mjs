// Hotel IT presets the proxy URL by browser policy (README "Install for a hotel"): Chromium reads
// the extension's managed storage from a JSON policy file ("3rdparty" → extensions → <id>), and
// the options page shows that URL locked. Writing the policy needs /etc/chromium/policies/managed
// (root, as in CI); elsewhere the suite says it is skipped. The file is removed afterwards.
import assert from 'node:assert/strict';
import { accessSync, constants, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { launchChromium, missing, screenshotPath, skipLoudly } from './support/browsers.mjs';

const POLICY_DIR = '/etc/chromium/policies/managed';
const POLICY_FILE = `${POLICY_DIR}/keycard-test-${process.pid}.json`;
const PROXY_URL = 'https://keycard.hotel.example';

function cannotWritePolicy() {
  try {
    mkdirSync(POLICY_DIR, { recursive: true });
    accessSync(POLICY_DIR, constants.W_OK);
    return false;
  } catch (error) {
    return `cannot write Chromium policy in ${POLICY_DIR} (${error.code}): run as root, as CI does`;
  }
}

const skip = skipLoudly(missing('chromium') || cannotWritePolicy());

describe('Chromium: the proxy URL preset by browser policy', { skip }, () => {
  let browser;
  const removePolicy = () => rmSync(POLICY_FILE, { force: true });

  before(async () => {
    process.once('exit', removePolicy);
    // The unpacked extension's id comes from its folder: learn it, then write the policy for it.
    const probe = await launchChromium();
    const extensionId = probe.extensionId;
    await probe.close();
    writeFileSync(POLICY_FILE, JSON.stringify({ '3rdparty': { extensions: { [extensionId]: { proxyUrl: PROXY_URL } } } }));
    browser = await launchChromium();
  });
  after(async () => {
    removePolicy();
    await browser?.close();
  });

  it('the options page shows the policy’s proxy URL, locked', async () => {
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/options.html`);
    const field = page.getByLabel('Proxy URL');
    await page.getByText("Set by your administrator's browser policy; it cannot be changed here.").waitFor();
    assert.equal(await field.inputValue(), PROXY_URL);
    assert.equal(await field.getAttribute('readonly'), '');
    await page.screenshot({ path: await screenshotPath('chromium-options-policy') });
  });
});
