// Manager tools, end to end in real Chromium against the real proxy and sandbox: programs and
// tiers made through the options page land in Mews; a guest enrolled in the new program moves
// up a tier when points pass a threshold; the panel's Manage disclosure cancels a membership
// and switches the primary one; a desk device sees all of it disabled and the proxy refuses it.
// Screenshots go to test-results/screenshots.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { launchChromium, missing, screenshotPath, skipLoudly } from './support/browsers.mjs';
import { startStack } from './support/stack.mjs';
import { card, eventually, pairChromium, panelFrame, waitForPoints } from './support/desk.mjs';
import { enterprise, guestUrl, membership, membershipsOf, newGuest } from './support/sandbox-data.mjs';

const skip = skipLoudly(missing('chromium'));
const stamp = String(Date.now()).slice(-6);
const PROGRAM = `Harbour Club ${stamp}`;
const TIERS = [
  { name: 'Bronze', code: `BR${stamp}`, minPoints: '0' },
  { name: 'Silver', code: `SI${stamp}`, minPoints: '1000' },
  { name: 'Gold', code: `GO${stamp}`, minPoints: '5000' },
];

async function programsNamed(stack, name) {
  const { LoyaltyPrograms } = await stack.mews('loyaltyPrograms/getAll', { Limitation: { Count: 100 } });
  return LoyaltyPrograms.filter((p) => p.Name === name);
}

async function tiersOf(stack, programId) {
  const { LoyaltyTiers } = await stack.mews('loyaltyTiers/getAll', { LoyaltyProgramIds: [programId], Limitation: { Count: 100 } });
  return LoyaltyTiers;
}


