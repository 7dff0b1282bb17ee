/**
 * Adjust latency: from the desk's click on Apply to the panel showing the new balance, which
 * it does only once the proxy has confirmed the write to Mews (no optimistic update). Real
 * Chromium with the built extension, the real proxy and sandbox, online.
 */
import type { Frame } from 'playwright-core';
import { distribution, type Figure } from '../lib/figures';
import { chromiumMissing, guestPath, inPage, openDesk, panelFrame, parsePoints, screenshotPath, someMembers } from './desk';

const ADJUSTMENTS = 50;

/**
 * In the panel's frame: clicks Apply and resolves with the milliseconds until the membership's
 * points read `expected`. Plain JavaScript text, as in desk.ts (no bundler helpers in the page).
 */
const APPLY_UNTIL = `({ membershipId, expected, timeoutMs }) => new Promise((resolve, reject) => {
  const root = document.body;
  const points = () => root.querySelector('[data-membership-id="' + membershipId + '"] [data-field="points"]');
  const value = () => Number((points()?.textContent ?? '').replace(/[^\\d-]/g, ''));
  const apply = [...root.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Apply');
  if (!apply) return reject(new Error('no Apply button'));
  let timer;
  const check = () => {
    if (points() && value() === expected) {
      const elapsed = performance.now() - started;
      observer.disconnect();
      clearTimeout(timer);
      resolve(elapsed);
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(root, { childList: true, subtree: true, characterData: true });
  timer = setTimeout(() => {
    observer.disconnect();
    reject(new Error('points did not reach ' + expected + ' within ' + timeoutMs + ' ms (shows ' + value() + ')'));
  }, timeoutMs);
  const started = performance.now();
  apply.click();
})`;

const applyUntil = inPage<{ membershipId: string; expected: number; timeoutMs: number }, Promise<number>>(APPLY_UNTIL);

async function pointsShown(panel: Frame, membershipId: string): Promise<number> {
  return parsePoints((await panel.locator(`[data-membership-id="${membershipId}"] [data-field="points"]`).textContent()) ?? '');
}

export async function adjustLatency(log: (line: string) => void): Promise<Figure[]> {
  const missing = chromiumMissing();
  if (missing) {
    log(`!!! SKIPPED: ${missing}`);
    return [];
  }
  // 50 adjustments back to back cost 100 Mews calls (a fresh read and the write of each), twice a
  // desk's share of the Mews budget (DEVICE_MEWS_SHARE, 50 per 30 s): past it the proxy answers 429
  // and the write waits in the outbox, which is the share working, not the latency measured here.
  const desk = await openDesk({ customers: 2000, proxyEnv: { DEVICE_MEWS_SHARE: String(ADJUSTMENTS * 2 + 10) } }, log);
  try {
    const { stack, browser, enterpriseId } = desk;
    const [member] = await someMembers(stack, 1);
    const page = await browser.context.newPage();
    await page.goto(`${stack.sandboxUrl}${guestPath(enterpriseId, member!.accountId)}`);
    const panel = await panelFrame(page);
    const card = panel.locator(`[data-membership-id="${member!.membershipId}"]`);
    await card.locator('[data-field="points"]').waitFor({ timeout: 30_000 });
    const startPoints = await pointsShown(panel, member!.membershipId);

    const samples: number[] = [];
    for (let i = 0; i < ADJUSTMENTS; i += 1) {
      const before = await pointsShown(panel, member!.membershipId);
      await card.getByRole('button', { name: 'Adjust points' }).click();
      await panel.getByLabel('Points').fill('1');
      await panel.getByLabel('Reason').selectOption('bonus');
      samples.push(
        await panel.evaluate(applyUntil, { membershipId: member!.membershipId, expected: before + 1, timeoutMs: 15_000 }),
      );
      if (i === 10) await page.screenshot({ path: await screenshotPath('bench-adjust-latency') });
    }

    const { LoyaltyMemberships } = (await stack.mews('loyaltyMemberships/getAll', {
      LoyaltyMembershipIds: [member!.membershipId],
      Limitation: { Count: 1 },
    })) as { LoyaltyMemberships: { Points: number }[] };
    const inMews = LoyaltyMemberships[0]?.Points;
    log(`points ${startPoints} → ${inMews} in Mews after ${ADJUSTMENTS} × +1`);
    if (inMews !== startPoints + ADJUSTMENTS) throw new Error(`Mews holds ${inMews} points, expected ${startPoints + ADJUSTMENTS}`);

    const figure = distribution(
      { name: 'adjust-latency.apply', label: 'Apply → new balance confirmed in the panel', unit: 'ms' },
      samples,
    );
    figure.note =
      `${ADJUSTMENTS} adjustments of +1 (reason bonus) on one member, back to back, online; timed in the panel\u2019s frame from the Apply click ` +
      'to the DOM commit of the new points, which the panel shows only after the proxy wrote Mews and answered ' +
      `(Mews checked: ${startPoints} → ${inMews}). Chromium with the dev build, sandbox with 2,000 customers and Mews's real 200-per-30-s budget; the desk's share of it raised to ${ADJUSTMENTS * 2 + 10} calls per 30 s (the default 50 ends after 25 adjustments).`;
    log(`apply → confirmed: p50 ${figure.p50} ms, p95 ${figure.p95} ms`);
    return [figure];
  } finally {
    await desk.close();
  }
}
