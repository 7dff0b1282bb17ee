/**
 * Issue 19: a message from a Keycard page to the background through `runtime.sendMessage`
 * took ~4 ms at the median and ~17 ms at the 95th percentile on a busy desk (the popup's every
 * keystroke, the panel's every guest). A page of this extension can post to the service worker
 * directly instead (one structured clone, no trip through the browser's extension messaging),
 * for the reads on those paths; the worker answers only its own extension's pages.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { answerPageRequests, PAGE_REQUEST, type WorkerScope } from '@/lib/background/worker-lane';
import { askWorker, closeLine } from '@/lib/models/worker-lane';
import { ok } from '../support/fixtures';
import type { Handlers } from '@/lib/background/desk-handlers';

const ORIGIN = 'chrome-extension://keycard-id/';

function workerScope() {
  const listeners: Array<(event: unknown) => void> = [];
  const waited: Promise<unknown>[] = [];
  return {
    scope: { addEventListener: (_type: string, listener: (event: unknown) => void) => void listeners.push(listener) } as unknown as WorkerScope,
    waited,
    /** Delivers `data` with `port` from a page at `url`, as the browser delivers a page's `ServiceWorker.postMessage`. */
    deliver(data: unknown, port: MessagePort, url: string) {
      for (const listener of listeners) listener({ data, ports: [port], source: { url }, waitUntil: (p: Promise<unknown>) => waited.push(p) });
    },
    /** A page at `url` posts `data` with a reply port, as `ServiceWorker.postMessage` would. */
    post(data: unknown, url: string) {
      const channel = new MessageChannel();
      const reply = new Promise((resolve) => (channel.port1.onmessage = (event) => resolve(event.data)));
      for (const listener of listeners) listener({ data, ports: [channel.port2], source: { url }, waitUntil: (p: Promise<unknown>) => waited.push(p) });
      return reply.finally(() => channel.port1.close());
    },
  };
}

const handlers = {
  searchMembers: async (message: { query: string }) => ok({ query: message.query, cachedMembers: 1, results: [] }),
} as unknown as Handlers;

beforeEach(() => closeLine());

describe('the worker lane: pages ask the service worker directly', () => {
  it('the worker routes a Keycard page’s request and answers on the port, keeping itself awake until then', async () => {
    const worker = workerScope();
    answerPageRequests(handlers, worker.scope, ORIGIN);
    const answer = await worker.post({ type: PAGE_REQUEST, message: { type: 'searchMembers', query: 'nov' } }, `${ORIGIN}popup.html`);
    expect(answer).toEqual(ok({ query: 'nov', cachedMembers: 1, results: [] }));
    expect(worker.waited).toHaveLength(1);
  });

  it('the worker refuses a client that is not one of its extension’s pages, and ignores other messages', async () => {
    const worker = workerScope();
    answerPageRequests(handlers, worker.scope, ORIGIN);
    const refused = (await worker.post({ type: PAGE_REQUEST, message: { type: 'searchMembers', query: 'nov' } }, 'https://app.mews.com/x')) as {
      ok: boolean;
      error: { kind: string };
    };
    expect(refused.ok).toBe(false);
    expect(refused.error.kind).toBe('forbidden');
    const unknown = (await worker.post({ type: PAGE_REQUEST, message: { type: 'deleteEverything' } }, `${ORIGIN}popup.html`)) as { ok: boolean };
    expect(unknown.ok).toBe(false);
  });

  it('a page posts to the active worker and resolves with its answer', async () => {
    const worker = workerScope();
    answerPageRequests(handlers, worker.scope, ORIGIN);
    const active = {
      postMessage: (data: unknown, transfer: MessagePort[]) => {
        const [port] = transfer;
        void worker.post(data, `${ORIGIN}popup.html`).then((answer) => port!.postMessage(answer));
      },
    };
    const answer = await askWorker({ type: 'searchMembers', query: 'kcr' }, async () => active as unknown as ServiceWorker);
    expect(answer).toEqual(ok({ query: 'kcr', cachedMembers: 1, results: [] }));
  });

  it('a page with no worker to post to (Firefox’s background page) says so, for the caller to send the usual way', async () => {
    expect(await askWorker({ type: 'searchMembers', query: 'kcr' }, async () => null)).toBeNull();
    const broken = { postMessage: () => { throw new DOMException('gone', 'InvalidStateError'); } };
    expect(await askWorker({ type: 'searchMembers', query: 'kcr' }, async () => broken as unknown as ServiceWorker)).toBeNull();
  });
});

describe('a worker that never answers', () => {
  it('is given up on after a while, for the caller to ask the usual way', async () => {
    const silent = { postMessage: () => undefined };
    expect(await askWorker({ type: 'searchMembers', query: 'kcr' }, async () => silent as unknown as ServiceWorker, 20)).toBeNull();
  });
});

describe('the line: a standing channel from a page to the worker', () => {
  /** A worker that answers through answerPageRequests, as `ServiceWorker.postMessage` would deliver to it. */
  function fakeWorker(url = `${ORIGIN}panel-frame.html`) {
    const worker = workerScope();
    answerPageRequests(handlers, worker.scope, ORIGIN);
    const lines: MessagePort[] = [];
    let posted = 0;
    const active = {
      postMessage: (data: unknown, transfer: MessagePort[]) => {
        posted++;
        const [port] = transfer;
        if ((data as { type?: string }).type === 'keycard:line') lines.push(port!);
        worker.deliver(data, port!, url);
      },
    };
    return { active: active as unknown as ServiceWorker, lines, posted: () => posted };
  }

  it('asks on the line after the first request: one request posted, one line opened, then nothing through the browser', async () => {
    const worker = fakeWorker();
    for (const query of ['a', 'ab', 'abc', 'abcd']) {
      expect(await askWorker({ type: 'searchMembers', query }, async () => worker.active)).toEqual(ok({ query, cachedMembers: 1, results: [] }));
    }
    expect(worker.posted()).toBe(2);
    expect(worker.lines).toHaveLength(1);
  });

  it('drops a line that stops acknowledging (Chrome stopped the worker), answers by posting, and opens a new one', async () => {
    const worker = fakeWorker();
    await askWorker({ type: 'searchMembers', query: 'a' }, async () => worker.active);
    worker.lines[0]!.close(); // the worker's end went with the worker
    const answer = await askWorker({ type: 'searchMembers', query: 'ab' }, async () => worker.active, 3_000, 20);
    expect(answer).toEqual(ok({ query: 'ab', cachedMembers: 1, results: [] }));
    expect(worker.lines).toHaveLength(2);
  });

  it('never answers a line from a page that is not Keycard’s', async () => {
    const worker = fakeWorker('https://app.mews.com/x');
    const answer = await askWorker({ type: 'searchMembers', query: 'a' }, async () => worker.active, 50, 20);
    // The single request is refused; no line is kept for a page the worker does not answer.
    expect((answer as { ok: boolean } | null)?.ok ?? false).toBe(false);
    expect(worker.lines.length).toBe(0);
  });
});
