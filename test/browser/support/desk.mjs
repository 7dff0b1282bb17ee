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
  await page.getByRole('button', { name: 'Pair', exact: true }).click();
  await page.locator('[data-field="connection"].is-paired').waitFor({ timeout: 15_000 });
  assert.equal(await page.getByLabel('Device name').inputValue(), deviceName);
  return page;
}

/** Polls until `check` holds (the sandbox, or the panel, may take a moment); returns what it gave. */
export async function eventually(check, what, timeout = 10_000) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    last = await check();
    if (last) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Only the digits (and sign) of a rendered number: "12 345" or "12,345" → 12345. */
export function parsePoints(text) {
  return Number(text.replace(/[^\d-]/g, ''));
}

/**
 * The panel's frame: an extension page in an iframe inside the Mews page's closed shadow
 * root. Playwright's selectors cannot cross a closed shadow root (nor can the page), so the
 * frame is found among the page's frames by its address; call again after a full navigation.
 * Its locators (`getByRole`, `getByLabel`, `locator`) work as the page's did.
 */
export async function panelFrame(page, timeout = 15_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const frame = page.frames().find((candidate) => candidate.url().includes('/panel-frame.html') && !candidate.isDetached());
    if (frame) return frame;
    if (Date.now() > deadline) throw new Error(`no Keycard panel frame in ${page.url()} within ${timeout} ms`);
    await page.waitForTimeout(50);
  }
}

/** Opens the adjust form on a membership's card, fills it in and applies it, as a desk does. */
export async function adjustPoints(panel, membershipId, points, reason) {
  await card(panel, membershipId).getByRole('button', { name: 'Adjust points' }).click();
  await panel.getByLabel('Points').fill(String(points));
  await panel.getByLabel('Reason').selectOption(reason);
  await panel.getByRole('button', { name: 'Apply' }).click();
}

/** The panel's card for one membership (`panel`: the panel's frame). */
export function card(panel, membershipId) {
  return panel.locator(`[data-membership-id="${membershipId}"]`);
}

/** Waits until the card in `panel` (a frame, see panelFrame) shows `expected` points; returns the text it showed last. */
export async function waitForPoints(panel, membershipId, expected, timeout = 10_000) {
  const field = card(panel, membershipId).locator('[data-field="points"]');
  const deadline = Date.now() + timeout;
  let last = '';
  while (Date.now() < deadline) {
    last = (await field.textContent({ timeout }).catch(() => '')) ?? '';
    if (last && parsePoints(last) === expected) {
      await panelSettled(panel);
      return last;
    }
    await panel.waitForTimeout(50);
  }
  throw new Error(`panel showed "${last}" points, expected ${expected}`);
}

/**
 * Waits until the panel's frame stays put on the page: it moves below Mews's controls when its
 * size changes (keep-clear.ts), and Playwright's own stability check only looks inside the frame,
 * so a click aimed right after the points appeared could land where the button was a moment ago.
 */
export async function panelSettled(panel, timeout = 3_000) {
  const element = await panel.frameElement().catch(() => null);
  if (!element) return;
  const deadline = Date.now() + timeout;
  let last = JSON.stringify(await element.boundingBox());
  while (Date.now() < deadline) {
    await panel.waitForTimeout(120);
    const now = JSON.stringify(await element.boundingBox());
    if (now === last) return;
    last = now;
  }
}

// Firefox (puppeteer-core over WebDriver BiDi): the same steps, with puppeteer's selectors.
// The panel is found as a frame, as in Chromium (its iframe sits in a closed shadow root);
// goto() of a moz-extension:// page never resolves there, so extension pages are started and
// then waited for by their content.

/** Firefox: empties a field and types `text` into it, as a desk would (`page`: a page or a frame). */
export async function typeIntoFirefox(page, selector, text) {
  const field = await page.waitForSelector(selector, { timeout: 15_000 });
  await field.click({ count: 3 });
  await (page.keyboard ?? page.page().keyboard).press('Backspace');
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

/**
 * Firefox: the panel's frame, by the address its document has. Puppeteer over BiDi keeps
 * calling a frame that came from an extension page `about:blank`, so each child frame is asked.
 * Call again after a full navigation.
 */
export async function panelFrameFirefox(page, timeout = 15_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame() || frame.detached) continue;
      const href = await frame.evaluate(() => (document.querySelector('aside') ? location.href : '')).catch(() => '');
      if (href.startsWith('moz-extension://') && href.includes('/panel-frame.html')) return frame;
    }
    if (Date.now() > deadline) throw new Error(`no Keycard panel frame in ${page.url()} within ${timeout} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Firefox: the selector of the panel's card for one membership, inside the panel's frame. */
export function firefoxCard(membershipId) {
  return `[data-membership-id="${membershipId}"]`;
}

/** Firefox: waits until the card in the panel's `frame` shows `expected` points; returns the text it showed last. */
export async function waitForPointsFirefox(frame, membershipId, expected, timeout = 10_000) {
  const selector = `${firefoxCard(membershipId)} [data-field="points"]`;
  const deadline = Date.now() + timeout;
  let last = '';
  while (Date.now() < deadline) {
    last = (await frame.$eval(selector, (el) => el.textContent).catch(() => '')) ?? '';
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
