/**
 * The page side of the message protocol (lib/contract/messages.ts): how the panel, the popup
 * and the options page ask the background for anything.
 */
import { browser } from '#imports';
import { failure, isResult, type MessageOf, type MessageType, type ResponseOf, type Result } from '@/lib/contract/messages';

/**
 * Asks the background to do something and waits for the typed answer. Never throws: a
 * background that cannot be reached (extension reloaded, worker failing) is an
 * `unreachable` failure like a proxy that cannot be reached.
 *
 * @example
 * ```ts
 * const result = await sendToBackground({ type: 'getGuestLoyalty', kind: 'customer', id });
 * if (result.ok) show(result.data.memberships);
 * else showError(result.error.message);
 * ```
 */
export async function sendToBackground<K extends MessageType>(
  message: MessageOf<K>,
): Promise<Result<ResponseOf<K>>> {
  try {
    const reply: unknown = await browser.runtime.sendMessage(message);
    if (isResult(reply)) return reply as Result<ResponseOf<K>>;
    return failure('unreachable', 'Keycard did not answer. Reload the page and try again.');
  } catch {
    // After an extension update the old content script loses its background for good.
    return failure('unreachable', 'Keycard was updated or stopped. Reload the page to reconnect.');
  }
}
