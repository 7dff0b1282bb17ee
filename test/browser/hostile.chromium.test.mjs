// Hostile guest data and a hostile page, end to end in real Chromium against the real proxy and
// sandbox. Guests whose names and emails hold HTML and script payloads are enrolled through the
// panel and synced; the panel and the popup's search results and inline detail show the
// payloads as text, create no img/svg/script element and fire no dialog in any page.
// A page script finds no way into the panel (no open shadow root, no element, no readable
// frame, not even its window), cannot make an adjustment with synthetic events or posted
// messages, cannot remove the panel by forging WXT's events; and code in the content script's
// world (a compromised page process) reads no device token and may not pair, sign out or adjust.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { launchChromium, missing, screenshotPath, skipLoudly } from './support/browsers.mjs';
import { startStack } from './support/stack.mjs';
import { adjustPoints, pairChromium, panelFrame, waitForPoints } from './support/desk.mjs';
import { driveThePanel, forgeWxtEvents, inContentScript, probeThePanel } from './support/hostile-page.mjs';
import { enterprise, guestUrl, membership, membershipsOf, newGuest, tieredMember } from './support/sandbox-data.mjs';

const skip = skipLoudly(missing('chromium'));

const PAYLOADS = [
  '<img src=x onerror=alert(1)>',
  '<script>alert(2)</script>',
  '"><svg onload=alert(3)>',
  'javascript:alert(4)',
];
const TAGS = 'img, svg, script, iframe, object, embed';

/** img/svg/script elements inside the panel (the panel renders none; its page's own module script sits outside it). */
const panelTagCount = async (page) => (await panelFrame(page)).locator('#app').locator(TAGS).count();

/** The same inside the popup's app root (the page's own module script sits outside it). */
const popupTagCount = (popup) => popup.evaluate((tags) => document.getElementById('app').querySelectorAll(tags).length, TAGS);

