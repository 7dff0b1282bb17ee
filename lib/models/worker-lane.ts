/**
 * The worker lane, the page's end (see lib/background/worker-lane.ts): a request posted to
 * the extension's service worker with a port for its answer. Used for the reads on the desk's
 * hot paths (a keystroke in the popup, a guest's saved points); everything else, and every
 * browser without an extension service worker (Firefox's background page), goes by
 * `runtime.sendMessage` as before.
 */
import { isResult, PAGE_LINE, PAGE_REQUEST, type MessageOf, type MessageType, type ResponseOf, type Result } from '@/lib/contract/messages';

/** The extension's active service worker, or null where there is none to post to. */
export type WorkerLookup = () => Promise<ServiceWorker | null>;

/** How long a lane request may go unanswered before the page asks the usual way (ms). */
export const LANE_PATIENCE_MS = 3_000;
/** How long the line may leave a request unacknowledged before it counts as dead (the worker was stopped) (ms). */
export const LINE_ACK_MS = 250;

/**
 * The line: a standing channel to the worker, opened with the first request. A request posted
 * to the worker goes through the browser's process, which on a busy desk delivered it 15-20 ms
 * late (issue 19's trace); on the line it goes from this page's thread to the worker's, inside
 * the extension's process. The worker acknowledges each request at once; a line that stops
 * acknowledging (Chrome stopped the worker, and the line with it) is dropped, the request is
 * posted as before (which wakes the worker), and a new line opens.
 */
interface Line {
  port: MessagePort;
  waiting: Map<number, { acked: boolean; resolve: (answer: unknown) => void }>;
}
let line: Line | null = null;
let lastId = 0;

function openLine(active: ServiceWorker): Line | null {
  const channel = new MessageChannel();
  try {
    active.postMessage({ type: PAGE_LINE }, [channel.port2]);
  } catch {
    channel.port1.close();
    return null;
  }
  const opened: Line = { port: channel.port1, waiting: new Map() };
  channel.port1.onmessage = (event) => {
    const { id, answer, received } = (event.data ?? {}) as { id?: number; answer?: unknown; received?: boolean };
    const entry = opened.waiting.get(id ?? -1);
    if (!entry) return;
    if (received) {
      entry.acked = true;
      return;
    }
    opened.waiting.delete(id!);
    entry.resolve(answer);
  };
  return opened;
}

function dropLine(dead: Line): void {
  if (line === dead) line = null;
  dead.port.close();
  for (const entry of dead.waiting.values()) entry.resolve(null);
  dead.waiting.clear();
}

/** A request on the line; null if the line went silent (then it is dropped). */
function askOnLine(open: Line, message: unknown, ackMs: number): Promise<unknown> {
  const id = ++lastId;
  return new Promise((resolve) => {
    const entry = { acked: false, resolve };
    open.waiting.set(id, entry);
    open.port.postMessage({ id, message });
    setTimeout(() => {
      if (!entry.acked && open.waiting.get(id) === entry) dropLine(open);
    }, ackMs);
  });
}

/** Forgets the line (tests; a page whose worker was replaced). */
export function closeLine(): void {
  if (line) dropLine(line);
}

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
  ackMs = LINE_ACK_MS,
): Promise<Result<ResponseOf<K>> | null> {
  const active = await worker().catch(() => null);
  if (!active) return null;
  if (line) {
    const answered = await askOnLine(line, message, ackMs);
    if (isResult(answered)) return answered as Result<ResponseOf<K>>;
  }
  const reply = await askOnce(active, message, patienceMs);
  // Answered by a woken worker: the next requests take a new line to it (not a worker that refuses this page).
  if (reply && !line && (reply.ok || reply.error.kind !== 'forbidden')) line = openLine(active);
  return reply as Result<ResponseOf<K>> | null;
}

/** One request posted to the worker with its own port for the answer; null if it could not be posted or went unanswered. */
async function askOnce(active: ServiceWorker, message: unknown, patienceMs: number): Promise<Result<unknown> | null> {
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
  return isResult(reply) ? reply : null;
}
