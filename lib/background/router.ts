/**
 * Connects `runtime.onMessage` to the handlers. Registered synchronously in
 * `defineBackground`, so a service worker woken by a message has its listener in place.
 */
import { browser } from '#imports';
import { failure, type KeycardMessage, type Result } from '@/lib/contract/messages';
import type { Handlers } from './desk-handlers';

type Sender = { id?: string };
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
 * Routes one message to its handler. Unknown messages are refused as `invalid`; a handler
 * that throws becomes a `server` failure, so the sender always gets an answer.
 *
 * @example
 * ```ts
 * const reply = await route(handlers, { type: 'getStatus' });
 * ```
 */
export async function route(handlers: Handlers, message: unknown): Promise<Result<unknown>> {
  if (!isKeycardMessage(handlers, message)) return failure('invalid', 'Keycard does not know that request.');
  try {
    const handler = handlers[message.type] as (message: KeycardMessage) => Promise<Result<unknown>>;
    return await handler(message);
  } catch (error) {
    console.error('[keycard] handler failed', message.type, error);
    return failure('server', 'Keycard had a problem — try again.');
  }
}

/**
 * Listens for messages from Keycard's own pages and content scripts and answers each one.
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
  extensionId: string | undefined = browser.runtime.id,
): () => void {
  const listener: Listener = (message, sender, sendResponse) => {
    // Only Keycard's own contexts may ask; web pages cannot reach onMessage, but be explicit.
    if (extensionId && sender?.id && sender.id !== extensionId) return undefined;
    if (!isKeycardMessage(handlers, message)) return undefined;
    void route(handlers, message).then(sendResponse);
    return true;
  };
  onMessage.addListener(listener);
  return () => onMessage.removeListener(listener);
}
