// What a desk sees at the limits the security review asked for (issue 17), in real Chromium
// against the real proxy and sandbox: a change that would take the balance below zero is
// refused on the Points field before anything is sent, and a desk past its daily cap for a
// membership is told, calmly, to ask a manager (the proxy refused it; Mews is unchanged).
// The proxy runs with a small membership cap (300) so two clicks reach it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { launchChromium, missing, screenshotPath, skipLoudly } from './support/browsers.mjs';
import { startStack } from './support/stack.mjs';
import { adjustPoints, pairChromium, panelFrame, waitForPoints } from './support/desk.mjs';
import { enterprise, guestUrl, membership, tieredMember } from './support/sandbox-data.mjs';

describe('Chromium: a desk at its limits', { skip: skipLoudly(missing('chromium')) }, () => {
  /** The stack (proxy, sandbox), the browser with the extension, and the desk's guest tab. */
  let stack, browser, enterpriseId, page;

  before(async () => {
    // Lookups always ask Mews here, so a balance set in Mews shows at once.
    stack = await startStack({ proxyEnv: { DESK_DAILY_CAP_PER_MEMBERSHIP: '300', LOOKUP_FRESH_MS: '0' } });
    browser = await launchChromium();
    enterpriseId = (await enterprise(stack)).Id;
    const code = await stack.pairingCode('Desk 1', 'desk');
    const options = await pairChromium(browser.context, browser.extensionId, { proxyUrl: stack.proxyUrl, code });
    await options.close();
    page = await browser.context.newPage();
  });
  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('refuses up front a correction that would take the balance below zero (the review: −1,000 on 31 points)', async () => {
    const member = await tieredMember(stack, 4);
    await stack.mews('loyaltyMemberships/update', { LoyaltyMembershipUpdates: [{ LoyaltyMembershipId: member.Id, Points: { Value: 31 } }] });
    await page.goto(guestUrl(stack, enterpriseId, member.AccountId));
    const panel = await panelFrame(page);
    await waitForPoints(panel, member.Id, 31);
    await adjustPoints(panel, member.Id, -1_000, 'correction');
    await panel.getByText('Only 31 points can be removed: a balance never goes below zero.').waitFor({ timeout: 5_000 });
    assert.equal(await panel.getByLabel('Points').getAttribute('aria-invalid'), 'true');
    await page.screenshot({ path: await screenshotPath('chromium-panel-below-zero') });
    assert.equal((await membership(stack, member.Id)).Points, 31, 'nothing reached Mews');
    await panel.getByRole('button', { name: 'Cancel' }).click();
  });

  it('past the daily cap for a membership, says what is left and to ask a manager', async () => {
    const member = await tieredMember(stack, 5);
    await page.goto(guestUrl(stack, enterpriseId, member.AccountId));
    const panel = await panelFrame(page);
    await waitForPoints(panel, member.Id, member.Points);
    await adjustPoints(panel, member.Id, 250, 'bonus');
    await waitForPoints(panel, member.Id, member.Points + 250);
    await adjustPoints(panel, member.Id, 100, 'bonus');
    const note = panel.getByRole('status').filter({ hasText: 'Ask a manager' });
    await note.waitFor({ timeout: 10_000 });
    assert.match(await note.textContent(), /so 50 are left\. Ask a manager to apply this change\./);
    await page.screenshot({ path: await screenshotPath('chromium-panel-needs-manager') });
    assert.equal((await membership(stack, member.Id)).Points, member.Points + 250, 'the refused change never reached Mews');
  });
});
