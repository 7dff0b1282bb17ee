/** What a receptionist does with the extension, as reusable steps for browser tests. */

/** Pairs the browser through the options page, as a desk would on first use. */
export async function pairChromium(context, extensionId, { proxyUrl, code, deviceName = 'Desk 1' }) {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/options.html`);
  await page.getByLabel('Proxy URL').fill(proxyUrl);
  await page.getByLabel('Device name').fill(deviceName);
  await page.getByLabel('Pairing code').fill(code);
  await page.getByRole('button', { name: 'Pair' }).click();
  await page.locator('[data-field="connection"].is-paired').waitFor({ timeout: 15_000 });
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
