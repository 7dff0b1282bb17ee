// The popup's quick search, end to end in real Chromium against the real proxy and sandbox:
// after the member cache synced, a last-name prefix typed without accents and a membership
// number typed with a space find the member from the cache; Enter opens their Mews Operations
// page (the sandbox's look-alike) where the panel shows the same points; a member created in
// Mews after the sync comes from the proxy's search; the first frame, the search box before any
// script ran, is styled with no stylesheet to wait for; a member's detail, whose script the popup
// loads only then, opens and adjusts points from the keyboard. Screenshots go to test-results/screenshots.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { launchChromium, missing, screenshotPath, skipLoudly } from './support/browsers.mjs';
import { startStack } from './support/stack.mjs';
import { card, pairChromium, panelFrame, waitForPoints } from './support/desk.mjs';
import { customer, enterprise, guestUrl, membershipsOf, newGuest, someMemberships } from './support/sandbox-data.mjs';

const skip = skipLoudly(missing('chromium'));
const KEYCARD_PROGRAM_ID = 'f701dafb-5765-4cf4-b1dd-1f602a740ae5';
const plain = (text) => text.normalize('NFD').replace(/\p{M}/gu, '');

/** An Enrolled member with a single membership whose last name carries diacritics. */
async function accentedMember(stack) {
  for (const m of await someMemberships(stack, 400)) {
    if (m.State !== 'Enrolled' || !m.MembershipNumber) continue;
    const guest = await customer(stack, m.AccountId);
    if (!guest?.LastName || plain(guest.LastName) === guest.LastName || !/^[\p{L} ]+$/u.test(guest.LastName)) continue;
    if ((await membershipsOf(stack, m.AccountId)).length !== 1) continue;
    return { membership: m, guest };
  }
  throw new Error('no Enrolled member with an accented last name in the seed');
}