describe('Chromium: hostile guest names and emails', { skip }, () => {
  let stack;
  let browser;
  let enterpriseId;
  const dialogs = [];
  const guests = [];
  const marker = `Qxv${Date.now().toString(36).replace(/\d/g, '')}`;

  const watchDialogs = (page) =>
    page.on('dialog', (dialog) => {
      dialogs.push(`${page.url()}: ${dialog.message()}`);
      void dialog.dismiss().catch(() => {});
    });

  before(async () => {
    stack = await startStack({ customers: 200 });
    browser = await launchChromium();
    browser.context.pages().forEach(watchDialogs);
    browser.context.on('page', watchDialogs);
    enterpriseId = (await enterprise(stack)).Id;
    const code = await stack.pairingCode('Desk 1', 'desk');
    const options = await pairChromium(browser.context, browser.extensionId, { proxyUrl: stack.proxyUrl, code });
    await options.getByLabel('Mews Operations URL').fill(stack.sandboxUrl);
    await options.getByRole('button', { name: 'Save' }).click();
    await options.getByText('Saved.', { exact: false }).waitFor();
    await options.close();
    for (const [i, payload] of PAYLOADS.entries()) {
      // First name: the payload alone. Last name: a searchable marker, then the next payload.
      const guest = await newGuest(stack, {
        FirstName: payload,
        LastName: `${marker}${'abcd'[i]} ${PAYLOADS[(i + 1) % PAYLOADS.length]}`,
        // Mews refuses whitespace in an email; the payload keeps working with '/' instead.
        Email: `${payload.replaceAll(' ', '/')}${i}@example.com`,
      });
      guests.push(guest);
    }
  });
  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('our dialog watch works: an alert in a page is caught (control)', async () => {
    const page = await browser.context.newPage();
    await page.evaluate(() => alert('control'));
    assert.equal(dialogs.length, 1);
    dialogs.length = 0;
    await page.close();
  });

  it('the panel shows each payload as text, enrolls the guest, and creates no element from it', async () => {
    const page = await browser.context.newPage();
    for (const guest of guests) {
      await page.goto(guestUrl(stack, enterpriseId, guest.Id));
      const frame = await panelFrame(page);
      const panel = frame.getByRole('complementary', { name: 'Keycard loyalty' });
      const enroll = panel.getByRole('button', { name: 'Enroll' });
      await enroll.waitFor({ timeout: 10_000 });
      const text = await panel.textContent();
      assert.ok(text.includes(guest.FirstName), `panel shows ${guest.FirstName} as text: ${text}`);
      assert.equal(await panelTagCount(page), 0);
      await enroll.click();
      await frame.locator('[data-membership-id]').first().waitFor({ timeout: 10_000 });
      assert.equal((await membershipsOf(stack, guest.Id)).length, 1);
      const after = await panel.textContent();
      assert.ok(after.includes(guest.FirstName), 'still text after enrolling');
      assert.equal(await panelTagCount(page), 0);
    }
    assert.deepEqual(dialogs, []);
    await page.screenshot({ path: await screenshotPath('chromium-hostile-panel') });
    await page.close();
  });

  it('the popup lists them all, and shows one in detail, as text', async () => {
    const popup = await browser.context.newPage();
    await popup.setViewportSize({ width: 420, height: 640 });
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    const box = popup.getByRole('combobox', { name: 'Search members' });
    await box.pressSequentially(marker.toLowerCase());
    for (const guest of guests) await popup.locator(`[data-account-id="${guest.Id}"]`).first().waitFor({ timeout: 10_000 });
    const listed = await popup.locator('#app').textContent();
    for (const payload of PAYLOADS) assert.ok(listed.includes(payload), `popup lists ${payload} as text`);
    for (const guest of guests) assert.ok(listed.includes(guest.Email), `popup lists the email ${guest.Email} as text`);
    assert.equal(await popupTagCount(popup), 0);

    // The first result's detail, opened from the keyboard.
    const first = popup.locator('[data-result]').first();
    const accountId = await first.getAttribute('data-account-id');
    const guest = guests.find((g) => g.Id === accountId);
    await box.press('ArrowDown');
    await box.press('ArrowRight');
    const detail = popup.locator('.kc-detail');
    await detail.waitFor({ timeout: 5_000 });
    await detail.locator('[data-membership-id]').first().waitFor({ timeout: 10_000 });
    const shown = await detail.textContent();
    assert.ok(shown.includes(guest.FirstName), `detail shows ${guest.FirstName}: ${shown}`);
    assert.ok(shown.includes(guest.LastName), `detail shows ${guest.LastName}: ${shown}`);
    assert.equal(await popupTagCount(popup), 0);
    await popup.screenshot({ path: await screenshotPath('chromium-hostile-popup-detail') });
    await popup.getByRole('button', { name: '← Results' }).click();
    await popup.locator('[data-result]').first().waitFor({ timeout: 5_000 });
    assert.equal(await popupTagCount(popup), 0);
    await popup.screenshot({ path: await screenshotPath('chromium-hostile-popup-results') });
    assert.deepEqual(dialogs, []);
    assert.deepEqual(browser.errors, []);
    await popup.close();
  });
});

/** The device token the background holds, wherever it keeps it (storage or its IndexedDB). */
async function backgroundToken(worker) {
  const dump = await worker.evaluate(async () => {
    const parts = [JSON.stringify(await chrome.storage.local.get(null))];
    for (const { name } of await indexedDB.databases()) {
      const db = await new Promise((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      for (const store of db.objectStoreNames) {
        parts.push(
          JSON.stringify(
            await new Promise((resolve, reject) => {
              const request = db.transaction(store).objectStore(store).getAll();
              request.onsuccess = () => resolve(request.result);
              request.onerror = () => reject(request.error);
            }),
          ),
        );
      }
      db.close();
    }
    return parts.join('\n');
  });
  return /"token":"([^"]+)"/.exec(dump)?.[1] ?? null;
}

