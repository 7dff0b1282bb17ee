// Finding the guest is data, served by the proxy (issue 16 item 3), and "Open in Mews" goes to the
// proxy's Mews Operations (issue 18 defect 2), end to end in real Chromium against the real proxy
// and sandbox, with the dev build as it is (nothing rebuilt for the rules the proxy serves):
// a guest page with a trailing tab and a query string shows the panel; a page at an address only
// the proxy's GUEST_PAGES knows shows it too; `npm run keycard -- panel off` hides it on an open
// page within the refresh period (CONTEXT_REFRESH_S, 1 s here; a minute at most) while the popup
// keeps working, and `on` brings it back; a page without a guest offers Find guest; the popup's
// Enter opens the sandbox's guest page with no Mews Operations URL set on the desk.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { launchChromium, missing, screenshotPath, skipLoudly } from './support/browsers.mjs';
import { card, eventually, pairChromium, panelFrame } from './support/desk.mjs';
import { enterprise, tieredMember } from './support/sandbox-data.mjs';
import { ROOT, startStack } from './support/stack.mjs';

const skip = skipLoudly(missing('chromium'));
const run = promisify(execFile);
/** A profile at an address no shipped rule knows (the sandbox serves it, server/sandbox/pages/routes.ts). */
const PROFILE_2027 = { name: 'profile-2027', pattern: '/Commander/:enterpriseId/Guests/Profile/:customerId', kind: 'customer' };
const SHIPPED = [
  { name: 'customer-detail', pattern: '/Commander/:enterpriseId/Customer/Detail/:customerId', kind: 'customer' },
  { name: 'reservation-detail', pattern: '/Commander/:enterpriseId/Reservation/Detail/:reservationId', kind: 'reservation' },
];

describe('Chromium: guest pages served by the proxy', { skip }, () => {
  let stack;
  let browser;
  let enterpriseId;
  let member;

  /** `npm run keycard -- …` against the stack's store, as hotel IT runs it. */
  const keycard = async (...args) =>
    (await run(join(ROOT, 'node_modules/.bin/tsx'), ['server/proxy/cli.ts', ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: stack.databaseUrl } })).stdout;
  const hasPanel = (page) => page.frames().some((frame) => frame.url().includes('/panel-frame.html') && !frame.isDetached());

  before(async () => {
    [stack, browser] = await Promise.all([
      startStack({ customers: 400, proxyEnv: { GUEST_PAGES: JSON.stringify([...SHIPPED, PROFILE_2027]), CONTEXT_REFRESH_S: '1' } }),
      launchChromium(),
    ]);
    enterpriseId = (await enterprise(stack)).Id;
    member = await tieredMember(stack, 2);
    // Only paired: the desk sets no Mews Operations URL (the proxy names the sandbox).
    const options = await pairChromium(browser.context, browser.extensionId, { proxyUrl: stack.proxyUrl, code: await stack.pairingCode('Desk 1', 'desk') });
    await options.close();
  });
  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  async function showsMember(page) {
    const panel = await panelFrame(page);
    await card(panel, member.Id).locator('[data-field="points"]').waitFor({ timeout: 15_000 });
    return panel;
  }

  /** Opens the member's page at `path` (after the enterprise) and waits for the panel to show them. */
  async function panelShowsMemberAt(path, screenshot) {
    const page = await browser.context.newPage();
    await page.goto(`${stack.sandboxUrl}/Commander/${enterpriseId}/${path}`);
    await showsMember(page);
    await page.screenshot({ path: await screenshotPath(screenshot) });
    await page.close();
  }

  /** The popup's search, as a tab; resolves once the member's row is listed for their number. */
  async function popupFindsMember() {
    const popup = await browser.context.newPage();
    await popup.setViewportSize({ width: 420, height: 640 });
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    const box = popup.getByRole('combobox', { name: 'Search members' });
    await box.pressSequentially(member.MembershipNumber ?? '');
    const row = popup.locator(`[data-result="${member.Id}"]`);
    await row.waitFor({ timeout: 15_000 });
    return { popup, box, row };
  }

  it('a guest page with a trailing tab and a query string shows the panel', async () => {
    await panelShowsMemberAt(`Customer/Detail/${member.AccountId}/Profile?tab=loyalty&from=search`, 'chromium-guest-page-extra-segment');
  });

  it("a rule the proxy serves for a new address takes effect without rebuilding the extension", async () => {
    await panelShowsMemberAt(`Guests/Profile/${member.AccountId}`, 'chromium-guest-page-served-rule');
  });

  it('`panel off` hides the panel on an open page within the refresh period; the popup keeps working; `on` shows it again', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${stack.sandboxUrl}/Commander/${enterpriseId}/Customer/Detail/${member.AccountId}`);
    await showsMember(page);

    assert.match(await keycard('panel', 'off'), /^Panel turned off/m);
    await eventually(() => !hasPanel(page), 'the panel to go after `panel off`', 15_000);
    assert.equal(await page.locator('keycard-panel').count(), 0, 'no host element left in the Mews page');
    await page.screenshot({ path: await screenshotPath('chromium-panel-off') });

    const { popup } = await popupFindsMember();
    await popup.close();

    assert.match(await keycard('panel', 'on'), /^Panel turned on/m);
    await showsMember(page);
    await page.close();
  });

  it('a Mews page with no guest offers Find guest on the folded panel, which opens the quick search', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${stack.sandboxUrl}/Commander/${enterpriseId}/Customer/Index`);
    const panel = await panelFrame(page);
    const find = panel.getByRole('button', { name: 'Find guest' });
    await find.waitFor({ timeout: 15_000 });
    await page.screenshot({ path: await screenshotPath('chromium-panel-find-guest') });
    const [search] = await Promise.all([browser.context.waitForEvent('page'), find.click()]);
    await search.waitForLoadState();
    assert.equal(new URL(search.url()).pathname, '/popup.html');
    await search.getByRole('combobox', { name: 'Search members' }).waitFor();
    await search.close();
    await page.close();
  });

  it("the popup's Enter opens the guest in the sandbox's Mews Operations, as the proxy names it", async () => {
    const { box, row } = await popupFindsMember();
    await eventually(async () => (await row.getAttribute('aria-selected')) === 'true', 'the member to be the active row');
    const [guestPage] = await Promise.all([browser.context.waitForEvent('page'), box.press('Enter')]);
    await guestPage.waitForLoadState();
    assert.equal(guestPage.url(), `${stack.sandboxUrl}/Commander/${enterpriseId}/Customer/Detail/${member.AccountId}`);
    await showsMember(guestPage);
    await guestPage.screenshot({ path: await screenshotPath('chromium-popup-opens-sandbox') });
    await guestPage.close();
  });
});
