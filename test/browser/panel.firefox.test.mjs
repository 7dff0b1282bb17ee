// The read path in real Firefox: pair through the options page, then a member's guest page
// shows the same points, tier and state as the sandbox holds.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { launchFirefox, missing, screenshotPath, skipLoudly } from './support/browsers.mjs';
import { startStack } from './support/stack.mjs';
import { parsePoints } from './support/desk.mjs';
import { enterprise, guestUrl, tier, tieredMember } from './support/sandbox-data.mjs';

const skip = skipLoudly(missing('firefox'));

async function typeInto(page, selector, text) {
  const field = await page.waitForSelector(selector, { timeout: 15_000 });
  await field.click({ count: 3 });
  await page.keyboard.press('Backspace');
  await field.type(text);
}

describe('Firefox: the guest panel at a paired desk', { skip }, () => {
  let stack;
  let firefox;
  before(async () => {
    stack = await startStack();
    firefox = await launchFirefox();
  });
  after(async () => {
    await firefox?.close();
    await stack?.stop();
  });

  it('pairs through the options page', async () => {
    const code = await stack.pairingCode('Firefox desk', 'desk');
    const page = await firefox.browser.newPage();
    // goto() of a moz-extension:// page never resolves here: start it and wait for content.
    page.goto(`moz-extension://${firefox.extensionUuid}/options.html`).catch(() => {});
    await typeInto(page, '#kc-proxy-url', stack.proxyUrl);
    await typeInto(page, '#kc-device-name', 'Firefox desk');
    await typeInto(page, '#kc-pairing-code', code);
    await (await page.waitForSelector('button[type="submit"]')).click();
    const status = await page.waitForSelector('[data-field="connection"].is-paired', { timeout: 15_000 });
    assert.match(await status.evaluate((el) => el.textContent), /Firefox desk/);
    await page.close();
  });

  it("shows a member's points, tier and state as Mews holds them", async () => {
    const { Id: enterpriseId } = await enterprise(stack);
    const member = await tieredMember(stack);
    const expectedTier = await tier(stack, member.LoyaltyProgramId, member.LoyaltyTierId);
    const page = await firefox.browser.newPage();
    await page.setViewport({ width: 1280, height: 800 });
    await page.goto(guestUrl(stack, enterpriseId, member.AccountId));
    const cardSelector = `>>> [data-membership-id="${member.Id}"]`;
    await page.waitForSelector(`${cardSelector} [data-field="points"]`, { timeout: 15_000 });
    const read = (field) => page.$eval(`${cardSelector} [data-field="${field}"]`, (el) => el.textContent.trim());
    assert.equal(parsePoints(await read('points')), member.Points);
    assert.equal(await read('tier'), expectedTier.Name);
    assert.equal(await read('state'), member.State);
    await page.screenshot({ path: await screenshotPath('firefox-panel-member') });
    await page.close();
  });
});
