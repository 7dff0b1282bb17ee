// Mews's own Loyalty section and the Keycard panel side by side, in real Chromium against the real
// proxy and the sandbox playing Mews on the Loyalty Partner API (as `npm start` wires them): a
// manager makes Partner Miles a partner program; on a guest page both show the same points and tier,
// one row per membership, for a program of each kind; enrolling from the native section shows in the
// panel within 10 s; an adjustment in the panel shows in the native section after Refresh.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { launchChromium, missing, screenshotPath, skipLoudly } from './support/browsers.mjs';
import { startStack } from './support/stack.mjs';
import { card, pairChromium, panelFrame, parsePoints, waitForPoints } from './support/desk.mjs';
import { enterprise, guestUrl, newGuest } from './support/sandbox-data.mjs';

const skip = skipLoudly(missing('chromium'));
const KEYCARD_REWARDS = 'f701dafb-5765-4cf4-b1dd-1f602a740ae5';
const PARTNER_MILES = 'da34b396-41f7-47f6-8847-aecf00a3f19e';

describe('Chromium: Mews\'s Loyalty section and the Keycard panel agree', { skip }, () => {
  let stack;
  let browser;
  let page;
  let manager;
  let enterpriseId;
  /** A guest with a Keycard Rewards (Connector) and a Partner Miles (partner) membership. */
  let both;

  const api = async (method, path, json) => {
    const res = await fetch(`${stack.proxyUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${manager}`, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
      body: json === undefined ? undefined : JSON.stringify(json),
    });
    const body = await res.json();
    assert.ok(res.ok, `${method} ${path}: ${res.status} ${JSON.stringify(body)}`);
    return body;
  };
  const section = () => page.getByTestId('loyalty-section');
  const nativeRow = (id) => section().locator(`[data-partner-row="${id}"]`);
  const nativeField = async (id, field) => (await nativeRow(id).locator(`[data-partner-field="${field}"]`).textContent()).trim();

  before(async () => {
    stack = await startStack({ customers: 300, partner: true });
    const code = await stack.pairingCode('Front office', 'manager');
    ({ token: manager } = await (await fetch(`${stack.proxyUrl}/v1/pair`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, deviceName: 'Front office' }),
    })).json());
    // Guests with a membership in each program, before Partner Miles moves out of Mews.
    const { LoyaltyMemberships } = await stack.mews('loyaltyMemberships/getAll', { ActivityStates: ['Active'], Limitation: { Count: 1000 } });
    const byGuest = new Map();
    for (const m of LoyaltyMemberships) byGuest.set(m.AccountId, [...(byGuest.get(m.AccountId) ?? []), m]);
    const [accountId, memberships] = [...byGuest].find(([, ms]) => ms.length === 2 && ms.every((m) => m.State === 'Enrolled')
      && ms.some((m) => m.LoyaltyProgramId === PARTNER_MILES) && ms.some((m) => m.LoyaltyProgramId === KEYCARD_REWARDS));
    both = { accountId, connector: memberships.find((m) => m.LoyaltyProgramId === KEYCARD_REWARDS), partner: memberships.find((m) => m.LoyaltyProgramId === PARTNER_MILES) };
    const report = await api('PUT', `/v1/programs/${PARTNER_MILES}/connection`, { connection: 'partner' });
    assert.equal(report.remaining, 0);
    assert.ok(report.moved > 0);
    enterpriseId = (await enterprise(stack)).Id;
    browser = await launchChromium();
    const desk = await stack.pairingCode('Desk 1', 'desk');
    await (await pairChromium(browser.context, browser.extensionId, { proxyUrl: stack.proxyUrl, code: desk })).close();
    page = await browser.context.newPage();
  });
  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('shows one row per membership, the same points and tier as the panel, for a program of each kind', async () => {
    await page.goto(guestUrl(stack, enterpriseId, both.accountId));
    const panel = await panelFrame(page);
    await waitForPoints(panel, both.connector.Id, both.connector.Points);
    await waitForPoints(panel, both.partner.Id, both.partner.Points);
    // The move left no Connector copy: Mews lists Keycard Rewards only, until staff link the partner membership.
    await nativeRow(both.connector.Id).waitFor();
    assert.equal(await section().locator('[data-partner-row]').count(), 1);
    await section().getByRole('button', { name: 'Find membership' }).click();
    await page.getByTestId('loyalty-dialog').getByRole('button', { name: 'Link' }).first().click();
    await nativeRow(both.partner.Id).waitFor({ timeout: 10_000 });
    assert.equal(await section().locator('[data-partner-row]').count(), 2);
    for (const m of [both.connector, both.partner]) {
      const panelCard = card(panel, m.Id);
      assert.equal(parsePoints(await nativeField(m.Id, 'points')), parsePoints(await panelCard.locator('[data-field="points"]').textContent()));
      const compact = (text) => text.replace(/\W/g, '');
      assert.equal(compact(await nativeField(m.Id, 'number')), compact(await panelCard.locator('[data-field="number"]').textContent()));
      const panelTier = (await panelCard.locator('[data-field="tier"]').textContent()).trim();
      const nativeTier = await nativeField(m.Id, 'tier');
      assert.equal(nativeTier === '—' ? 'No tier' : nativeTier, panelTier);
    }
    await page.screenshot({ path: await screenshotPath('chromium-partner-both-kinds') });
  });

  it('an adjustment in the panel shows in the native section after Refresh', async () => {
    const before = parsePoints(await nativeField(both.partner.Id, 'points'));
    const panel = await panelFrame(page);
    const panelCard = card(panel, both.partner.Id);
    await panelCard.getByRole('button', { name: 'Adjust points' }).click();
    await panelCard.getByLabel('Points').fill('120');
    await panelCard.getByLabel('Reason').selectOption('bonus');
    await panelCard.getByRole('button', { name: 'Apply' }).click();
    await waitForPoints(panel, both.partner.Id, before + 120);
    assert.equal(parsePoints(await nativeField(both.partner.Id, 'points')), before, 'Mews shows what it read last, until Refresh');
    await section().getByRole('button', { name: 'Refresh' }).click();
    await page.waitForFunction(([id, want]) => {
      const cell = document.querySelector(`[data-partner-row="${id}"] [data-partner-field="points"]`);
      return cell && Number(cell.textContent.replace(/[^\d-]/g, '')) === want;
    }, [both.partner.Id, before + 120], { timeout: 10_000 });
    await page.screenshot({ path: await screenshotPath('chromium-partner-after-refresh') });
  });

  it('enrolling in the partner program from the native section shows in the panel within 10 s', async () => {
    const guest = await newGuest(stack, { FirstName: 'Linnea', LastName: 'Sørensen', Email: `linnea.${Date.now()}@example.dk` });
    await page.goto(guestUrl(stack, enterpriseId, guest.Id));
    await section().getByRole('button', { name: 'Add' }).click();
    await page.getByTestId('loyalty-dialog').locator(`[data-program-id="${PARTNER_MILES}"]`).click();
    const row = section().locator('[data-partner-row]');
    await row.first().waitFor({ timeout: 10_000 });
    const id = await row.first().getAttribute('data-partner-row');
    const panel = await panelFrame(page);
    await card(panel, id).waitFor({ timeout: 10_000 });
    assert.equal(parsePoints(await card(panel, id).locator('[data-field="points"]').textContent()), 0);
    assert.equal((await card(panel, id).locator('[data-field="number"]').textContent()).replace(/\W/g, ''), (await nativeField(id, 'number')).replace(/\W/g, ''));
    await page.screenshot({ path: await screenshotPath('chromium-partner-enrolled-from-mews') });
  });
});
