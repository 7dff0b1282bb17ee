// Offline writes and the popup's quick search in real Firefox ESR, against the real proxy and
// sandbox (the ground offline.chromium and popup.chromium cover in Chromium): a desk paired
// through the options page downloads the members; with the proxy stopped, +10 on a guest page
// waits in the outbox, shown pending, and Mews does not move; when the proxy is back the +10
// reaches Mews exactly once; the popup, opened as a tab, finds that member by a last-name
// prefix from the cache with the points Mews holds. Screenshots go to test-results/screenshots.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { launchFirefox, missing, screenshotPath, skipLoudly } from './support/browsers.mjs';
import { startStack } from './support/stack.mjs';
import {
  firefoxCard,
  openFirefoxExtensionPage,
  pairFirefox,
  panelFrameFirefox,
  parsePoints,
  typeIntoFirefox,
  waitForPointsFirefox,
} from './support/desk.mjs';
import { customer, enterprise, guestUrl, membership, tieredMember } from './support/sandbox-data.mjs';

const skip = skipLoudly(missing('firefox'));
const PANEL = 'aside[aria-label="Keycard loyalty"]';
const plain = (text) => text.normalize('NFD').replace(/\p{M}/gu, '');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls the text of `selector` until `test` accepts it; returns that text. */
async function waitForText(page, selector, test, timeout = 10_000) {
  const deadline = Date.now() + timeout;
  let last = null;
  while (Date.now() < deadline) {
    last = await page.$eval(selector, (el) => el.textContent).catch(() => null);
    if (last !== null && test(last)) return last;
    await sleep(100);
  }
  throw new Error(`${selector} showed ${JSON.stringify(last)} after ${timeout} ms`);
}

/** Until `selector` matches nothing (puppeteer's hidden option also accepts a hidden node). */
async function waitForGone(page, selector, timeout = 10_000) {
  const deadline = Date.now() + timeout;
  while ((await page.$(selector)) !== null) {
    if (Date.now() > deadline) throw new Error(`${selector} still there after ${timeout} ms`);
    await sleep(100);
  }
}

/** Adjusts points in the panel's `frame`, as a desk does. */
async function adjust(frame, membershipId, points, reason) {
  const cardSelector = firefoxCard(membershipId);
  await frame
    .locator(`${cardSelector} button`)
    .filter((button) => button.textContent.trim() === 'Adjust points')
    .click();
  await typeIntoFirefox(frame, `${cardSelector} form.kc-adjust input[inputmode="numeric"]`, String(points));
  const chosen = await (await frame.waitForSelector(`${cardSelector} form.kc-adjust select`)).select(reason);
  assert.deepEqual(chosen, [reason]);
  await (await frame.waitForSelector(`${cardSelector} form.kc-adjust button[type="submit"]`)).click();
}

async function guestPage(firefox, url) {
  const page = await firefox.browser.newPage();
  await page.setViewport({ width: 1280, height: 800 });
  await page.goto(url);
  return page;
}