describe('Chromium: manager tools', { skip }, () => {
  let stack;
  let browser;
  let enterpriseId;
  let options;
  let page;
  /** The panel's frame in `page`, found again after each navigation. */
  let panel;
  let programId;
  let guest;
  let membershipId;

  before(async () => {
    stack = await startStack();
    browser = await launchChromium();
    enterpriseId = (await enterprise(stack)).Id;
    const code = await stack.pairingCode('Manager 1', 'manager');
    options = await pairChromium(browser.context, browser.extensionId, { proxyUrl: stack.proxyUrl, code, deviceName: 'Manager 1' });
    await options.setViewportSize({ width: 1000, height: 1400 });
    page = await browser.context.newPage();
  });
  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('creates a program with three tiers and thresholds through the options page', async () => {
    const programs = options.getByRole('region', { name: 'Programs' });
    await programs.getByRole('button', { name: 'Add program' }).click();
    const form = options.getByRole('form', { name: 'New program' });
    await form.getByLabel('Name').fill(PROGRAM);
    await form.getByLabel('Code').fill(`HC${stamp}`);
    await form.getByLabel('Re-tier mode').selectOption('both');
    await form.getByRole('button', { name: 'Save program' }).click();
    const block = options.getByRole('region', { name: PROGRAM });
    await block.waitFor({ timeout: 15_000 });

    for (const tier of TIERS) {
      await block.getByRole('button', { name: `Add tier to ${PROGRAM}` }).click();
      const tierForm = block.getByRole('form', { name: `New tier in ${PROGRAM}` });
      await tierForm.getByLabel('Name').fill(tier.name);
      await tierForm.getByLabel('Code').fill(tier.code);
      await tierForm.getByLabel('Points threshold').fill(tier.minPoints);
      await tierForm.getByRole('button', { name: 'Save tier' }).click();
      await block.locator('tr', { hasText: tier.code }).waitFor({ timeout: 15_000 });
    }
    await options.getByRole('status').filter({ hasText: 'Added Gold.' }).waitFor();
    await block.screenshot({ path: await screenshotPath('chromium-options-programs') });

    const [created] = await programsNamed(stack, PROGRAM);
    assert.ok(created, 'the program exists in Mews');
    programId = created.Id;
    const tiers = await tiersOf(stack, programId);
    assert.deepEqual(tiers.map((t) => t.Name).sort(), ['Bronze', 'Gold', 'Silver']);
    assert.match(await block.locator('tr', { hasText: TIERS[2].code }).textContent(), /5,000 pts/);
  });

  it("shows Mews's refusal in Mews's words (a program code already in use)", async () => {
    const programs = options.getByRole('region', { name: 'Programs' });
    await programs.getByRole('button', { name: 'Add program' }).click();
    const form = options.getByRole('form', { name: 'New program' });
    await form.getByLabel('Name').fill(`Duplicate ${stamp}`);
    await form.getByLabel('Code').fill(`HC${stamp}`);
    await form.getByRole('button', { name: 'Save program' }).click();
    const alert = form.getByRole('alert');
    await alert.waitFor({ timeout: 15_000 });
    assert.match(await alert.textContent(), /code/i);
    await options.screenshot({ path: await screenshotPath('chromium-options-program-refused'), fullPage: true });
    await form.getByRole('button', { name: 'Cancel' }).click();
    assert.equal((await programsNamed(stack, `Duplicate ${stamp}`)).length, 0);
  });

  it('enrolls a guest in the new program; points past a threshold move them to the next tier', async () => {
    guest = await newGuest(stack, { FirstName: 'Marta', LastName: `Horáková ${stamp}`, Email: `marta.${stamp}@example.com` });
    await page.goto(guestUrl(stack, enterpriseId, guest.Id));
    panel = await panelFrame(page);
    await panel.getByRole('button', { name: 'Enroll' }).waitFor({ timeout: 10_000 });
    await panel.getByLabel('Program').selectOption({ label: PROGRAM });
    await panel.getByRole('button', { name: 'Enroll' }).click();
    await panel.locator('[data-membership-id]').first().waitFor({ timeout: 10_000 });
    const [joined] = await membershipsOf(stack, guest.Id);
    assert.equal(joined.LoyaltyProgramId, programId);
    membershipId = joined.Id;

    await card(panel, membershipId).getByRole('button', { name: 'Adjust points' }).click();
    await panel.getByLabel('Points').fill('1200');
    await panel.getByLabel('Reason').selectOption('stay');
    await panel.getByRole('button', { name: 'Apply' }).click();
    // 1,200 points is a large change: the form asks once more.
    await panel.getByRole('button', { name: 'Confirm' }).click();
    await waitForPoints(panel, membershipId, 1200);

    const silver = (await tiersOf(stack, programId)).find((t) => t.Name === 'Silver');
    await eventually(async () => (await membership(stack, membershipId)).LoyaltyTierId === silver.Id, 'the Silver tier in Mews');
    const badge = card(panel, membershipId).locator('[data-field="tier"]');
    await eventually(async () => (await badge.textContent()).trim() === 'Silver', 'the Silver badge in the panel');
    assert.match(await card(panel, membershipId).locator('[data-field="next-tier"]').textContent(), /3,800 points to Gold/);
  });

  it('lists the membership history with who, when, reason and before → after', async () => {
    await card(panel, membershipId).getByRole('button', { name: 'History' }).click();
    const rows = card(panel, membershipId).locator('[data-adjustment-id]');
    const row = rows.filter({ hasText: '+1,200' });
    await row.waitFor({ timeout: 10_000 });
    // Keycard's re-tier is in the ledger too, saying which tier the points reached.
    assert.match(await rows.filter({ hasText: 'Tier change' }).first().textContent(), /Silver/);
    const text = await row.textContent();
    assert.match(text, /\+1,200/);
    assert.match(text, /Stay/);
    assert.match(text, /Manager 1/);
    assert.match(text, /0 → 1,200/);
    await panel.getByRole('complementary', { name: 'Keycard loyalty' }).screenshot({ path: await screenshotPath('chromium-panel-history') });
    await card(panel, membershipId).getByRole('button', { name: 'History' }).click();
  });

  it('switching the primary membership leaves exactly one primary in Mews', async () => {
    const { LoyaltyPrograms } = await stack.mews('loyaltyPrograms/getAll', { Limitation: { Count: 100 } });
    const other = LoyaltyPrograms.find((p) => p.Id !== programId && !p.DeletedUtc);
    const { LoyaltyMemberships } = await stack.mews('loyaltyMemberships/add', {
      LoyaltyMemberships: [{ AccountId: guest.Id, LoyaltyProgramId: other.Id, IsPrimary: false, State: 'Enrolled' }],
    });
    const second = LoyaltyMemberships[0].Id;
    await page.reload();
    panel = await panelFrame(page);
    const secondCard = card(panel, second);
    await secondCard.waitFor({ timeout: 20_000 });
    await secondCard.getByRole('button', { name: 'Manage' }).click();
    await secondCard.locator('[data-section="manage"]').scrollIntoViewIfNeeded();
    await panel.getByRole('complementary', { name: 'Keycard loyalty' }).screenshot({ path: await screenshotPath('chromium-panel-manage') });
    await secondCard.getByRole('button', { name: 'Make primary' }).click();
    await eventually(async () => {
      const all = await membershipsOf(stack, guest.Id);
      return all.filter((m) => m.IsPrimary).map((m) => m.Id).join() === second;
    }, 'exactly one primary, the second membership');
    await card(panel, second).locator('[data-field="primary"]').waitFor({ timeout: 10_000 });
    await eventually(async () => (await card(panel, membershipId).locator('[data-field="primary"]').count()) === 0, 'the old primary unmarked');
  });

  it('cancels a membership: state Canceled in Mews', async () => {
    const memberCard = card(panel, membershipId);
    if ((await memberCard.getByRole('button', { name: 'Manage' }).getAttribute('aria-expanded')) !== 'true') {
      await memberCard.getByRole('button', { name: 'Manage' }).click();
    }
    await memberCard.getByLabel('State', { exact: true }).selectOption('Canceled');
    await memberCard.getByRole('button', { name: 'Set state' }).click();
    await eventually(async () => (await membership(stack, membershipId)).State === 'Canceled', 'state Canceled in Mews');
    await eventually(async () => (await memberCard.locator('[data-field="state"]').textContent()).trim() === 'Canceled', 'Canceled in the panel');
  });

  it('a desk device sees the controls disabled, and cannot reach any of it', async () => {
    // Re-pair this browser as a desk.
    const code = await stack.pairingCode('Desk 9', 'desk');
    await options.getByRole('button', { name: 'Pair again' }).click();
    await options.getByLabel('Pairing code').fill(code);
    await options.getByRole('button', { name: 'Pair', exact: true }).click();
    await options.locator('[data-field="role"]', { hasText: 'Desk' }).waitFor({ timeout: 15_000 });
    // The name is the one the code was minted for, shown, not typed.
    assert.equal(await options.getByLabel('Device name').inputValue(), 'Desk 9');
    assert.equal(await options.getByRole('region', { name: 'Programs' }).count(), 0);
    assert.equal(await options.getByRole('button', { name: 'Export CSV' }).count(), 0);
    await options.locator('[data-field="managers-only"]').waitFor();

    // Through the extension's own messages: the proxy refuses a desk's manager writes.
    const refused = await options.evaluate(() =>
      chrome.runtime.sendMessage({ type: 'deleteProgram', programId: 'x', idempotencyKey: crypto.randomUUID() }),
    );
    assert.equal(refused.ok, false);

    await page.goto(guestUrl(stack, enterpriseId, guest.Id));
    panel = await panelFrame(page);
    const memberCard = card(panel, membershipId);
    await memberCard.waitFor({ timeout: 20_000 });
    await memberCard.getByRole('button', { name: 'Manage' }).click();
    await memberCard.getByText('Managers only').waitFor();
    for (const name of ['Set state', 'Set expiry', 'Clear expiry', 'Move', 'Make primary', 'Delete membership']) {
      const button = memberCard.getByRole('button', { name });
      if (await button.count()) assert.equal(await button.isDisabled(), true, `${name} is disabled at a desk`);
    }
    assert.equal(await memberCard.getByLabel('State', { exact: true }).isDisabled(), true);
    await memberCard.locator('[data-section="manage"]').scrollIntoViewIfNeeded();
    await panel.getByRole('complementary', { name: 'Keycard loyalty' }).screenshot({ path: await screenshotPath('chromium-panel-manage-desk') });

    // Forced past the extension: the proxy answers 403 to a desk token.
    const paired = await (await fetch(`${stack.proxyUrl}/v1/pair`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: await stack.pairingCode('Desk 10', 'desk'), deviceName: 'Desk 10' }),
    })).json();
    const asDesk = (method, path, body) =>
      fetch(`${stack.proxyUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${paired.token}`, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
        body: body ? JSON.stringify(body) : undefined,
      });
    assert.equal((await asDesk('PATCH', `/v1/memberships/${membershipId}`, { state: 'Enrolled' })).status, 403);
    assert.equal((await asDesk('POST', '/v1/programs', { name: 'Nope', code: 'NOPE', type: 'Hotel', subscription: 'Free' })).status, 403);
    assert.equal((await asDesk('DELETE', `/v1/programs/${programId}`)).status, 403);
    assert.equal((await asDesk('GET', '/v1/ledger/export.csv?from=2020-01-01&to=2020-01-31')).status, 403);
    assert.equal((await membership(stack, membershipId)).State, 'Canceled');
  });
});
