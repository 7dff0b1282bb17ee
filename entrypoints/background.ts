import { defineBackground } from '#imports';

/**
 * The background is the only part of Keycard that talks to the network: it owns the device
 * token, the cache and the outbox. Content script, popup and options send it messages.
 */
export default defineBackground(() => {
  // Handlers are registered synchronously so a woken service worker sees the first message.
  browser.runtime.onMessage.addListener((message: unknown) => {
    if (typeof message === 'object' && message !== null && (message as { type?: string }).type === 'ping') {
      return Promise.resolve({ ok: true, version: browser.runtime.getManifest().version });
    }
    return undefined;
  });
});
