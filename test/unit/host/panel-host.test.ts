import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPanelHost } from '@/lib/host/panel-host';

const FRAME_URL = 'chrome-extension://id/panel-frame.html';


/** The panel host, and its closed shadow root as only the content script holds it. */
function panelHost(onFrameLoad?: (frame: HTMLIFrameElement) => void) {
  const attach = vi.spyOn(HTMLElement.prototype, 'attachShadow');
  const panel = createPanelHost({ name: 'keycard-panel', frameUrl: FRAME_URL, onFrameLoad });
  const shadow = attach.mock.results[0]!.value as ShadowRoot;
  attach.mockRestore();
  return { panel, shadow, frame: () => shadow.querySelector('iframe')! };
}

describe('panel host', () => {
  afterEach(() => document.body.replaceChildren());

  it('mounts a <keycard-panel> at the end of body whose closed shadow root holds the panel page’s iframe', () => {
    const { panel, frame } = panelHost();
    document.body.append(document.createElement('main'));
    panel.mount();
    expect(document.body.lastElementChild).toBe(panel.host);
    expect(panel.host.shadowRoot).toBeNull();
    expect(document.querySelector('iframe')).toBeNull();
    expect(frame().getAttribute('src')).toBe(FRAME_URL);
    expect(frame().title).toBe('Keycard loyalty');
  });

  it('titles the frame in the desk’s language, and retitles a mounted frame and the next one when the desk switches', () => {
    const { panel, frame } = panelHost();
    panel.retitle('de');
    panel.mount();
    expect(frame().title).toBe('Keycard Treueprogramm');
    panel.retitle('cs');
    expect(frame().title).toBe('Keycard věrnost');
    panel.remove();
    panel.mount();
    expect(frame().title).toBe('Keycard věrnost');
  });

  it('stays hidden until the frame reports the panel’s size, then fits it and takes its corners and shadow', () => {
    const { panel, frame } = panelHost();
    panel.mount();
    expect(frame().classList.contains('is-shown')).toBe(false);
    panel.resize({ type: 'size', width: 300, height: 412, collapsed: false, side: 'right' });
    expect([frame().style.width, frame().style.height]).toEqual(['300px', '412px']);
    expect([...frame().classList]).toEqual(['is-shown', 'is-open']);
    panel.resize({ type: 'size', width: 26, height: 90, collapsed: true, side: 'right' });
    expect([...frame().classList]).toEqual(['is-shown', 'is-collapsed']);
    // Docked to the left edge where the desk moved it.
    panel.resize({ type: 'size', width: 300, height: 412, collapsed: false, side: 'left' });
    expect([...frame().classList]).toEqual(['is-shown', 'is-open', 'is-left']);
  });

  it('greets each loaded frame, and mounts a new one after Mews redrew its page', () => {
    const loaded: HTMLIFrameElement[] = [];
    const { panel, frame } = panelHost((loadedFrame) => loaded.push(loadedFrame));
    panel.mount();
    const first = frame();
    first.dispatchEvent(new Event('load'));
    expect(loaded).toEqual([first]);
    panel.remove();
    expect(panel.host.isConnected).toBe(false);
    panel.mount();
    expect(frame()).not.toBe(first);
    expect(panel.host.isConnected).toBe(true);
  });

  it('replaces a stale <keycard-panel> left by an earlier copy of the script or put there by the page', () => {
    const stale = document.createElement('keycard-panel');
    document.body.append(stale);
    const { panel } = panelHost();
    panel.mount();
    expect(stale.isConnected).toBe(false);
    expect(document.querySelectorAll('keycard-panel')).toHaveLength(1);
  });

  it('moves where keep-clear puts it, keeps that place for a frame mounted again, and steps aside on request', () => {
    const { panel, frame } = panelHost();
    panel.mount();
    panel.place(175.4);
    expect(frame().style.top).toBe('175px');
    panel.remove();
    panel.mount();
    expect(frame().style.top).toBe('175px');
    panel.makeWay(true);
    expect(frame().classList.contains('is-making-way')).toBe(true);
    panel.focus();
    expect(frame().classList.contains('is-making-way')).toBe(false);
  });
});
