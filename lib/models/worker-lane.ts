/**
 * The worker lane, the page's end (see lib/background/worker-lane.ts): a request posted to
 * the extension's service worker with a port for its answer. Used for the reads on the desk's
 * hot paths (a keystroke in the popup, a guest's saved points); everything else, and every
 * browser without an extension service worker (Firefox's background page), goes by
 * `runtime.sendMessage` as before.
 */
import { isResult, PAGE_REQUEST, type MessageOf, type MessageType, type ResponseOf, type Result } from '@/lib/contract/messages';

/** The extension's active service worker, or null where there is none to post to. */
export type WorkerLookup = () => Promise<ServiceWorker | null>;

/** How long a lane request may go unanswered before the page asks the usual way (ms). */
export const LANE_PATIENCE_MS = 3_000;

let registration: Promise<ServiceWorkerRegistration | undefined> | null = null;

/** This extension's service worker, read afresh each time from its registration (an update replaces it). */
export const activeWorker: WorkerLookup = async () => {
  const container = globalThis.navigator?.serviceWorker;
  if (!container) return null;
  registration ??= container.getRegistration().catch(() => undefined);
  return (await registration)?.active ?? null;
};

/**
 * Sends `message` down the worker lane. Null when it cannot be sent that way (no worker, or
 * posting failed): nothing reached the background, and the caller sends it the usual way.
 *
 * @example
 * ```ts
 * const answer = (await askWorker({ type: 'searchMembers', query })) ?? (await browser.runtime.sendMessage({ type: 'searchMembers', query }));
 * ```
 */
export async function askWorker<K extends MessageType>(
  message: MessageOf<K>,
  worker: WorkerLookup = activeWorker,
  patienceMs = LANE_PATIENCE_MS,
): Promise<Result<ResponseOf<K>> | null> {
  const active = await worker().catch(() => null);
  if (!active) return null;
  const channel = new MessageChannel();
  const answer = new Promise<unknown>((resolve) => {
    channel.port1.onmessage = (event) => resolve(event.data);
  });
  try {
    active.postMessage({ type: PAGE_REQUEST, message }, [channel.port2]);
  } catch {
    channel.port1.close();
    return null;
  }
  // A worker stopped mid-request never answers, and a port does not say so: after this long
  // the caller asks the usual way (these are reads; asking twice does no harm).
  let timer: ReturnType<typeof setTimeout> | undefined;
  const reply = await Promise.race([answer, new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), patienceMs)))]);
  clearTimeout(timer);
  channel.port1.close();
  return isResult(reply) ? (reply as Result<ResponseOf<K>>) : null;
}
