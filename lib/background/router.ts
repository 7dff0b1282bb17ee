/**
 * Connects `runtime.onMessage` to the handlers. Registered synchronously in
 * `defineBackground`, so a service worker woken by a message has its listener in place.
 */
import { browser } from '#imports';
import { type KeycardMessage, type Result } from '@/lib/contract/messages';
import { saidFailure } from '@/lib/background/proxy/said-failure';
import type { Handlers } from './desk-handlers';

/** What the browser says about a message's sender (it fills these in; a sender cannot forge them). */
export type Sender = { id?: string; url?: string; tab?: { id?: number }; frameId?: number };
type Listener = (message: unknown, sender: Sender, sendResponse: (reply: unknown) => void) => boolean | undefined;
export interface MessageEvent {
  addListener(listener: Listener): void;
  removeListener(listener: Listener): void;
}

/**
 * A message this background answers: its `type` is a key of the handler table, which `tsc`
 * holds to exactly the protocol's messages (so no list of types is kept by hand).
 */
function isKeycardMessage(handlers: Handlers, message: unknown): message is KeycardMessage {
  const type = (message as { type?: unknown } | null)?.type;
  return typeof type === 'string' && Object.hasOwn(handlers, type);
}

/**
 * Who may ask the background anything: Keycard's own pages — options, popup, and the panel,
 * an extension page framed inside the Mews tab — whose address is on this extension's origin.
 * A content script's address is the Mews page's: it runs in that page's process, which a
 * hostile page could take over, so it may ask nothing (it only hosts the panel's frame and
 * tells it which guest is shown, over a port between the two).
 *
 * @example
 * ```ts
 * isKeycardPage({ url: 'chrome-extension://abc/options.html' }, 'chrome-extension://abc/'); // → true
 * isKeycardPage({ url: 'https://app.mews.com/Commander/…', tab: { id: 4 } }, 'chrome-extension://abc/'); // → false
 * ```
 */
export function isKeycardPage(sender: Sender | undefined, extensionOrigin: string): boolean {
  return typeof sender?.url === 'string' && sender.url.startsWith(extensionOrigin);
}

/**
 * Routes one message to its handler. Unknown messages are refused as `invalid`; a handler
 * that throws becomes a `server` failure, so the sender always gets an answer.
 *
 * @example
 * ```ts
 * const reply = await route(handlers, { type: 'getStatus' });
 * ```
 */
export async function route(handlers: Handlers, message: unknown): Promise<Result<unknown>> {
  if (!isKeycardMessage(handlers, message)) return saidFailure('invalid', 'failure.unknownRequest');
  try {
    const handler = handlers[message.type] as (message: KeycardMessage) => Promise<Result<unknown>>;
    return await handler(message);
  } catch (error) {
    console.error('[keycard] handler failed', message.type, error);
    return saidFailure('server', 'failure.keycardProblem');
  }
}

/**
 * Listens for messages from Keycard's own pages and answers each one; a Keycard message from
 * anyone else (a content script) is answered `forbidden` and reaches no handler.
 * Answers through `sendResponse` + `return true`, which Chrome and Firefox both honour
 * (a returned Promise is not honoured everywhere). Returns a function that stops listening.
 *
 * @example
 * ```ts
 * export default defineBackground(() => {
 *   listenForMessages(createHandlers());
 * });
 * ```
 */
export function listenForMessages(
  handlers: Handlers,
  onMessage: MessageEvent = browser.runtime.onMessage as unknown as MessageEvent,
  extensionOrigin: string = browser.runtime.getURL('/'),
): () => void {
  const listener: Listener = (message, sender, sendResponse) => {
    if (!isKeycardMessage(handlers, message)) return undefined;
    if (!isKeycardPage(sender, extensionOrigin)) {
      sendResponse(saidFailure('forbidden', 'failure.notKeycardPage'));
      return undefined;
    }
    void route(handlers, message).then(sendResponse);
    return true;
  };
  onMessage.addListener(listener);
  return () => onMessage.removeListener(listener);
}
