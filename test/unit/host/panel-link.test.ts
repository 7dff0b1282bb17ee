/**
 * The port between the content script and the panel's frame: the content script takes only the
 * port of its own iframe (a Keycard page presenting the key it posted there), and neither end
 * takes the page's word for anything.
 */
import { describe, expect, it } from 'vitest';
import { linkPanelFrame, type PortEvent } from '@/lib/host/panel-link';
import { linkToHost } from '@/lib/host/frame-link';
import { locationChanges } from '@/lib/host/watch-guest-page';
import { panelLifetime } from '@/lib/host/panel-lifetime';
import { readHostMessage, type PanelPort, type PortSender } from '@/lib/host/panel-port';
import { fakePort, type FakePort } from '../support/fake-port';
import type { GuestPage } from '@/lib/host';

const ORIGIN = 'chrome-extension://keycard-id';
const KEYCARD_PAGE: PortSender = { id: 'keycard-id', url: `${ORIGIN}/panel-frame.html` };
const guest: GuestPage = { kind: 'customer', id: 'cus-9', enterpriseId: 'ent-1', patternName: 'customer-detail' };

function contentScriptEnd() {
  let connect: (port: PanelPort) => void = () => undefined;
  const onConnect: PortEvent = { addListener: (listener) => void (connect = listener), removeListener: () => undefined };
  const sizes: unknown[] = [];
  let gone = 0;
  const controller = new AbortController();
  const link = linkPanelFrame({
    signal: controller.signal,
    onConnect,
    extensionId: 'keycard-id',
    extensionOrigin: ORIGIN,
    maxHeight: () => 680,
    onSize: (size) => sizes.push(size),
    onFrameGone: () => void gone++,
    newKey: () => 'the-key',
  });
  const posted: Array<{ message: unknown; origin: string }> = [];
  const frame = {
    src: `${ORIGIN}/panel-frame.html`,
    contentWindow: { postMessage: (message: unknown, origin: string) => void posted.push({ message, origin }) },
  } as unknown as HTMLIFrameElement;
  return { link, connect: (port: PanelPort) => connect(port), sizes, gone: () => gone, frame, posted, controller };
}

