// The guest panel, end to end in real Chromium against the real proxy and sandbox:
// pair, look a member up, follow single-page navigation, enroll, adjust, undo, hostile names,
// reservation pages, and the unreachable-proxy state. Screenshots go to test-results/screenshots.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { launchChromium, missing, screenshotPath, skipLoudly } from './support/browsers.mjs';
import { startStack } from './support/stack.mjs';
import { card, eventually, pairChromium, panelFrame, waitForPoints } from './support/desk.mjs';
import {
  enterprise,
  guestUrl,
  membership,
  membershipsOf,
  newGuest,
  tier,
  tieredMember,
} from './support/sandbox-data.mjs';

const skip = skipLoudly(missing('chromium'));

describe('Chromium: the guest panel at a paired desk', { skip }, () => {
  let stack;
  let browser;
  let enterpriseId;
  let page;
  const dialogs = [];

  before(async () => {
    stack = await startStack();
    browser = await launchChromium();
    enterpriseId = (await enterprise(stack)).Id;
    const code = await stack.pairingCode('Desk 1', 'desk');
    const options = await pairChromium(browser.context, browser.extensionId, { proxyUrl: stack.proxyUrl, code });
    await options.screenshot({ path: await screenshotPath('chromium-options-paired') });
    await options.close();
    page = await browser.context.newPage();
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
  });
  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('shows a member the same points, tier and state as Mews holds', async () => {
    const member = await tieredMember(stack);
    const expectedTier = await tier(stack, member.LoyaltyProgramId, member.LoyaltyTierId);
    await page.goto(guestUrl(stack, enterpriseId, member.AccountId));
    const panel = await panelFrame(page);
    await waitForPoints(panel, member.Id, member.Points);
    const memberCard = card(panel, member.Id);
    assert.equal((await memberCard.locator('[data-field="tier"]').textContent()).trim(), expectedTier.Name);
    assert.equal((await memberCard.locator('[data-field="state"]').textContent()).trim(), member.State);
    assert.equal((await memberCard.locator('[data-field="number"]').textContent()).trim(), member.MembershipNumber);
    await page.screenshot({ path: await screenshotPath('chromium-panel-member') });
  });

  it('follows single-page navigation to another guest', async () => {
    const next = await tieredMember(stack, 1);
    await page.evaluate((url) => {
      history.pushState({}, '', url);
      dispatchEvent(new PopStateEvent('popstate'));
    }, new URL(guestUrl(stack, enterpriseId, next.AccountId)).pathname);
    await waitForPoints(await panelFrame(page), next.Id, next.Points, 5_000);
  });

  it('enrolls a guest who is not a member', async () => {
    const guest = await newGuest(stack, { FirstName: 'Zdeňka', LastName: 'Nováková', Email: `zdenka.${Date.now()}@example.com` });
    await page.goto(guestUrl(stack, enterpriseId, guest.Id));
    const panel = await panelFrame(page);
    const enroll = panel.getByRole('button', { name: 'Enroll' });
    await enroll.waitFor({ timeout: 10_000 });
    await page.screenshot({ path: await screenshotPath('chromium-panel-non-member') });
    await enroll.click();
    await panel.locator('[data-membership-id]').first().waitFor({ timeout: 10_000 });
    const memberships = await membershipsOf(stack, guest.Id);
    assert.equal(memberships.length, 1);
    assert.equal(memberships[0].State, 'Enrolled');
    assert.equal(memberships[0].IsPrimary, true);
  });

  it('adds exactly 250 bonus points, and Undo takes them back', async () => {
    const member = await tieredMember(stack, 2);
    const before = (await membership(stack, member.Id)).Points;
    await page.goto(guestUrl(stack, enterpriseId, member.AccountId));
    const panel = await panelFrame(page);
    await waitForPoints(panel, member.Id, before);
    await card(panel, member.Id).getByRole('button', { name: 'Adjust points' }).click();
    await panel.getByLabel('Points').fill('250');
    await panel.getByLabel('Reason').selectOption('bonus');
    await page.screenshot({ path: await screenshotPath('chromium-panel-adjust-form') });
    await panel.getByRole('button', { name: 'Apply' }).click();
    await waitForPoints(panel, member.Id, before + 250);
    assert.equal((await membership(stack, member.Id)).Points, before + 250);
    await page.screenshot({ path: await screenshotPath('chromium-panel-adjusted') });

    await panel.getByRole('button', { name: /Undo/ }).click();
    await waitForPoints(panel, member.Id, before);
    assert.equal((await membership(stack, member.Id)).Points, before);
  });

  it('works from the keyboard: Tab reaches the panel, Escape folds it, Enter opens it, and Mews sees no keystroke', async () => {
    const member = await tieredMember(stack, 4);
    await page.goto(guestUrl(stack, enterpriseId, member.AccountId));
    const panel = await panelFrame(page);
    await waitForPoints(panel, member.Id, (await membership(stack, member.Id)).Points);
    await page.evaluate(() => {
      window.__keysSeenByMews = [];
      document.addEventListener('keydown', (event) => window.__keysSeenByMews.push(event.key), true);
    });
    const focusedInPanel = () => panel.evaluate(() => (document.hasFocus() ? document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent : null));
    // From the page's last field onwards, Tab walks into the panel and on to Collapse (after Move to the left edge).
    await page.getByLabel('Birth date').focus();
    let tabs = 0;
    while ((await focusedInPanel()) !== 'Collapse' && tabs < 30) {
      await page.keyboard.press('Tab');
      tabs += 1;
    }
    assert.equal(await focusedInPanel(), 'Collapse', `Tab reached the panel (${tabs} presses)`);
    const keysBefore = (await page.evaluate(() => window.__keysSeenByMews)).length;
    await page.keyboard.press('Escape');
    const tab = panel.getByRole('button', { name: 'Keycard' });
    await tab.waitFor();
    assert.equal(await focusedInPanel(), 'Keycard', 'focus follows to the folded tab');
    // The iframe fits the panel as drawn: the tab's size folded, the card's when open.
    const frameBox = async () => (await panel.frameElement()).boundingBox();
    const tabBox = await tab.boundingBox();
    await eventually(async () => Math.abs((await frameBox()).width - tabBox.width) <= 1, 'the frame folds to the tab');
    await page.screenshot({ path: await screenshotPath('chromium-panel-folded') });
    await page.keyboard.press('Enter');
    await card(panel, member.Id).waitFor();
    assert.equal(await focusedInPanel(), 'Collapse', 'focus follows to the opened panel');
    const aside = await panel.getByRole('complementary', { name: 'Keycard loyalty' }).boundingBox();
    await eventually(async () => {
      const box = await frameBox();
      return box.width === aside.width && Math.abs(box.height - aside.height) <= 1 && box.x + box.width === 1280;
    }, 'the frame fits the open panel, docked to the right edge');
    assert.equal((await page.evaluate(() => window.__keysSeenByMews)).length, keysBefore, 'keys typed in the panel stay in the panel');
  });

  it('reaches the panel from anywhere in Mews: Alt+Shift+P opens Adjust points with the cursor in Points, Alt+Shift+L the panel', async () => {
    const member = await tieredMember(stack, 4);
    const before = (await membership(stack, member.Id)).Points;
    await page.goto(guestUrl(stack, enterpriseId, member.AccountId));
    const panel = await panelFrame(page);
    await waitForPoints(panel, member.Id, before);
    const inPanel = () =>
      panel.evaluate(() => {
        if (!document.hasFocus()) return null;
        const element = document.activeElement;
        return element?.labels?.[0]?.textContent?.trim() || element?.getAttribute('aria-label') || element?.textContent?.trim() || null;
      });
    const birthDate = page.getByLabel('Birth date');
    const typedBefore = await birthDate.inputValue();
    await birthDate.focus();
    await page.keyboard.press('Alt+Shift+KeyP');
    await eventually(async () => (await inPanel()) === 'Points', 'the cursor in the panel’s Points field');
    await page.keyboard.type('25');
    await panel.getByLabel('Reason').selectOption('bonus');
    await panel.getByLabel('Points').press('Enter');
    await waitForPoints(panel, member.Id, before + 25);
    assert.equal((await membership(stack, member.Id)).Points, before + 25, 'Mews holds exactly +25');
    assert.equal(await birthDate.inputValue(), typedBefore, 'nothing typed reached the Mews field');
    await page.screenshot({ path: await screenshotPath('chromium-panel-shortcut-adjusted') });
    await birthDate.focus();
    await page.keyboard.press('Alt+Shift+KeyL');
    await eventually(async () => (await inPanel()) === 'Collapse', 'the cursor on the panel’s first control');
  });

  it('keeps following the page after Chromium stops the idle service worker (and its ports)', async () => {
    const member = await tieredMember(stack, 5);
    await page.goto(guestUrl(stack, enterpriseId, member.AccountId));
    const panel = await panelFrame(page);
    await waitForPoints(panel, member.Id, (await membership(stack, member.Id)).Points);
    const cdp = await browser.context.newCDPSession(page);
    const stopped = new Promise((resolve) =>
      cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => versions.some((v) => v.runningStatus === 'stopped') && resolve()),
    );
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await stopped;
    await cdp.detach();
    // The guest changes while the worker that joined the panel to the page is gone.
    const next = await tieredMember(stack, 6);
    await page.evaluate((path) => history.pushState({}, '', path), new URL(guestUrl(stack, enterpriseId, next.AccountId)).pathname);
    await waitForPoints(panel, next.Id, (await membership(stack, next.Id)).Points);
  });

  it('renders a guest name holding HTML as text, and runs no script', async () => {
    const guest = await newGuest(stack, { FirstName: '<script>alert(1)</script>', LastName: '<img src=x onerror=alert(2)>' });
    await page.goto(guestUrl(stack, enterpriseId, guest.Id));
    const frame = await panelFrame(page);
    await frame.getByRole('button', { name: 'Enroll' }).waitFor({ timeout: 10_000 });
    const panel = frame.getByRole('complementary', { name: 'Keycard loyalty' });
    assert.match(await panel.textContent(), /<img src=x onerror=alert\(2\)>/);
    assert.equal(await panel.locator('img, script').count(), 0);
    assert.deepEqual(dialogs, []);
    await page.screenshot({ path: await screenshotPath('chromium-panel-html-name') });
  });

  it("shows a reservation's owner on a reservation page", async () => {
    const member = await tieredMember(stack, 3);
    const { Reservations } = await stack.mews('reservations/getAll/2023-06-06', {
      AccountIds: [member.AccountId],
      Limitation: { Count: 10 },
    });
    let reservationId = Reservations[0]?.Id;
    if (!reservationId) {
      // Not every seeded member has a stay; find any reservation whose owner is a member.
      const { Reservations: recent } = await stack.mews('reservations/getAll/2023-06-06', { Limitation: { Count: 100 } });
      for (const reservation of recent) {
        const [owned] = await membershipsOf(stack, reservation.AccountId);
        if (owned) {
          reservationId = reservation.Id;
          member.Id = owned.Id;
          member.Points = owned.Points;
          break;
        }
      }
    }
    assert.ok(reservationId, 'the seed has a reservation owned by a member');
    await page.goto(`${stack.sandboxUrl}/Commander/${enterpriseId}/Reservation/Detail/${reservationId}`);
    await waitForPoints(await panelFrame(page), member.Id, (await membership(stack, member.Id)).Points);
  });

  it('says calmly that the proxy is unreachable, and offers to retry', async () => {
    // A guest this desk never saw: nothing saved offline (a cached member shows saved data instead).
    const guest = await newGuest(stack, { FirstName: 'Offline', LastName: `Stranger ${Date.now()}` });
    await stack.stopProxy();
    await page.goto(guestUrl(stack, enterpriseId, guest.Id));
    const panel = (await panelFrame(page)).getByRole('complementary', { name: 'Keycard loyalty' });
    await panel.getByText(/Keycard server unreachable/).waitFor({ timeout: 20_000 });
    assert.ok(await panel.getByRole('button', { name: /Retry|Try again/i }).count());
    await page.screenshot({ path: await screenshotPath('chromium-panel-unreachable') });
  });
});
