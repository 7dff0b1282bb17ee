// Points from stays at the desk in real Firefox: the reservation page's panel shows the stay and
// its estimate, and after check-out (and a reload) what it earned and the card's points from
// stays this year. Screenshots go to test-results/screenshots.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { launchFirefox, missing, screenshotPath, skipLoudly } from './support/browsers.mjs';
import { startStack } from './support/stack.mjs';
import { pairFirefox, panelFrameFirefox, waitForPointsFirefox } from './support/desk.mjs';
import { membership } from './support/sandbox-data.mjs';
import { checkOut, credited, expectedPoints, memberCheckedIn, stayOf, STAYS_STACK } from './support/stays.mjs';

const skip = skipLoudly(missing('firefox'));

/** The text of a field in the panel's `frame`, once it appears. */
async function fieldText(frame, name, timeout = 15_000) {
  const field = await frame.waitForSelector(`[data-field="${name}"]`, { timeout });
  return (await field.evaluate((el) => el.textContent)).trim();
}

describe('Firefox: points from stays in the panel', { skip }, () => {
  let stack;
  let firefox;
  let page;

  before(async () => {
    stack = await startStack(STAYS_STACK);
    firefox = await launchFirefox();
    const code = await stack.pairingCode('Firefox desk', 'desk');
    await (await pairFirefox(firefox, { proxyUrl: stack.proxyUrl, code, deviceName: 'Firefox desk' })).close();
    page = await firefox.browser.newPage();
    await page.setViewport({ width: 1280, height: 800 });
  });
  after(async () => {
    await firefox?.close();
    await stack?.stop();
  });

  it('shows the checked-in stay and its estimate, then what it earned after check-out', async () => {
    const { manager, member, reservation, url } = await memberCheckedIn(stack, { nights: 3, nightlyPrice: 99.5 });
    const points = expectedPoints(await stayOf(stack, manager, reservation.Id));
    const before = (await membership(stack, member.Id)).Points;
    await page.goto(url);
    let frame = await panelFrameFirefox(page);
    await waitForPointsFirefox(frame, member.Id, before, 15_000);
    assert.equal(await fieldText(frame, 'stay-estimate'), `Earns ≈ ${points} points`);
    assert.match(await fieldText(frame, 'stay'), new RegExp(`^Stay ${reservation.Number} · 3 nights · [\\d,.]+ EUR so far$`));
    await page.screenshot({ path: await screenshotPath('firefox-panel-stay-estimate') });

    await checkOut(stack, reservation.Id);
    await credited(stack, manager, reservation.Id);
    await page.goto(url);
    frame = await panelFrameFirefox(page);
    assert.match(await fieldText(frame, 'stay-earned'), new RegExp(`^Earned ${points} points on \\S`));
    await waitForPointsFirefox(frame, member.Id, before + points);
    assert.match(await fieldText(frame, 'stay-points-year', 10_000), /points from stays this year$/);
    assert.equal(await frame.$('[data-field="stay-estimate"]'), null);
    await page.screenshot({ path: await screenshotPath('firefox-panel-stay-earned') });
    await page.close();
  });
});