describe('Chromium: a hostile Mews page', { skip }, () => {
  let stack;
  let browser;
  let enterpriseId;
  let member;
  let page;

  /** The member's page with the panel showing their points. */
  async function openMember(target = member) {
    await page.goto(guestUrl(stack, enterpriseId, target.AccountId));
    await waitForPoints(await panelFrame(page), target.Id, (await membership(stack, target.Id)).Points);
  }

  before(async () => {
    stack = await startStack({ customers: 200 });
    browser = await launchChromium();
    enterpriseId = (await enterprise(stack)).Id;
    const code = await stack.pairingCode('Desk 1', 'desk');
    const options = await pairChromium(browser.context, browser.extensionId, { proxyUrl: stack.proxyUrl, code });
    await options.close();
    member = await tieredMember(stack, 0);
    page = await browser.context.newPage();
    await openMember();
  });
  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('a page script finds no way into the panel: no open shadow root, no element, no readable frame', async () => {
    const seen = await page.evaluate(probeThePanel);
    assert.equal(seen.host, true, 'the panel is on the page');
    assert.equal(seen.openShadowRoot, false, 'its shadow root is closed');
    assert.deepEqual(seen.reachable, [], 'no element of the panel is reachable from the page');
    assert.deepEqual(seen.readableFrames, [], 'no frame of the panel is readable from the page');
    // A frame inside a shadow tree is not among the page's child windows: the page cannot even
    // navigate it or post to it.
    assert.equal(seen.childWindows, 0, 'the page holds no window of the panel');
  });

  it('a page script cannot make an adjustment, by synthetic events or by posted messages', async () => {
    const start = (await membership(stack, member.Id)).Points;
    const steps = await page.evaluate(driveThePanel, { membershipId: member.Id, delta: 7 });
    // Had any of it worked, the write would be on its way: the desk's own +1 comes after it.
    const panel = await panelFrame(page);
    await adjustPoints(panel, member.Id, 1, 'bonus');
    await waitForPoints(panel, member.Id, start + 1);
    assert.equal((await membership(stack, member.Id)).Points, start + 1, `only the desk's +1 reached Mews (page script: ${steps.join('; ')})`);
  });

  it("forging WXT's content-script events neither removes the panel nor changes its guest", async () => {
    await page.evaluate(forgeWxtEvents, browser.extensionId);
    // A real navigation after the forgery: the panel is still there and still follows the page.
    const next = await tieredMember(stack, 1);
    await page.evaluate((path) => history.pushState({}, '', path), new URL(guestUrl(stack, enterpriseId, next.AccountId)).pathname);
    await waitForPoints(await panelFrame(page), next.Id, (await membership(stack, next.Id)).Points);
    assert.equal((await page.evaluate(probeThePanel)).host, true);
    await page.evaluate(forgeWxtEvents, browser.extensionId);
    await waitForPoints(await panelFrame(page), next.Id, (await membership(stack, next.Id)).Points);
    await openMember();
  });

  it("code in the content script's world reads no device token, and may not pair, sign out or adjust", async () => {
    const worker = browser.context.serviceWorkers()[0];
    const token = await backgroundToken(worker);
    assert.ok(token, 'the paired desk holds a device token');
    const start = (await membership(stack, member.Id)).Points;
    const tried = await inContentScript(
      browser.context,
      page,
      `async () => {
        const ask = (message) => chrome.runtime.sendMessage(message).catch((error) => ({ thrown: String(error) }));
        return {
          stored: JSON.stringify(await chrome.storage.local.get(null)),
          adjust: await ask({ type: 'adjustPoints', membershipId: ${JSON.stringify(member.Id)}, delta: 9, reason: 'bonus', idempotencyKey: 'cs-' + Date.now() }),
          pair: await ask({ type: 'pair', proxyUrl: 'http://attacker.invalid', code: 'AAAA-BBBB', deviceName: 'Hijacked', discardQueued: true }),
          signOut: await ask({ type: 'signOut', discardQueued: true }),
        };
      }`,
    );
    assert.ok(!tried.stored.includes(token), 'the device token is out of the content script\'s reach');
    for (const kind of ['adjust', 'pair', 'signOut']) {
      assert.equal(tried[kind]?.ok, false, `${kind} from a content script: ${JSON.stringify(tried[kind])}`);
      assert.equal(tried[kind].error.kind, 'forbidden', `${kind} refused as forbidden`);
    }
    const settings = await worker.evaluate(() => chrome.storage.local.get('settings'));
    assert.equal(settings.settings?.proxyUrl, stack.proxyUrl, 'the saved proxy URL is unchanged');
    assert.equal(await backgroundToken(worker), token, 'still paired with the same token');
    assert.equal((await membership(stack, member.Id)).Points, start);
  });
});
