/**
 * What a hostile Mews page (or a script injected into it) tries against the panel, as
 * functions for `page.evaluate`: each runs in the page's own JavaScript world, with exactly
 * the powers any page script has. And one step further: code run in Keycard's content-script
 * world, as a compromised page process could run it (Chrome DevTools Protocol, Chromium only).
 */

/**
 * Looks for the panel from the page: through the DOM, every open shadow root in it, every
 * iframe element found there, and every child window (`window.frames`, which lists frames
 * even inside closed shadow roots). Returns what it could reach.
 */
export function probeThePanel() {
  // What marks the panel's own elements; the look-alike Mews pages use none of these.
  const parts = 'aside[aria-label="Keycard loyalty"], [data-membership-id], form.kc-adjust, .keycard, .kc-button';
  const roots = [document];
  for (let i = 0; i < roots.length; i += 1) {
    for (const element of roots[i].querySelectorAll('*')) if (element.shadowRoot) roots.push(element.shadowRoot);
  }
  const host = document.querySelector('keycard-panel');
  const reachable = roots.flatMap((root) => [...root.querySelectorAll(parts)].map((element) => element.outerHTML.slice(0, 80)));
  const readableFrames = [];
  for (const root of roots) {
    for (const frame of root.querySelectorAll('iframe')) {
      if (frame.contentDocument) readableFrames.push(`iframe element: ${frame.src}`);
    }
  }
  for (let i = 0; i < window.length; i += 1) {
    try {
      readableFrames.push(`window.frames[${i}]: ${window.frames[i].document.URL}`);
    } catch {
      // Cross-origin: the page can hold the window but read nothing in it.
    }
  }
  return { host: host !== null, openShadowRoot: Boolean(host?.shadowRoot), reachable, readableFrames, childWindows: window.length };
}

/**
 * Tries to adjust a membership's points as a page script: drives the panel's form with
 * synthetic events wherever it can find it, and posts adjust-shaped messages to the page and
 * to every child window. Returns which of the steps found something to act on.
 */
export async function driveThePanel({ membershipId, delta }) {
  const pause = () => new Promise((resolve) => setTimeout(resolve, 150));
  const roots = [document];
  for (let i = 0; i < roots.length; i += 1) {
    for (const element of roots[i].querySelectorAll('*')) if (element.shadowRoot) roots.push(element.shadowRoot);
  }
  const find = (selector) => roots.map((root) => root.querySelector(selector)).find(Boolean) ?? null;
  const steps = [];

  const adjust = [...(find(`[data-membership-id="${membershipId}"]`)?.querySelectorAll('button') ?? [])].find((b) => b.textContent.trim() === 'Adjust points');
  if (adjust) {
    adjust.click();
    steps.push('clicked Adjust points');
    await pause();
  }
  const form = find('form.kc-adjust');
  if (form) {
    const points = form.querySelector('input[inputmode="numeric"]');
    points.value = String(delta);
    points.dispatchEvent(new Event('input', { bubbles: true }));
    const reason = form.querySelector('select');
    reason.value = 'bonus';
    reason.dispatchEvent(new Event('change', { bubbles: true }));
    await pause();
    form.requestSubmit();
    steps.push('submitted the form');
    await pause();
    const confirm = [...form.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Confirm');
    if (confirm) confirm.click();
  }

  const message = { type: 'adjustPoints', membershipId, delta, reason: 'bonus', idempotencyKey: `hostile-${Date.now()}` };
  const shapes = [message, { type: 'keycard', message }, { source: 'keycard', ...message }, JSON.stringify(message)];
  for (const shape of shapes) {
    window.postMessage(shape, '*');
    for (let i = 0; i < window.length; i += 1) window.frames[i].postMessage(shape, '*');
  }
  steps.push(`posted ${shapes.length} messages to the page and ${window.length} child window(s)`);
  await pause();
  return steps;
}

/**
 * Forges the events WXT's content-script runtime listens for on the page: "a newer copy of
 * this content script started" (which invalidates the running one) and "the URL changed".
 */
export function forgeWxtEvents(extensionId) {
  const started = `${extensionId}:mews:wxt:content-script-started`;
  const detail = { contentScriptName: 'mews', messageId: 'forged-by-the-page' };
  document.dispatchEvent(new CustomEvent(started, { detail }));
  window.postMessage({ type: started, ...detail }, '*');
  window.dispatchEvent(new Event(`${extensionId}:mews:wxt:locationchange`));
}

/**
 * Runs `expression` (an async function's source, called with no arguments) in Keycard's
 * content-script world of the page's top frame, as a compromised page process could: the
 * isolated world Chromium names after the extension. Chromium only (DevTools Protocol).
 */
export async function inContentScript(context, page, expression) {
  const cdp = await context.newCDPSession(page);
  try {
    const worlds = [];
    cdp.on('Runtime.executionContextCreated', ({ context: world }) => worlds.push(world));
    await cdp.send('Runtime.enable');
    const world = worlds.find((w) => w.auxData?.type === 'isolated' && w.origin.startsWith('chrome-extension://'));
    if (!world) throw new Error(`no Keycard content-script world in the page: ${JSON.stringify(worlds.map((w) => w.name))}`);
    const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
      contextId: world.id,
      expression: `(${expression})()`,
      awaitPromise: true,
      returnByValue: true,
    });
    if (exceptionDetails) throw new Error(`content-script world threw: ${JSON.stringify(exceptionDetails.exception?.description ?? exceptionDetails)}`);
    return result.value;
  } finally {
    await cdp.detach().catch(() => {});
  }
}
