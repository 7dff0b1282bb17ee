// The desk's first day (issue 18), end to end in real Chromium against the real proxy and
// sandbox: Escape cancels the adjust form before it folds the panel and nothing brings a
// half-typed amount back; every open panel follows pairing, sign-out and revocation.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { launchChromium, missing, screenshotPath, skipLoudly } from './support/browsers.mjs';
import { startStack } from './support/stack.mjs';
import { card, pairChromium, panelFrame, waitForPoints } from './support/desk.mjs';
import { enterprise, guestUrl, membership, tieredMember } from './support/sandbox-data.mjs';

const skip = skipLoudly(missing('chromium'));

describe('Chromium: Escape and the adjust form', { skip }, () => {
  let stack;
  let browser;
  let enterpriseId;
  let page;

  before(async () => {
    stack = await startStack();
    browser = await launchChromium();
    enterpriseId = (await enterprise(stack)).Id;
    const options = await pairChromium(browser.context, browser.extensionId, { proxyUrl: stack.proxyUrl, code: await stack.pairingCode('Desk 1', 'desk') });
    await options.close();
    page = await browser.context.newPage();
  });
  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('Escape cancels the form, a second Escape folds, and the typed amount never comes back', async () => {
    const member = await tieredMember(stack, 7);
    const before = (await membership(stack, member.Id)).Points;
    await page.goto(guestUrl(stack, enterpriseId, member.AccountId));
    const panel = await panelFrame(page);
    await waitForPoints(panel, member.Id, before);
    await page.waitForTimeout(3_000);
    await card(panel, member.Id).getByRole('button', { name: 'Adjust points' }).click();
    await panel.getByLabel('Points').fill('25');
    await page.keyboard.press('Escape');
    // First Escape: the form is gone, the panel still open, focus back on Adjust points.
    await panel.getByLabel('Points').waitFor({ state: 'detached', timeout: 2_000 });
    assert.equal(await panel.locator('aside.is-collapsed').count(), 0, 'the first Escape does not fold the panel');
    assert.equal(await panel.evaluate(() => document.activeElement?.textContent), 'Adjust points');
    await page.screenshot({ path: await screenshotPath('chromium-desk-day-escape-cancels') });
    await page.keyboard.press('Escape');
    await panel.locator('aside.is-collapsed').waitFor({ timeout: 2_000 });
    // Nothing reopens it by itself.
    await page.waitForTimeout(2_500);
    assert.equal(await panel.locator('aside.is-collapsed').count(), 1, 'still folded');
    await page.screenshot({ path: await screenshotPath('chromium-desk-day-escape-folds') });
    await panel.getByRole('button', { name: 'Keycard' }).click();
    await card(panel, member.Id).getByRole('button', { name: 'Adjust points' }).click();
    assert.equal(await panel.getByLabel('Points').inputValue(), '', 'a fresh form, not the half-typed 25');
    await panel.getByRole('button', { name: 'Cancel' }).click();
    assert.equal((await membership(stack, member.Id)).Points, before);
  });

  it('says the allowed range for "1e9", and both limits for a redemption beyond the balance and the desk limit', async () => {
    const member = await tieredMember(stack, 11);
    const balance = (await membership(stack, member.Id)).Points;
    await page.goto(guestUrl(stack, enterpriseId, member.AccountId));
    const panel = await panelFrame(page);
    await waitForPoints(panel, member.Id, balance);
    await card(panel, member.Id).getByRole('button', { name: 'Adjust points' }).click();
    await panel.getByLabel('Points').fill('1e9');
    await panel.getByRole('button', { name: 'Apply' }).click();
    await panel.getByText('Points must be a whole number from -1,000 to 1,000, e.g. 250 or -100.').waitFor();
    await page.screenshot({ path: await screenshotPath('chromium-desk-day-range-message') });
    await panel.getByLabel('Reason').selectOption('redemption');
    await panel.getByLabel('Points').fill(String(-(balance + 929)));
    await panel.getByRole('button', { name: 'Apply' }).click();
    await panel.getByText(/^Only [\d,]+ points can be redeemed, and a desk changes at most 1,000 at once/).waitFor();
    await page.screenshot({ path: await screenshotPath('chromium-desk-day-both-limits') });
    await page.keyboard.press('Escape');
    assert.equal((await membership(stack, member.Id)).Points, balance);
  });

  it('a Canceled membership says so above its points and offers a desk no Adjust points', async () => {
    const member = await tieredMember(stack, 10);
    await stack.mews('loyaltyMemberships/update', { LoyaltyMembershipUpdates: [{ LoyaltyMembershipId: member.Id, State: { Value: 'Canceled' } }] });
    await page.goto(guestUrl(stack, enterpriseId, member.AccountId));
    const panel = await panelFrame(page);
    const notice = card(panel, member.Id).locator('[data-field="state-notice"]');
    await notice.waitFor({ timeout: 10_000 });
    assert.match(await notice.textContent(), /^Canceled membership: no points can be added or removed at the desk/);
    assert.equal(await card(panel, member.Id).getByRole('button', { name: 'Adjust points' }).count(), 0);
    await page.screenshot({ path: await screenshotPath('chromium-desk-day-canceled-membership') });
  });
});