describe('Chromium: popup quick search', { skip }, () => {
  let stack;
  let browser;
  let enterpriseId;
  let popup;

  async function openPopup() {
    popup = await browser.context.newPage();
    await popup.setViewportSize({ width: 420, height: 640 });
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    return popup.getByRole('combobox', { name: 'Search members' });
  }

  before(async () => {
    stack = await startStack();
    browser = await launchChromium();
    enterpriseId = (await enterprise(stack)).Id;
    const code = await stack.pairingCode('Desk 1', 'desk');
    const options = await pairChromium(browser.context, browser.extensionId, { proxyUrl: stack.proxyUrl, code });
    // Links from the popup go to the sandbox's look-alike Mews Operations.
    await options.getByLabel('Mews Operations URL').fill(stack.sandboxUrl);
    await options.getByRole('button', { name: 'Save' }).click();
    await options.getByText('Saved.', { exact: false }).waitFor();
    await options.close();
  });
  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('draws the search box styled from popup.html alone, with no stylesheet to wait for', async () => {
    // The app held back (it loads from the first animation frame): what the first frame shows.
    popup = await browser.context.newPage();
    await popup.setViewportSize({ width: 420, height: 640 });
    await popup.addInitScript(() => (window.requestAnimationFrame = () => 0));
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    const first = await popup.evaluate(() => {
      const box = getComputedStyle(document.querySelector('#kc-search'));
      return {
        stylesheets: document.querySelectorAll('link[rel="stylesheet"]').length,
        width: getComputedStyle(document.querySelector('.kc-popup')).width,
        box: [box.borderRadius, box.borderTopStyle, box.paddingLeft],
        focused: document.activeElement?.id,
        top: document.querySelector('#kc-search').getBoundingClientRect().top,
      };
    });
    const { top: firstTop, ...look } = first;
    assert.deepEqual(look, { stylesheets: 0, width: '380px', box: ['6px', 'solid', '8px'], focused: 'kc-search' });
    await popup.screenshot({ path: await screenshotPath('chromium-popup-first-frame') });
    await popup.close();
    // The box stays where the first frame drew it when its label's words arrive: the desk may be typing already.
    const drawn = await browser.context.newPage();
    await drawn.setViewportSize({ width: 420, height: 640 });
    await drawn.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    await drawn.getByRole('combobox', { name: 'Search members' }).waitFor();
    const top = await drawn.evaluate(() => document.querySelector('#kc-search').getBoundingClientRect().top);
    assert.equal(top, firstTop, 'the search box moved when the popup drew its words');
    await drawn.close();
  });

  it('waits for the member cache to sync, then finds a member by last-name prefix typed without accents', async () => {
    const { membership, guest } = await accentedMember(stack);
    const box = await openPopup();
    // The popup's sync line follows the sync while the popup is open, and says when the cache holds the members.
    const synced = popup.locator('[data-field="synced"]').filter({ hasText: /· synced / });
    await synced.waitFor({ timeout: 60_000 }).catch(async () => {
      assert.fail(`member cache did not sync within 60 s; the popup says: ${await popup.locator('[data-field="synced"]').textContent().catch(() => '(no sync line)')}`);
    });
    assert.equal(await popup.evaluate(() => document.activeElement?.getAttribute('role')), 'combobox');
    const typed = plain(guest.LastName).toLowerCase();
    assert.notEqual(typed, guest.LastName.toLowerCase());
    await box.pressSequentially(typed);
    const row = popup.locator(`[data-result="${membership.Id}"]`);
    await row.waitFor({ timeout: 5_000 });
    assert.equal(await row.getAttribute('data-origin'), 'last', 'found in the cache by last name');
    assert.match(await row.textContent(), new RegExp(guest.LastName));
    await popup.locator('[role="status"]').filter({ hasText: /found/ }).waitFor();
    await popup.screenshot({ path: await screenshotPath('chromium-popup-results') });

    // The membership number with a space in it finds them exactly, first.
    await box.press('Escape');
    assert.equal(await box.inputValue(), '');
    const number = membership.MembershipNumber;
    await box.pressSequentially(`${number.slice(0, 5)} ${number.slice(5)}`);
    const first = popup.locator('[data-result]').first();
    await popup.locator(`[data-result="${membership.Id}"][data-origin="number"]`).waitFor({ timeout: 5_000 });
    assert.equal(await first.getAttribute('data-result'), membership.Id);
    assert.equal(await box.getAttribute('aria-activedescendant'), await first.getAttribute('id'));

    // Enter opens the guest in Mews Operations; the panel there shows the same points.
    const opened = browser.context.waitForEvent('page');
    await box.press('Enter');
    const guestPage = await opened;
    await guestPage.waitForLoadState();
    assert.equal(guestPage.url(), guestUrl(stack, enterpriseId, guest.Id));
    await waitForPoints(await panelFrame(guestPage), membership.Id, membership.Points);
    const shown = await first.locator('[data-field="points"]').textContent();
    assert.equal(Number(shown.replace(/[^\d]/g, '')), membership.Points);
    await guestPage.close();
    await popup.close();
  });

  it('opens a member in detail from the keyboard, loading the panel\u2019s script only then, and adjusts points there', async () => {
    const { membership, guest } = await accentedMember(stack);
    const box = await openPopup();
    // The scripts the popup runs, as its debugger sees them (extension pages leave no resource timings).
    const parsed = [];
    const cdp = await browser.context.newCDPSession(popup);
    cdp.on('Debugger.scriptParsed', ({ url }) => parsed.push(url));
    await cdp.send('Debugger.enable');
    /** The panel's chunks (model and views) the popup has run so far (issue 19: loaded with the first detail). */
    const panelScripts = () => [...new Set(parsed.filter((url) => /\/chunks\/(?:panel-model|PanelContent)-/.test(url)))];
    await box.pressSequentially(membership.MembershipNumber);
    await popup.locator(`[data-result="${membership.Id}"]`).waitFor({ timeout: 5_000 });
    assert.deepEqual(panelScripts(), [], 'the popup searches without the panel\u2019s script');

    // ArrowRight at the end of the text opens the active row in detail; Back takes the focus at once.
    await box.press('ArrowRight');
    const back = popup.getByRole('button', { name: '← Results' });
    await back.waitFor();
    assert.equal(await popup.evaluate(() => document.activeElement?.textContent), '← Results');
    await waitForPoints(popup.mainFrame(), membership.Id, membership.Points);
    assert.equal(await popup.getByRole('heading', { level: 2 }).first().textContent(), `${guest.FirstName} ${guest.LastName}`.trim());
    assert.equal(panelScripts().length, 2, 'the panel\u2019s model and views came with the detail');
    await popup.screenshot({ path: await screenshotPath('chromium-popup-detail') });

    // Adjust points with the keyboard: Enter on the card's button, the form's fields, Enter to apply.
    const adjust = card(popup, membership.Id).getByRole('button', { name: 'Adjust points' });
    await adjust.focus();
    await adjust.press('Enter');
    const points = popup.getByLabel('Points');
    await points.waitFor();
    await points.pressSequentially('7');
    await popup.getByLabel('Reason').selectOption('bonus');
    await points.press('Enter');
    await waitForPoints(popup.mainFrame(), membership.Id, membership.Points + 7);

    // Esc: back to the list, whose row shows the balance the detail showed.
    await popup.keyboard.press('Escape');
    const row = popup.locator(`[data-result="${membership.Id}"]`);
    await row.waitFor();
    assert.equal(Number((await row.locator('[data-field="points"]').textContent()).replace(/[^\d]/g, '')), membership.Points + 7);
    // A second detail has the panel's script at hand: it shows the member at once.
    await popup.getByRole('combobox', { name: 'Search members' }).press('ArrowRight');
    await waitForPoints(popup.mainFrame(), membership.Id, membership.Points + 7);
    await popup.close();
  });

  it('lists a member created in Mews after the sync from the proxy search, below the cache', async () => {
    const lastName = `Quillfeather${Date.now().toString(36).replace(/\d/g, '')}`;
    const guest = await newGuest(stack, { FirstName: 'Órla', LastName: lastName, Email: `orla.${Date.now()}@example.com` });
    const number = `KCR9${String(Date.now()).slice(-7)}`;
    await stack.mews('loyaltyMemberships/add', {
      LoyaltyMemberships: [{ AccountId: guest.Id, LoyaltyProgramId: KEYCARD_PROGRAM_ID, IsPrimary: true, MembershipNumber: number, Points: 777 }],
    });
    const box = await openPopup();
    await box.pressSequentially(lastName.toLowerCase());
    const row = popup.locator(`[data-account-id="${guest.Id}"]`);
    await row.waitFor({ timeout: 10_000 });
    assert.equal(await row.getAttribute('data-origin'), 'proxy');
    assert.match(await row.textContent(), /777/);
    await popup.screenshot({ path: await screenshotPath('chromium-popup-proxy-result') });
    await popup.close();
  });
});