describe('the content script’s end of the panel port', () => {
  it('posts a key into its own iframe, for the extension’s origin only', () => {
    const end = contentScriptEnd();
    end.link.greet(end.frame);
    expect(end.posted).toEqual([{ message: { type: 'keycard-panel-key', key: 'the-key' }, origin: ORIGIN }]);
  });

  it('takes the port that presents its key: sends it the viewport and the guest, takes its sizes', () => {
    const end = contentScriptEnd();
    end.link.showGuest(guest);
    end.link.greet(end.frame);
    const port = fakePort(KEYCARD_PAGE);
    end.connect(port);
    port.deliver({ type: 'keycard-panel-key', key: 'the-key' });
    // Numbered in the order sent (the guest before the frame was there took number 1).
    expect(port.sent).toEqual([{ type: 'viewport', maxHeight: 680, seq: 2 }, { type: 'guest', page: guest, seq: 3 }]);
    end.link.showGuest(null);
    expect(port.sent.at(-1)).toEqual({ type: 'guest', page: null, seq: 4 });
    port.deliver({ type: 'size', width: 299.5, height: 410.2, collapsed: false, side: 'right' });
    port.deliver({ type: 'size', width: 'wide', height: 1 });
    expect(end.sizes).toEqual([{ type: 'size', width: 300, height: 411, collapsed: false, side: 'right' }]);
    port.close();
    expect(end.gone()).toBe(1);
  });

  it('passes a desk shortcut to the frame, which reads only the two it knows', () => {
    const end = contentScriptEnd();
    end.link.greet(end.frame);
    const port = fakePort(KEYCARD_PAGE);
    end.connect(port);
    port.deliver({ type: 'keycard-panel-key', key: 'the-key' });
    end.link.shortcut('adjust');
    expect(port.sent.at(-1)).toEqual({ type: 'shortcut', shortcut: 'adjust', seq: 3 });
    expect(readHostMessage(port.sent.at(-1))).toEqual({ type: 'shortcut', shortcut: 'adjust' });
    expect(readHostMessage({ type: 'shortcut', shortcut: 'delete-everything' })).toBeNull();
  });

  it('closes a port with a wrong key, from another extension or a content script, and tells it nothing', () => {
    const end = contentScriptEnd();
    end.link.showGuest(guest);
    end.link.greet(end.frame);
    const wrongKey = fakePort(KEYCARD_PAGE);
    const otherExtension = fakePort({ id: 'other-id', url: 'chrome-extension://other-id/panel-frame.html' });
    const notAPage = fakePort({ id: 'keycard-id', url: 'https://app.mews.com/Commander/x' });
    for (const port of [wrongKey, otherExtension, notAPage]) end.connect(port);
    wrongKey.deliver({ type: 'keycard-panel-key', key: 'a-guess' });
    expect([wrongKey.closed, otherExtension.closed, notAPage.closed]).toEqual([true, true, true]);
    expect([...wrongKey.sent, ...otherExtension.sent, ...notAPage.sent]).toEqual([]);
  });

  it('takes a newer frame’s port over an older one, and ignores the older one’s sizes', () => {
    const end = contentScriptEnd();
    end.link.greet(end.frame);
    const older = fakePort(KEYCARD_PAGE);
    end.connect(older);
    older.deliver({ type: 'keycard-panel-key', key: 'the-key' });
    const newer = fakePort(KEYCARD_PAGE);
    end.connect(newer);
    newer.deliver({ type: 'keycard-panel-key', key: 'the-key' });
    expect(older.closed).toBe(true);
    older.deliver({ type: 'size', width: 10, height: 10, collapsed: true, side: 'right' });
    expect(end.sizes).toEqual([]);
  });
});

describe('the frame’s end of the panel port', () => {
  function frameEnd() {
    const parent = {};
    let onWindowMessage: (event: { source: unknown; data: unknown }) => void = () => undefined;
    const doc = Object.assign(new EventTarget(), { visibilityState: 'visible' });
    const win = { parent, document: doc, addEventListener: (_type: string, listener: typeof onWindowMessage) => void (onWindowMessage = listener) };
    const opened: Array<FakePort> = [];
    const received: unknown[] = [];
    const link = linkToHost({
      connect: () => {
        const port = fakePort(KEYCARD_PAGE);
        opened.push(port);
        return port;
      },
      onMessage: (message) => received.push(message),
      window: win as unknown as Window,
    });
    const post = (data: unknown, source: unknown = parent) => onWindowMessage({ source, data });
    return { link, opened, received, post, parent, doc };
  }
  const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

  it('passes each key its parent posts on over a new port, and listens to the port that answers', async () => {
    const end = frameEnd();
    end.link.reportSize({ type: 'size', width: 300, height: 400, collapsed: false, side: 'right' });
    end.post({ type: 'keycard-panel-key', key: 'from-the-page' });
    end.post({ type: 'keycard-panel-key', key: 'the-key' });
    end.post({ type: 'keycard-panel-key', key: 'the-key' });
    await flush();
    expect(end.opened.map((port) => port.sent[0])).toEqual([
      { type: 'keycard-panel-key', key: 'from-the-page' },
      { type: 'keycard-panel-key', key: 'the-key' },
    ]);
    const [rejected, accepted] = end.opened as [FakePort, FakePort];
    rejected.close();
    accepted.deliver({ type: 'guest', page: guest });
    accepted.deliver({ type: 'guest', page: { kind: 'customer', id: '' } });
    expect(end.received).toEqual([{ type: 'guest', page: guest }]);
    // The content script that took the port gets the size at once, and every change after.
    expect(accepted.sent.slice(1)).toEqual([{ type: 'size', width: 300, height: 400, collapsed: false, side: 'right' }]);
    end.link.reportSize({ type: 'size', width: 26, height: 90, collapsed: true, side: 'right' });
    expect(accepted.sent.at(-1)).toEqual({ type: 'size', width: 26, height: 90, collapsed: true, side: 'right' });
  });

  it('joins again with the key that was taken when the port closes (Chrome stopped the worker)', async () => {
    const end = frameEnd();
    end.post({ type: 'keycard-panel-key', key: 'the-key' });
    await flush();
    const first = end.opened[0]!;
    first.deliver({ type: 'guest', page: guest });
    end.doc.visibilityState = 'hidden';
    first.close();
    expect(end.opened).toHaveLength(1);
    end.doc.visibilityState = 'visible';
    end.doc.dispatchEvent(new Event('visibilitychange'));
    expect(end.opened).toHaveLength(2);
    expect(end.opened[1]!.sent[0]).toEqual({ type: 'keycard-panel-key', key: 'the-key' });
  });

  it('ignores keys from any window but its parent, and anything that is not a key', async () => {
    const end = frameEnd();
    end.post({ type: 'keycard-panel-key', key: 'k' }, {});
    end.post({ type: 'adjustPoints', membershipId: 'mem-1', delta: 500 });
    end.post('keycard-panel-key');
    await flush();
    expect(end.opened).toEqual([]);
  });
});

