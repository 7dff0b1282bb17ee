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
    expect(port.sent).toEqual([{ type: 'viewport', maxHeight: 680 }, { type: 'guest', page: guest }]);
    end.link.showGuest(null);
    expect(port.sent.at(-1)).toEqual({ type: 'guest', page: null });
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
    expect(port.sent.at(-1)).toEqual({ type: 'shortcut', shortcut: 'adjust' });
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
