// Points from stays at the desk, end to end in real Chromium against the real proxy and sandbox:
// a manager sets earning rules, a member checks in, the reservation page's panel shows the stay
// and its estimate; at check-out the proxy credits it and the open panel says "Earned N points"
// (the live refresh sees the points move), the card counts the points from stays this year, and
// History names the row. Screenshots go to test-results/screenshots.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { launchChromium, missing, screenshotPath, skipLoudly } from './support/browsers.mjs';
import { startStack } from './support/stack.mjs';
import { card, pairChromium, panelFrame, parsePoints, waitForPoints } from './support/desk.mjs';
import { membership } from './support/sandbox-data.mjs';
import { checkOut, credited, expectedPoints, memberCheckedIn, stayOf, STAYS_STACK } from './support/stays.mjs';

const skip = skipLoudly(missing('chromium'));

describe('Chromium: points from stays in the panel', { skip }, () => {
  let stack;
  let browser;
  let page;
  /** The manager's token, the member, their reservation and its page. */
  let given;
  let points;

  before(async () => {
    stack = await startStack(STAYS_STACK);
    browser = await launchChromium();
    const code = await stack.pairingCode('Desk 1', 'desk');
    await (await pairChromium(browser.context, browser.extensionId, { proxyUrl: stack.proxyUrl, code })).close();
    given = await memberCheckedIn(stack, { nights: 2, nightlyPrice: 150 });
    page = await browser.context.newPage();
  });
  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('shows the checked-in stay and what it will earn, beside the membership', async () => {
    const { manager, member, reservation, url } = given;
    const stay = await stayOf(stack, manager, reservation.Id);
    points = expectedPoints(stay);
    assert.ok(points > 0, 'the rules give this stay points');
    assert.equal(stay.programs[0].estimate, points);

    const before = (await membership(stack, member.Id)).Points;
    await page.goto(url);
    await waitForPoints(await panelFrame(page), member.Id, before);
    const panel = (await panelFrame(page)).getByRole('complementary', { name: 'Keycard loyalty' });
    const estimate = panel.locator('[data-field="stay-estimate"]');
    await estimate.waitFor({ timeout: 15_000 });
    assert.equal((await estimate.textContent()).trim(), `Earns ≈ ${points} points`);
    const line = (await panel.locator('[data-field="stay"]').textContent()).trim();
    assert.match(line, new RegExp(`^Stay ${reservation.Number} · 2 nights · [\\d,.]+ EUR so far$`));
    assert.equal(await panel.locator('[data-field="stay-earned"]').count(), 0);
    await page.screenshot({ path: await screenshotPath('chromium-panel-stay-estimate') });
  });

  it('after check-out the open panel says what the stay earned, and the card counts it', async () => {
    const { manager, member, reservation } = given;
    let frame = await panelFrame(page);
    const before = parsePoints(await card(frame, member.Id).locator('[data-field="points"]').textContent());
    await checkOut(stack, reservation.Id);
    await credited(stack, manager, reservation.Id);

    // No reload: the panel's live refresh sees the points move and asks for the stay again.
    const panel = frame.getByRole('complementary', { name: 'Keycard loyalty' });
    const earned = panel.locator('[data-field="stay-earned"]');
    await earned.waitFor({ timeout: 20_000 });
    assert.match((await earned.textContent()).trim(), new RegExp(`^Earned ${points} points on \\S`));
    await waitForPoints(frame, member.Id, before + points);
    assert.equal((await membership(stack, member.Id)).Points, before + points);
    assert.doesNotMatch((await panel.locator('[data-field="stay"]').textContent()).trim(), /so far/);

    // A reload shows the same, and the card's points from stays this year.
    await page.reload();
    frame = await panelFrame(page);
    await frame.locator('[data-field="stay-earned"]').waitFor({ timeout: 15_000 });
    const year = card(frame, member.Id).locator('[data-field="stay-points-year"]');
    await year.waitFor({ timeout: 10_000 });
    assert.ok(parsePoints(await year.textContent()) >= points);
    await page.screenshot({ path: await screenshotPath('chromium-panel-stay-earned') });
  });

  it('History names the stay row, with the reservation number in its note', async () => {
    const { member, reservation } = given;
    const frame = await panelFrame(page);
    await card(frame, member.Id).getByRole('button', { name: 'History' }).click();
    const row = card(frame, member.Id).locator('[data-adjustment-id]').first();
    await row.waitFor({ timeout: 10_000 });
    assert.equal((await row.locator('.kc-ledger-reason').textContent()).trim(), 'Stay');
    assert.match(await row.textContent(), new RegExp(`Stay ${reservation.Number} · rules v1`));
    await page.screenshot({ path: await screenshotPath('chromium-panel-stay-history') });
  });
});