describe('Chromium: an open guest tab follows pairing, sign-out and revocation', { skip }, () => {
  let stack;
  let browser;
  let enterpriseId;

  before(async () => {
    stack = await startStack();
    browser = await launchChromium();
    enterpriseId = (await enterprise(stack)).Id;
  });
  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('pairing in another window shows the guest within a second; signing out hides it; a revocation says so', async () => {
    const member = await tieredMember(stack, 9);
    const page = await browser.context.newPage();
    await page.goto(guestUrl(stack, enterpriseId, member.AccountId));
    const panel = await panelFrame(page);
    await panel.getByText('This desk is not paired').waitFor({ timeout: 10_000 });

    const options = await pairChromium(browser.context, browser.extensionId, { proxyUrl: stack.proxyUrl, code: await stack.pairingCode('Desk 1', 'desk') });
    // The guest tab stays in the background (the options page is in front): no visibility change helps it.
    await waitForPoints(panel, member.Id, (await membership(stack, member.Id)).Points, 1_000);
    await page.screenshot({ path: await screenshotPath('chromium-desk-day-paired-elsewhere') });

    await options.getByRole('button', { name: 'Sign out' }).click();
    await panel.getByText('This desk is not paired').waitFor({ timeout: 1_000 });

    await options.close();
    const again = await pairChromium(browser.context, browser.extensionId, { proxyUrl: stack.proxyUrl, code: await stack.pairingCode('Desk 1', 'desk') });
    await waitForPoints(panel, member.Id, (await membership(stack, member.Id)).Points, 1_000);
    const [desk] = (await stack.keycard('devices')).split('\n').filter((line) => /Desk 1/.test(line) && !/revoked/i.test(line)).slice(-1);
    await stack.keycard('revoke', desk.trim().split(/\s+/)[0]);
    // The panel's next proxy call (its live refresh, every 5 s) finds out, and says why.
    await panel.getByText('This desk was revoked by an administrator').waitFor({ timeout: 7_000 });
    await again.close();
    await page.screenshot({ path: await screenshotPath('chromium-desk-day-revoked') });
  });
});

describe('Chromium: first pairing on the options page', { skip }, () => {
  let stack;
  let browser;

  before(async () => {
    stack = await startStack();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('names a Mews address typed as the proxy, offers http:// back, and folds the form behind "Pair again"', async () => {
    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    const code = await stack.pairingCode('Desk 1', 'desk');
    await options.getByLabel('Pairing code').fill(code);
    await options.getByLabel('Proxy URL').fill(stack.sandboxUrl);
    await options.getByRole('button', { name: 'Pair', exact: true }).click();
    await options.getByRole('alert').filter({ hasText: /^That address is not a Keycard proxy/ }).waitFor({ timeout: 10_000 });
    await options.screenshot({ path: await screenshotPath('chromium-desk-day-not-a-proxy'), fullPage: true });
    const typed = new URL(stack.proxyUrl).host;
    await options.getByLabel('Proxy URL').fill(typed);
    await options.getByRole('button', { name: 'Pair', exact: true }).click();
    await options.getByRole('alert').filter({ hasText: `did you mean http://${typed}?` }).waitFor();
    await options.getByLabel('Proxy URL').fill(stack.proxyUrl);
    await options.getByRole('button', { name: 'Pair', exact: true }).click();
    await options.getByRole('button', { name: 'Pair again' }).waitFor({ timeout: 10_000 });
    assert.equal(await options.getByLabel('Pairing code').count(), 0);
    await options.screenshot({ path: await screenshotPath('chromium-desk-day-paired-options'), fullPage: true });
    // Issue 18 #12: the popup has its level-one heading (visually hidden; the label shows).
    const popup = await browser.context.newPage();
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    await popup.getByRole('combobox', { name: 'Search members' }).waitFor();
    assert.equal(await popup.getByRole('heading', { level: 1 }).count(), 1);
    assert.equal(await popup.getByRole('heading', { level: 1 }).textContent(), 'Keycard member search');
    await popup.screenshot({ path: await screenshotPath('chromium-desk-day-popup-heading') });
  });
});
