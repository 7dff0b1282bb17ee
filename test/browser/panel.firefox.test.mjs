// The read path in real Firefox: pair through the options page, then a member's guest page
// shows the same points, tier and state as the sandbox holds.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertAccessible } from './support/axe.mjs';
import { launchFirefox, missing, screenshotPath, skipLoudly } from './support/browsers.mjs';
import { startStack } from './support/stack.mjs';
import { firefoxCard, pairFirefox, panelFrameFirefox, parsePoints, waitForPointsFirefox } from './support/desk.mjs';
import { enterprise, guestUrl, tier, tieredMember } from './support/sandbox-data.mjs';

const skip = skipLoudly(missing('firefox'));

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
    const page = await pairFirefox(firefox, { proxyUrl: stack.proxyUrl, code, deviceName: 'Firefox desk' });
    const status = await page.waitForSelector('[data-field="connection"].is-paired', { timeout: 15_000 });
    assert.match(await status.evaluate((el) => el.textContent), /Firefox desk/);
    await assertAccessible(page, 'Firefox options, paired desk');
    await page.close();
  });

  it("shows a member's points, tier and state as Mews holds them", async () => {
    const { Id: enterpriseId } = await enterprise(stack);
    const member = await tieredMember(stack);
    const expectedTier = await tier(stack, member.LoyaltyProgramId, member.LoyaltyTierId);
    const page = await firefox.browser.newPage();
    await page.setViewport({ width: 1280, height: 800 });
    await page.goto(guestUrl(stack, enterpriseId, member.AccountId));
    const panel = await panelFrameFirefox(page);
    const cardSelector = firefoxCard(member.Id);
    await panel.waitForSelector(`${cardSelector} [data-field="points"]`, { timeout: 15_000 });
    const read = (field) => panel.$eval(`${cardSelector} [data-field="${field}"]`, (el) => el.textContent.trim());
    assert.equal(parsePoints(await read('points')), member.Points);
    assert.equal(await read('tier'), expectedTier.Name);
    assert.equal(await read('state'), member.State);
    await page.screenshot({ path: await screenshotPath('firefox-panel-member') });
    await assertAccessible(panel, 'Firefox panel, a member');

    // Firefox ESR has no Navigation API: the panel must still follow Mews's pushState.
    const next = await tieredMember(stack, 1);
    assert.notEqual(next.Id, member.Id);
    await page.evaluate((url) => {
      history.pushState({}, '', url);
      dispatchEvent(new PopStateEvent('popstate'));
    }, new URL(guestUrl(stack, enterpriseId, next.AccountId)).pathname);
    await waitForPointsFirefox(panel, next.Id, next.Points, 5_000);
    await page.close();
  });
});