describe('the panel’s lifetime', () => {
  it('outlives a forged "newer content script" while the extension lives, and ends when it is gone', () => {
    const claimed = new AbortController();
    let alive = true;
    const lifetime = panelLifetime(claimed.signal, () => alive);
    claimed.abort();
    expect(lifetime.signal.aborted).toBe(false);
    expect(lifetime.check()).toBe(true);
    alive = false;
    expect(lifetime.check()).toBe(false);
    expect(lifetime.signal.aborted).toBe(true);
  });

  it('ends when the extension’s API is dead (Firefox throws on an unloaded extension)', () => {
    const lifetime = panelLifetime(new AbortController().signal, () => {
      throw new TypeError("can't access dead object");
    });
    expect(lifetime.check()).toBe(false);
    expect(lifetime.signal.aborted).toBe(true);
  });
});

describe('location changes', () => {
  it('reads the address from location, never from the event a page script may have forged', () => {
    const navigation = new EventTarget();
    const scope = { navigation, location: { href: 'https://app.mews.com/Commander/ent-1/Customer/Detail/cus-9' } };
    const seen: string[] = [];
    const controller = new AbortController();
    locationChanges(controller.signal, scope as unknown as typeof globalThis)((url) => seen.push(url.pathname));
    const forged = Object.assign(new Event('currententrychange'), { destination: { url: 'https://app.mews.com/Commander/ent-1/Customer/Detail/cus-666' } });
    navigation.dispatchEvent(forged);
    controller.abort();
    navigation.dispatchEvent(new Event('currententrychange'));
    expect(seen).toEqual(['/Commander/ent-1/Customer/Detail/cus-9']);
  });
});

/**
 * Issue 19: the guest went content script → worker → frame, two extension messages at ~8 ms
 * each on a busy desk. The content script also hands its frame a MessageChannel with the key;
 * once the content script took the frame's port for that key, the frame listens on that
 * channel too, so the guest arrives in one hop (and while the worker is stopped). Every
 * message carries a sequence number: whichever copy comes second is dropped.
 */
