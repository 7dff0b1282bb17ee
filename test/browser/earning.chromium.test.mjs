// Earning rules and crediting past stays, end to end in real Chromium against the real proxy
// and sandbox: a manager sets a program's rules from the keyboard (one value the proxy refuses,
// shown on its field), then previews and credits the seeded stays of a past week; a second
// preview has nothing left to credit. Screenshots go to test-results/screenshots.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { launchChromium, missing, screenshotPath, skipLoudly } from './support/browsers.mjs';
import { startStack } from './support/stack.mjs';
import { pairChromium, parsePoints } from './support/desk.mjs';

const skip = skipLoudly(missing('chromium'));
// Seeded stays check out before the seed's "now" (1 Oct 2026): this week has some.
const WEEK = { from: '2026-09-24', to: '2026-09-30' };

describe('Chromium: earning rules and crediting past stays', { skip }, () => {
  let stack;
  let browser;
  let options;

  before(async () => {
    stack = await startStack();
    browser = await launchChromium();
    const code = await stack.pairingCode('Anna', 'manager');
    options = await pairChromium(browser.context, browser.extensionId, { proxyUrl: stack.proxyUrl, code, deviceName: 'Anna' });
    await options.setViewportSize({ width: 1000, height: 1400 });
  });
  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const rules = () => options.getByRole('region', { name: 'Keycard Rewards' }).getByRole('group', { name: 'Earning rules' });

  it('saves rules from the keyboard; a value the proxy refuses is shown on its field', async () => {
    await rules().getByText('Earns nothing from stays yet').waitFor({ timeout: 15_000 });
    await rules().getByRole('button', { name: 'Edit earning rules of Keycard Rewards' }).focus();
    await options.keyboard.press('Enter');
    const form = rules().getByRole('form', { name: 'Earning rules of Keycard Rewards' });
    // The form opens with the first field focused; Tab walks the fields in reading order.
    assert.equal(await form.getByLabel('Points per night').evaluate((el) => el === document.activeElement), true);
    await options.keyboard.type('10');
    await options.keyboard.press('Tab');
    assert.equal(await form.getByLabel('Points per EUR of revenue').evaluate((el) => el === document.activeElement), true);
    await options.keyboard.type('0.125');
    await form.getByLabel('Bonus per stay').fill('50');
    await form.getByLabel('Revenue counted').selectOption('gross');
    await form.getByLabel('Gold multiplier').fill('1.5');
    await options.keyboard.press('Enter');

    const perEur = form.getByLabel('Points per EUR of revenue');
    await form.getByText('Points per EUR of revenue has at most two decimals.').waitFor({ timeout: 15_000 });
    assert.equal(await perEur.getAttribute('aria-invalid'), 'true');
    assert.equal(await perEur.evaluate((el) => el === document.activeElement), true, 'the refused field takes focus');
    assert.equal(await form.getByRole('alert').textContent(), 'Not saved: correct the marked fields.');
    await options.screenshot({ path: await screenshotPath('chromium-options-earning-refused'), fullPage: true });

    await perEur.fill('0.5');
    assert.match(await form.locator('[data-field="earning-example"]').textContent(), /^A 2-night stay at 100 EUR a night earns 170 points \(Gold: 255\)\.$/);
    await options.keyboard.press('Enter');
    await rules().getByRole('status').filter({ hasText: 'Saved the earning rules of Keycard Rewards as version 1.' }).waitFor({ timeout: 15_000 });
    assert.match(await rules().locator('[data-field="earning-version"]').textContent(), /^Version 1, saved by Anna on /);
    assert.equal(
      await rules().getByRole('button', { name: 'Edit earning rules of Keycard Rewards' }).evaluate((el) => el === document.activeElement),
      true,
      'focus returns to the button that opened the form',
    );
    await options.getByRole('region', { name: 'Keycard Rewards' }).screenshot({ path: await screenshotPath('chromium-options-earning-saved') });

    // Read back from the proxy: the version survives a reload.
    await options.reload();
    await rules().locator('[data-field="earning-summary"]').waitFor({ timeout: 15_000 });
    assert.equal(
      await rules().locator('[data-field="earning-summary"]').textContent(),
      '10 points a night · 0.5 points per EUR (gross) · 50 points bonus per stay · Gold × 1.5',
    );
  });

  it('previews the stays of a past week, credits them, and a second preview finds nothing new', async () => {
    const form = options.getByRole('form', { name: 'Credit past stays' });
    await form.getByLabel('From').fill(WEEK.from);
    await form.getByLabel('To').fill(WEEK.to);
    await form.getByRole('button', { name: 'Preview' }).click();
    const preview = form.getByRole('group', { name: 'Preview' });
    await preview.waitFor({ timeout: 60_000 });
    assert.match(await preview.textContent(), new RegExp(`\\d+ stays? checked out from ${WEEK.from} to ${WEEK.to}`));
    const row = preview.getByRole('row', { name: /Keycard Rewards/ });
    const toCredit = parsePoints(await row.locator('td').nth(2).textContent());
    assert.ok(toCredit > 0, 'the seeded stays of Keycard Rewards members earn points');
    await form.scrollIntoViewIfNeeded();
    await form.screenshot({ path: await screenshotPath('chromium-options-backfill-preview') });

    const credit = form.getByRole('button', { name: /^Credit [\d,]+ points$/ });
    assert.equal(parsePoints(await credit.textContent()), toCredit, 'the button credits what the preview totals (one program has rules)');
    await credit.click();
    const done = form.getByRole('status');
    await done.waitFor({ timeout: 60_000 });
    assert.match(await done.textContent(), new RegExp(`^Credited ${toCredit.toLocaleString('en-US')} points to \\d+ members?\\.$`));
    await form.screenshot({ path: await screenshotPath('chromium-options-backfill-credited') });

    await form.getByRole('button', { name: 'Preview' }).click();
    await form.locator('[data-field="backfill-nothing"]').waitFor({ timeout: 60_000 });
    assert.equal(await form.getByRole('button', { name: /^Credit/ }).count(), 0);
    assert.equal(parsePoints(await form.getByRole('group', { name: 'Preview' }).getByRole('row', { name: /Keycard Rewards/ }).locator('td').nth(2).textContent()), 0);
  });
});
