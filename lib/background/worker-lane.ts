/**
 * The worker lane, the background's end: Keycard's pages may post a request to the service
 * worker itself (`ServiceWorker.postMessage` with a port for the answer), which skips the
 * browser's extension messaging (a trip through the browser process and back, ~4 ms at the
 * median and ~17 ms at the 95th percentile on a busy desk, issue 19). Only a window of this
 * extension's origin can hold this worker's registration; the worker checks the client's
 * address anyway, as the router checks a sender's. Requests go to the same router and
 * handlers as runtime messages, so the two ways answer alike.
 */
import { PAGE_LINE, PAGE_REQUEST } from '@/lib/contract/messages';
import { saidFailure } from './proxy/said-failure';
import type { Handlers } from './desk-handlers';
import { isKeycardPage, route } from './router';

export { PAGE_LINE, PAGE_REQUEST };

/** The part of a worker's `message` event the lane reads (an `ExtendableMessageEvent`). */
interface PageRequestEvent {
  data: unknown;
  ports: readonly MessagePort[];
  source: { url?: string } | null;
  waitUntil(promise: Promise<unknown>): void;
}

/** The part of the worker's global scope the lane listens on. */
export interface WorkerScope {
  addEventListener(type: 'message', listener: (event: PageRequestEvent) => void): void;
}

/**
 * @example
 * ```ts
 * answerPageRequests(handlers, self, browser.runtime.getURL('/'));
 * ```
 */
export function answerPageRequests(handlers: Handlers, scope: WorkerScope, extensionOrigin: string): void {
  scope.addEventListener('message', (event) => {
    const request = event.data as { type?: unknown; message?: unknown } | null;
    const reply = event.ports[0];
    if ((request?.type !== PAGE_REQUEST && request?.type !== PAGE_LINE) || !reply) return;
    if (!isKeycardPage({ url: event.source?.url }, extensionOrigin)) {
      if (request.type === PAGE_REQUEST) reply.postMessage(saidFailure('forbidden', 'failure.notKeycardPage'));
      else reply.close();
      return;
    }
    if (request.type === PAGE_LINE) return answerOnLine(handlers, reply);
    // The worker stays awake until the answer is sent, as it does for a runtime message.
    event.waitUntil(route(handlers, request.message).then((answer) => reply.postMessage(answer)));
  });
}

/**
 * A page's line (lib/models/worker-lane.ts): each request is acknowledged at once, so the page
 * can tell a stopped worker from a slow answer, then answered with its id.
 */
function answerOnLine(handlers: Handlers, line: MessagePort): void {
  line.onmessage = (event) => {
    const { id, message } = (event.data ?? {}) as { id?: unknown; message?: unknown };
    if (typeof id !== 'number') return;
    line.postMessage({ id, received: true });
    void route(handlers, message).then((answer) => line.postMessage({ id, answer }));
  };
}
