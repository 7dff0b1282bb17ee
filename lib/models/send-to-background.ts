/**
 * The page side of the message protocol (lib/contract/messages.ts): how the panel, the popup
 * and the options page ask the background for anything.
 */
import { browser } from '#imports';
import { failure, isResult, SESSION_CHANGED, type MessageOf, type MessageType, type ResponseOf, type Result } from '@/lib/contract/messages';
import { t } from '@/lib/i18n';
import { askWorker } from './worker-lane';

/**
 * The reads a desk waits for on its hot paths (a keystroke's matches, a guest's saved points
 * and the programs to show them with) take the worker lane where there is one (worker-lane.ts).
 * Reads only: should the lane ever fail to answer, asking again the usual way does no harm.
 */
function onWorkerLane(message: { type: string; cacheOnly?: boolean; refresh?: boolean }): boolean {
  if (message.type === 'searchMembers') return true;
  if (message.type === 'getGuestLoyalty') return message.cacheOnly === true;
  return message.type === 'getContext' && message.refresh !== true;
}

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
  if (onWorkerLane(message)) {
    const answer = await askWorker(message);
    if (answer) return answer;
  }
  try {
    const reply: unknown = await browser.runtime.sendMessage(message);
    if (isResult(reply)) return reply as Result<ResponseOf<K>>;
    return failure('unreachable', t('page.noAnswer'));
  } catch {
    // After an extension update the old content script loses its background for good.
    return failure('unreachable', t('page.updated'));
  }
}

type RuntimeListener = (message: unknown, sender: { url?: string }) => undefined;

/**
 * Calls `listener` whenever the background says the desk was paired, signed out or revoked
 * (`SESSION_CHANGED`). Only the extension's own pages are heard: a content script, which runs
 * in the Mews page's process, cannot make a panel reload. Returns a function that stops listening.
 *
 * @example
 * ```ts
 * onSessionChange(() => void model.refresh());
 * ```
 */
export function onSessionChange(listener: () => void, extensionOrigin: string = browser.runtime.getURL('/')): () => void {
  const onMessage: RuntimeListener = (message, sender) => {
    const fromKeycard = typeof sender?.url === 'string' && sender.url.startsWith(extensionOrigin);
    if (fromKeycard && (message as { type?: unknown } | null)?.type === SESSION_CHANGED) listener();
    return undefined;
  };
  const event = browser.runtime.onMessage as unknown as { addListener(l: RuntimeListener): void; removeListener(l: RuntimeListener): void };
  event.addListener(onMessage);
  return () => event.removeListener(onMessage);
}