describe('Firefox: offline writes and the popup search', { skip }, () => {
  let stack;
  let firefox;
  let enterpriseId;
  let member;
  let start;

  before(async () => {
    stack = await startStack();
    enterpriseId = (await enterprise(stack)).Id;
    member = await tieredMember(stack, 0);
    firefox = await launchFirefox();
  });
  after(async () => {
    await firefox?.close();
    await stack?.stop();
  });

  it('pairs through the options page and saves the members for offline use', async () => {
    const code = await stack.pairingCode('Firefox desk', 'desk');
    const options = await pairFirefox(firefox, { proxyUrl: stack.proxyUrl, code, deviceName: 'Firefox desk' });
    const connection = await options.$eval('[data-field="connection"]', (el) => el.textContent);
    assert.match(connection, /Firefox desk/);
    const said = await waitForText(options, '[data-field="sync-progress"]', (text) => /members saved for offline use$/.test(text), 60_000);
    assert.match(said, /^[\d,]+ members saved for offline use$/);
    assert.ok(parsePoints(said) > 0, `nothing cached: ${said}`);
    await options.screenshot({ path: await screenshotPath('firefox-options-synced') });
    await options.close();
  });

  it('with the proxy stopped, queues +10 and shows it pending while Mews stays put', async () => {
    start = (await membership(stack, member.Id)).Points;
    await stack.stopProxy();
    const page = await guestPage(firefox, guestUrl(stack, enterpriseId, member.AccountId));
    const frame = await panelFrameFirefox(page);
    // The member was never opened at this desk: the points come from the synced cache.
    await waitForPointsFirefox(frame, member.Id, start, 15_000);
    await waitForText(frame, PANEL, (text) => /Keycard server unreachable — showing saved data from \d\d:\d\d/.test(text));
    await adjust(frame, member.Id, 10, 'bonus');
    const pending = await waitForText(frame, `${firefoxCard(member.Id)} [data-field="pending"]`, () => true);
    assert.equal(pending.trim(), '+10 pending — will sync when the Keycard server is back');
    await waitForText(frame, PANEL, (text) => text.includes('Saved offline: +10 points will sync when the Keycard server is back.'));
    // The saved balance stays as it was, marked; Mews has not moved.
    await waitForPointsFirefox(frame, member.Id, start);
    const unit = await frame.$eval(`${firefoxCard(member.Id)} .kc-points-unit`, (el) => el.textContent);
    assert.equal(unit.trim(), 'points (saved balance)');
    assert.equal((await membership(stack, member.Id)).Points, start);
    await page.screenshot({ path: await screenshotPath('firefox-offline-pending') });
    await page.close();
  });

  it('when the proxy is back, applies the +10 to Mews exactly once', async () => {
    const page = await guestPage(firefox, guestUrl(stack, enterpriseId, member.AccountId));
    let frame = await panelFrameFirefox(page);
    await waitForText(frame, `${firefoxCard(member.Id)} [data-field="pending"]`, (text) => text.includes('+10 pending'), 15_000);
    await stack.startProxy();
    // The open panel's live refresh finds the proxy again and replays the outbox; no reload.
    await waitForPointsFirefox(frame, member.Id, start + 10, 30_000);
    await waitForGone(frame, `${firefoxCard(member.Id)} [data-field="pending"]`);
    assert.equal((await membership(stack, member.Id)).Points, start + 10);
    // Later refreshes, a reload and any second replay change nothing more.
    await sleep(6_000);
    await page.reload();
    frame = await panelFrameFirefox(page);
    await waitForPointsFirefox(frame, member.Id, start + 10, 15_000);
    assert.equal(await frame.$(`${firefoxCard(member.Id)} [data-field="pending"]`), null);
    assert.equal((await membership(stack, member.Id)).Points, start + 10);
    await page.close();
  });

  it('the popup finds the member by a last-name prefix, with the points Mews holds', async () => {
    const guest = await customer(stack, member.AccountId);
    const inMews = (await membership(stack, member.Id)).Points;
    assert.equal(inMews, start + 10);
    // A prefix, as a desk types it: at most six letters, without accents.
    const typed = plain(guest.LastName).toLowerCase().slice(0, 6);
    assert.ok(typed.length >= 2, `last name too short to search by: ${guest.LastName}`);
    const popup = await openFirefoxExtensionPage(firefox, 'popup.html');
    await popup.setViewport({ width: 420, height: 640 });
    const box = await popup.waitForSelector('::-p-aria([name="Search members"][role="combobox"])', { timeout: 15_000 });
    // The sync line is drawn once the script has taken over the static search box.
    await waitForText(popup, '[data-field="synced"]', (text) => /members cached · synced/.test(text), 15_000);
    await box.type(typed);
    const row = `[data-result="${member.Id}"]`;
    await popup.waitForSelector(row, { timeout: 5_000 });
    assert.equal(await popup.$eval(row, (el) => el.getAttribute('data-origin')), 'last', 'found in the cache by last name');
    const name = await popup.$eval(`${row} .kc-result-name`, (el) => el.textContent);
    assert.equal(name, [guest.FirstName, guest.LastName].filter(Boolean).join(' '));
    const shown = await popup.$eval(`${row} [data-field="points"]`, (el) => el.textContent);
    assert.equal(parsePoints(shown), inMews);
    await waitForText(popup, '[role="status"]', (text) => /found/.test(text), 5_000);
    await popup.screenshot({ path: await screenshotPath('firefox-popup-search') });
    await popup.close();
  });
});
