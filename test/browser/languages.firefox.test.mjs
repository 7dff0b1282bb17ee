// The desk's language in real Firefox: Čeština chosen on the options page, the guest panel
// speaks Czech and formats points the Czech way (12 345, with a no-break space).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { launchFirefox, missing, screenshotPath, skipLoudly } from './support/browsers.mjs';
import { startStack } from './support/stack.mjs';
import { firefoxCard, pairFirefox, panelFrameFirefox } from './support/desk.mjs';
import { enterprise, guestUrl, membershipsOf, newGuest } from './support/sandbox-data.mjs';

const skip = skipLoudly(missing('firefox'));
const KEYCARD_PROGRAM_ID = 'f701dafb-5765-4cf4-b1dd-1f602a740ae5';

describe('Firefox: the desk chooses its language', { skip }, () => {
  let stack;
  let firefox;
  before(async () => {
    stack = await startStack();
    firefox = await launchFirefox();
  });
  after(async () => {
    await firefox?.close();
    await stack?.stop();
  });

  it('shows the panel in Czech with Czech number formatting after Čeština is chosen', async () => {
    const options = await pairFirefox(firefox, { proxyUrl: stack.proxyUrl, code: await stack.pairingCode('Desk 1', 'desk') });
    await options.select('#kc-language', 'cs');
    await options.waitForFunction(() => document.querySelector('label[for="kc-language"]')?.textContent === 'Jazyk', { timeout: 5_000 });
    const guest = await newGuest(stack, { FirstName: 'Božena', LastName: `Němcová${Date.now().toString(36).replace(/\d/g, '')}`, Email: `bozena.${Date.now()}@example.com` });
    await stack.mews('loyaltyMemberships/add', {
      LoyaltyMemberships: [{ AccountId: guest.Id, LoyaltyProgramId: KEYCARD_PROGRAM_ID, IsPrimary: true, MembershipNumber: `KCF${String(Date.now()).slice(-7)}`, Points: 12345 }],
    });
    const membershipId = (await membershipsOf(stack, guest.Id))[0].Id;
    const page = await firefox.browser.newPage();
    await page.setViewport({ width: 1280, height: 800 });
    await page.goto(guestUrl(stack, (await enterprise(stack)).Id, guest.Id));
    const panel = await panelFrameFirefox(page);
    const card = firefoxCard(membershipId);
    await panel.waitForSelector(`${card} [data-field="points"]`, { timeout: 15_000 });
    assert.equal(await panel.$eval(`${card} [data-field="points"]`, (el) => el.textContent), '12\u00a0345');
    assert.equal(await panel.$eval('aside', (el) => el.getAttribute('aria-label')), 'Keycard věrnost');
    assert.equal(await panel.$eval(`${card} button.kc-button`, (el) => el.textContent.trim()), 'Upravit body');
    assert.match(await panel.$eval(`${card} .kc-points-unit`, (el) => el.textContent), /bodů/);
    await page.screenshot({ path: await screenshotPath('firefox-panel-cs') });
    await page.close();
    await options.close();
  });
});