describe('the direct lane between the content script and its frame', () => {
  const frameWindow = () => {
    const parent = {};
    let onWindowMessage: (event: { source: unknown; data: unknown; ports?: readonly MessagePort[] }) => void = () => undefined;
    const doc = Object.assign(new EventTarget(), { visibilityState: 'visible' });
    const win = { parent, document: doc, addEventListener: (_type: string, listener: typeof onWindowMessage) => void (onWindowMessage = listener) };
    return { win: win as unknown as Window, parent, post: (data: unknown, ports: MessagePort[] = []) => onWindowMessage({ source: parent, data, ports }) };
  };
  const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
  /** A frame's end of the link, with the ports it opened and the messages it passed on. */
  const linkedFrame = () => {
    const { win, post } = frameWindow();
    const opened: FakePort[] = [];
    const received: unknown[] = [];
    linkToHost({ connect: () => (opened.push(fakePort(KEYCARD_PAGE)), opened.at(-1)!), onMessage: (m) => received.push(m), window: win });
    return { post, opened, received };
  };

  it('the content script hands its frame a channel with the key, and sends each message down both ways, numbered', () => {
    const end = contentScriptEnd();
    const transferred: unknown[] = [];
    const frame = {
      contentWindow: { postMessage: (_message: unknown, _origin: string, transfer: unknown[] = []) => void transferred.push(...transfer) },
    } as unknown as HTMLIFrameElement;
    end.link.greet(frame);
    expect(transferred).toHaveLength(1);
    const lane = transferred[0] as MessagePort;
    const overLane: unknown[] = [];
    lane.onmessage = (event) => void overLane.push(event.data);
    const port = fakePort(KEYCARD_PAGE);
    end.connect(port);
    port.deliver({ type: 'keycard-panel-key', key: 'the-key' });
    end.link.showGuest(guest);
    const seqs = port.sent.map((message) => (message as { seq: number }).seq);
    expect(seqs).toEqual([1, 2, 3]);
    return settle().then(() => {
      expect(overLane).toEqual(port.sent);
      lane.close();
      end.controller.abort();
    });
  });

  it('the frame takes the guest from the channel of the key the content script took, even with the worker stopped', async () => {
    const { post, opened, received } = linkedFrame();
    const channel = new MessageChannel();
    post({ type: 'keycard-panel-key', key: 'the-key' }, [channel.port2]);
    await settle();
    const port = opened[0]!;
    port.deliver({ type: 'viewport', maxHeight: 600, seq: 1 });
    port.close(); // Chrome stopped the worker: the relay is gone
    channel.port1.postMessage({ type: 'guest', page: guest, seq: 2 });
    await settle();
    expect(received).toEqual([
      { type: 'viewport', maxHeight: 600 },
      { type: 'guest', page: guest },
    ]);
    channel.port1.close();
  });

  it('drops the slower copy of a message, and an older guest arriving after a newer one', async () => {
    const { post, opened, received } = linkedFrame();
    const channel = new MessageChannel();
    post({ type: 'keycard-panel-key', key: 'the-key' }, [channel.port2]);
    await settle();
    const port = opened[0]!;
    port.deliver({ type: 'guest', page: null, seq: 1 });
    channel.port1.postMessage({ type: 'guest', page: null, seq: 1 });
    channel.port1.postMessage({ type: 'guest', page: guest, seq: 2 });
    await settle();
    port.deliver({ type: 'guest', page: guest, seq: 2 });
    port.deliver({ type: 'guest', page: null, seq: 1 });
    expect(received).toEqual([
      { type: 'guest', page: null },
      { type: 'guest', page: guest },
    ]);
    channel.port1.close();
  });

  it('never listens to a channel that came with a key the content script refused', async () => {
    const { post, opened, received } = linkedFrame();
    const forged = new MessageChannel();
    const genuine = new MessageChannel();
    post({ type: 'keycard-panel-key', key: 'from-the-page' }, [forged.port2]);
    post({ type: 'keycard-panel-key', key: 'the-key' }, [genuine.port2]);
    await settle();
    const [refused, taken] = opened as [FakePort, FakePort];
    refused.close();
    taken.deliver({ type: 'guest', page: null, seq: 1 });
    forged.port1.postMessage({ type: 'guest', page: { ...guest, id: 'cus-forged' }, seq: 99 });
    await settle();
    expect(received).toEqual([{ type: 'guest', page: null }]);
    forged.port1.close();
    genuine.port1.close();
  });
});
