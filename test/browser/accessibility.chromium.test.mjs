// Accessibility as a gate (issue 18): axe-core runs in real Chromium on the panel in each state a
// desk meets (not paired, a member, the adjust form, the undo bar, history, a guest to enroll,
// folded with Find guest, offline, a manager's tools), on every popup view (not paired, waiting for
// the cache, results, no results, a member's details, offline) and on the options page (not paired,
// a desk, a manager): 0 violations of any impact. It also checks what axe cannot: point changes and
// offline/online are announced in a live region, and focus lands somewhere sensible after Apply,
// Undo, Enroll and Escape.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertAccessible } from './support/axe.mjs';
import { launchChromium, missing, screenshotPath, skipLoudly } from './support/browsers.mjs';
import { startStack } from './support/stack.mjs';
import { card, eventually, pairChromium, panelFrame, waitForPoints } from './support/desk.mjs';
import { enterprise, guestUrl, newGuest, tieredMember } from './support/sandbox-data.mjs';

const skip = skipLoudly(missing('chromium'));

describe('Chromium: axe finds nothing on the panel, popup and options', { skip }, () => {
  let stack;
  let browser;
  let enterpriseId;
  let member;

  /** What the focused element in a frame is, in words a failure message can show. */
  const focused = (frame) =>
    frame.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return 'body';
      return `${el.tagName.toLowerCase()} "${el.getAttribute('aria-label') ?? el.textContent?.trim() ?? ''}"`;
    });

  /** All the text in the frame's live regions (role=status/alert or aria-live), joined. */
  const announced = (frame) =>
    frame.evaluate(() =>
      [...document.querySelectorAll('[aria-live], [role="status"], [role="alert"]')]
        .map((el) => el.textContent?.trim() ?? '')
        .join(' | '),
    );

  async function openPopup() {
    const popup = await browser.context.newPage();
    await popup.setViewportSize({ width: 420, height: 640 });
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    return popup;
  }

  before(async () => {
    stack = await startStack();
    browser = await launchChromium();
    enterpriseId = (await enterprise(stack)).Id;
    member = await tieredMember(stack);
  });
  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('before pairing: the options page, the popup and the panel', async () => {
    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    await options.getByLabel('Pairing code').waitFor();
    await assertAccessible(options, 'options, not paired');
    await options.close();

    const popup = await openPopup();
    await popup.getByText('This desk is not paired', { exact: false }).waitFor();
    await assertAccessible(popup, 'popup, not paired');
    await popup.close();

    const page = await browser.context.newPage();
    await page.goto(guestUrl(stack, enterpriseId, member.AccountId));
    const panel = await panelFrame(page);
    await panel.getByText('This desk is not paired').waitFor();
    await assertAccessible(panel, 'panel, not paired');
    await page.close();
  });

  it('a desk: options, a member, the adjust form, the announcement and undo, history, and Escape', async () => {
    const code = await stack.pairingCode('Desk 1', 'desk');
    const options = await pairChromium(browser.context, browser.extensionId, { proxyUrl: stack.proxyUrl, code });
    await assertAccessible(options, 'options, paired desk');
    await options.close();

    const page = await browser.context.newPage();
    await page.goto(guestUrl(stack, enterpriseId, member.AccountId));
    const panel = await panelFrame(page);
    await waitForPoints(panel, member.Id, member.Points);
    await assertAccessible(panel, 'panel, a member');

    const adjust = card(panel, member.Id).getByRole('button', { name: 'Adjust points' });
    await adjust.click();
    await panel.getByLabel('Points').waitFor();
    await assertAccessible(panel, 'panel, adjust form open');

    // Escape cancels the form and gives focus back to the button that opened it.
    await panel.getByLabel('Points').press('Escape');
    await panel.getByLabel('Points').waitFor({ state: 'detached' });
    assert.equal(await focused(panel), 'button "Adjust points"');

    await adjust.click();
    await panel.getByLabel('Points').fill('15');
    await panel.getByLabel('Reason').selectOption({ index: 1 });
    await panel.getByRole('button', { name: 'Apply' }).click();
    await waitForPoints(panel, member.Id, member.Points + 15);
    // The change is read out, and focus is on the card's Undo, not lost to the page's body.
    await eventually(async () => /\+15/.test(await announced(panel)), 'the +15 announced in a live region');
    const afterApply = await focused(panel);
    assert.notEqual(afterApply, 'body', 'focus after Apply');
    await assertAccessible(panel, 'panel, after Apply with the undo bar');
    await page.screenshot({ path: await screenshotPath('chromium-a11y-after-apply') });

    await panel.getByRole('button', { name: 'Undo' }).click();
    await waitForPoints(panel, member.Id, member.Points);
    assert.equal(await focused(panel), 'button "Adjust points"', 'focus after Undo: back on the card');

    await card(panel, member.Id).getByRole('button', { name: 'History' }).click();
    await panel.getByRole('list', { name: 'Point changes, newest first' }).waitFor();
    await assertAccessible(panel, 'panel, history open');
    await page.close();
  });

  it('a guest to enroll, and focus after Enroll', async () => {
    const guest = await newGuest(stack, { FirstName: 'Ágota', LastName: 'Kovács', Email: `agota.${Date.now()}@example.com` });
    const page = await browser.context.newPage();
    await page.goto(guestUrl(stack, enterpriseId, guest.Id));
    const panel = await panelFrame(page);
    const enroll = panel.getByRole('button', { name: 'Enroll' });
    await enroll.waitFor({ timeout: 10_000 });
    await assertAccessible(panel, 'panel, guest not a member');
    await enroll.click();
    await panel.locator('[data-membership-id]').first().waitFor({ timeout: 10_000 });
    assert.equal(await focused(panel), 'button "Adjust points"', 'focus after Enroll: on the new card');
    await assertAccessible(panel, 'panel, just enrolled');
    await page.close();
  });

  it('a Mews page with no guest: the folded panel offers Find guest', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${stack.sandboxUrl}/Commander/${enterpriseId}/Customer/Index`);
    const panel = await panelFrame(page);
    await panel.getByRole('button', { name: 'Find guest' }).waitFor();
    await assertAccessible(panel, 'panel, folded with Find guest');
    await page.close();
  });

  it('the popup: waiting or synced, results, details, no results', async () => {
    const popup = await openPopup();
    const box = popup.getByRole('combobox', { name: 'Search members' });
    await box.waitFor();
    await assertAccessible(popup, 'popup, empty search');
    await box.pressSequentially(member.MembershipNumber);
    await popup.locator(`[data-result="${member.Id}"]`).waitFor({ timeout: 15_000 });
    await assertAccessible(popup, 'popup, results');
    await box.press('ArrowRight');
    await popup.getByRole('button', { name: /Results/ }).waitFor();
    await assertAccessible(popup, 'popup, a member’s details');
    await popup.getByRole('button', { name: /Results/ }).click();
    await box.fill('zzqxv no such guest');
    await popup.locator('[role="status"]').filter({ hasText: /No|no / }).waitFor();
    await assertAccessible(popup, 'popup, no results');
    await popup.close();
  });

  it('offline: the panel and popup say so, read out, and stay clean', async () => {
    const page = await browser.context.newPage();
    await page.goto(guestUrl(stack, enterpriseId, member.AccountId));
    let panel = await panelFrame(page);
    await waitForPoints(panel, member.Id, member.Points);
    await stack.stopProxy();
    try {
      await page.reload();
      panel = await panelFrame(page);
      await eventually(async () => /Keycard server unreachable/.test(await announced(panel)), 'offline announced in a live region', 20_000);
      await assertAccessible(panel, 'panel, offline');
      await page.screenshot({ path: await screenshotPath('chromium-a11y-offline') });
      const popup = await openPopup();
      await popup.getByRole('combobox', { name: 'Search members' }).waitFor();
      await assertAccessible(popup, 'popup, offline');
      await popup.close();
    } finally {
      await stack.startProxy();
    }
    await eventually(async () => !/Keycard server unreachable/.test(await announced(panel)), 'back online', 30_000);
    await page.close();
  });

  it('a manager: options with the program tools, and the panel’s Manage tools', async () => {
    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    await options.getByRole('button', { name: 'Pair again' }).click();
    const code = await stack.pairingCode('Manager 1', 'manager');
    await options.getByLabel('Pairing code').fill(code);
    await options.getByRole('button', { name: 'Pair', exact: true }).click();
    await options.getByRole('button', { name: 'Add program' }).waitFor({ timeout: 15_000 });
    await assertAccessible(options, 'options, manager');
    await options.close();

    const page = await browser.context.newPage();
    await page.goto(guestUrl(stack, enterpriseId, member.AccountId));
    const panel = await panelFrame(page);
    await waitForPoints(panel, member.Id, member.Points);
    await card(panel, member.Id).getByRole('button', { name: 'Manage' }).click();
    await panel.getByRole('button', { name: 'Set state' }).waitFor();
    await assertAccessible(panel, 'panel, manager tools open');
    await page.close();
  });
});
