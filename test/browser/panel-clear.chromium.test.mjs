// The panel never covers Mews's own controls (issue 18 #5): at 1280 and 1024 px wide, every
// action button of the guest page can be clicked with the panel open and folded, and a control
// the panel must still cover makes the panel step aside while it has the keyboard focus.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { launchChromium, missing, screenshotPath, skipLoudly } from './support/browsers.mjs';
import { startStack } from './support/stack.mjs';
import { card, eventually, pairChromium, panelFrame, waitForPoints } from './support/desk.mjs';
import { enterprise, guestUrl, membership, tieredMember } from './support/sandbox-data.mjs';

const skip = skipLoudly(missing('chromium'));
const ACTIONS = ['Edit', 'Merge', 'Send message', 'Add to blocklist'];

/** The action buttons the page's pointer reaches at their centres (the topmost element there is the button). */
async function reachable(page) {
  return page.evaluate((names) => {
    return names.filter((name) => {
      const button = [...document.querySelectorAll('button')].find((candidate) => candidate.textContent === name);
      const box = button.getBoundingClientRect();
      return document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2) === button;
    });
  }, ACTIONS);
}

describe('Chromium: the panel keeps clear of the page’s controls', { skip }, () => {
  let stack;
  let browser;
  let page;
  let url;
  let member;

  before(async () => {
    stack = await startStack();
    browser = await launchChromium();
    const code = await stack.pairingCode('Desk 1', 'desk');
    const options = await pairChromium(browser.context, browser.extensionId, { proxyUrl: stack.proxyUrl, code });
    await options.close();
    member = await tieredMember(stack);
    url = guestUrl(stack, (await enterprise(stack)).Id, member.AccountId);
    page = await browser.context.newPage();
  });
  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  for (const width of [1280, 1024]) {
    it(`at ${width} px every action button of the guest page can be clicked, the panel open and folded`, async () => {
      await page.setViewportSize({ width, height: 800 });
      await page.goto(url);
      const panel = await panelFrame(page);
      await waitForPoints(panel, member.Id, (await membership(stack, member.Id)).Points);
      await eventually(async () => (await reachable(page)).length === ACTIONS.length, `all four actions reachable at ${width} px (open)`);
      await page.screenshot({ path: await screenshotPath(`chromium-panel-clear-${width}`) });
      await panel.getByRole('button', { name: 'Collapse' }).click();
      await panel.getByRole('button', { name: 'Keycard' }).waitFor();
      await eventually(async () => (await reachable(page)).length === ACTIONS.length, `all four actions reachable at ${width} px (folded)`);
      await panel.getByRole('button', { name: 'Keycard' }).click();
      await card(panel, member.Id).waitFor();
    });
  }

  it('steps aside while a page control it covers has the keyboard focus, and comes back after', async () => {
    await page.setViewportSize({ width: 1024, height: 800 });
    await page.goto(url);
    const panel = await panelFrame(page);
    await card(panel, member.Id).waitFor();
    const frame = await panel.frameElement();
    // A control of the page placed under the panel's frame, as a narrow Mews page can have.
    const box = await frame.boundingBox();
    await page.evaluate(({ x, y }) => {
      const field = Object.assign(document.createElement('input'), { id: 'under-panel', ariaLabel: 'Under the panel' });
      Object.assign(field.style, { position: 'fixed', left: `${x}px`, top: `${y}px`, width: '120px' });
      document.body.append(field);
    }, { x: box.x + 40, y: box.y + box.height - 30 });
    const aside = () => frame.evaluate((element) => element.classList.contains('is-making-way'));
    await page.locator('#under-panel').focus();
    await eventually(aside, 'the panel steps aside for the focused field');
    await page.keyboard.type('ok');
    assert.equal(await page.locator('#under-panel').inputValue(), 'ok');
    await page.screenshot({ path: await screenshotPath('chromium-panel-making-way') });
    await page.locator('#under-panel').blur();
    await eventually(async () => !(await aside()), 'the panel comes back');
  });

  it('the desk moves the panel to the left edge, and it stays there on the next page and after a reload', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(url);
    let panel = await panelFrame(page);
    await waitForPoints(panel, member.Id, (await membership(stack, member.Id)).Points);
    const edgeOf = async (frame) => {
      const box = await (await frame.frameElement()).boundingBox();
      return { left: Math.round(box.x), right: Math.round(box.x + box.width) };
    };
    assert.equal((await edgeOf(panel)).right, 1280, 'docked right at first');
    await panel.getByRole('button', { name: 'Move to the left edge' }).click();
    await eventually(async () => (await edgeOf(panel)).left === 0, 'the frame docked to the left edge');
    await page.screenshot({ path: await screenshotPath('chromium-panel-left') });
    await page.reload();
    panel = await panelFrame(page);
    await waitForPoints(panel, member.Id, (await membership(stack, member.Id)).Points);
    await eventually(async () => (await edgeOf(panel)).left === 0, 'still on the left after a reload');
    await panel.getByRole('button', { name: 'Move to the right edge' }).click();
    await eventually(async () => (await edgeOf(panel)).right === 1280, 'back on the right');
  });
});
