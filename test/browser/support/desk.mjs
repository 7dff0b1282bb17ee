/** What a receptionist does with the extension, as reusable steps for browser tests. */
import assert from 'node:assert/strict';

/**
 * Pairs the browser through the options page, as a desk would on first use. `deviceName` is
 * the name the code was minted for: the desk types no name, and the page must show that one.
 */
export async function pairChromium(context, extensionId, { proxyUrl, code, deviceName = 'Desk 1' }) {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/options.html`);
  await page.getByLabel('Proxy URL').fill(proxyUrl);
  await page.getByLabel('Pairing code').fill(code);
  await page.getByRole('button', { name: 'Pair' }).click();
  await page.locator('[data-field="connection"].is-paired').waitFor({ timeout: 15_000 });
  assert.equal(await page.getByLabel('Device name').inputValue(), deviceName);
  return page;
}

/** Only the digits (and sign) of a rendered number: "12 345" or "12,345" → 12345. */
export function parsePoints(text) {
  return Number(text.replace(/[^\d-]/g, ''));
}

/** The panel's card for one membership. */
export function card(page, membershipId) {
  return page.locator(`[data-membership-id="${membershipId}"]`);
}

/** Waits until the card shows `expected` points; returns the text it showed last. */
export async function waitForPoints(page, membershipId, expected, timeout = 10_000) {
  const field = card(page, membershipId).locator('[data-field="points"]');
  const deadline = Date.now() + timeout;
  let last = '';
  while (Date.now() < deadline) {
    last = (await field.textContent({ timeout }).catch(() => '')) ?? '';
    if (last && parsePoints(last) === expected) return last;
    await page.waitForTimeout(50);
  }
  throw new Error(`panel showed "${last}" points, expected ${expected}`);
}

// Firefox (puppeteer-core over WebDriver BiDi): the same steps, with puppeteer's selectors.
// `>>>` pierces the panel's (open) shadow root; goto() of a moz-extension:// page never
// resolves there, so extension pages are started and then waited for by their content.

/** Firefox: empties a field and types `text` into it, as a desk would. */
export async function typeIntoFirefox(page, selector, text) {
  const field = await page.waitForSelector(selector, { timeout: 15_000 });
  await field.click({ count: 3 });
  await page.keyboard.press('Backspace');
  await field.type(text);
}

/**
 * Opens one of the extension's own pages (options.html, popup.html) in a new Firefox tab and
 * waits until that document (not the tab's first about:blank) has loaded. Puppeteer does not
 * follow the about:blank → moz-extension:// switch (page.url() stays about:blank), and a
 * waitForSelector still polling in the old document when it goes fails at once with Firefox's
 * "unknown error … right-hand side of 'in' should be an object, got null" instead of retrying.
 */
export async function openFirefoxExtensionPage(firefox, path, timeout = 15_000) {
  const page = await firefox.browser.newPage();
  page.goto(`moz-extension://${firefox.extensionUuid}/${path}`).catch(() => {});
  const deadline = Date.now() + timeout;
  let last = '';
  for (;;) {
    last = await page
      .evaluate(() => `${location.href} ${document.readyState}`)
      .catch((error) => `evaluate failed: ${error.message}`);
    if (last.startsWith('moz-extension://') && last.endsWith(' complete')) return page;
    if (Date.now() > deadline) throw new Error(`${path} did not load within ${timeout} ms: ${last}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Pairs Firefox through the options page (`deviceName`: as for Chromium); returns that page, still open. */
export async function pairFirefox(firefox, { proxyUrl, code, deviceName = 'Desk 1' }) {
  const page = await openFirefoxExtensionPage(firefox, 'options.html');
  await typeIntoFirefox(page, '#kc-proxy-url', proxyUrl);
  await typeIntoFirefox(page, '#kc-pairing-code', code);
  await (await page.waitForSelector('button[type="submit"]')).click();
  await page.waitForSelector('[data-field="connection"].is-paired', { timeout: 15_000 });
  assert.equal(await page.$eval('#kc-device-name', (field) => field.value), deviceName);
  return page;
}

/** Firefox: the selector of the panel's card for one membership, through the shadow root. */
export function firefoxCard(membershipId) {
  return `>>> [data-membership-id="${membershipId}"]`;
}

/** Firefox: waits until the card shows `expected` points; returns the text it showed last. */
export async function waitForPointsFirefox(page, membershipId, expected, timeout = 10_000) {
  const selector = `${firefoxCard(membershipId)} [data-field="points"]`;
  const deadline = Date.now() + timeout;
  let last = '';
  while (Date.now() < deadline) {
    last = (await page.$eval(selector, (el) => el.textContent).catch(() => '')) ?? '';
    if (last && parsePoints(last) === expected) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`panel showed "${last}" points, expected ${expected}`);
}

/** Pairs Chromium as a manager device; answers its options page, tall enough for the program forms. */
export async function managerOptionsChromium(stack, browser, deviceName = 'Manager 1') {
  const code = await stack.pairingCode(deviceName, 'manager');
  const options = await pairChromium(browser.context, browser.extensionId, { proxyUrl: stack.proxyUrl, code, deviceName });
  await options.setViewportSize({ width: 1000, height: 1400 });
  return options;
}
