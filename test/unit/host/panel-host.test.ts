import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPanelHost } from '@/lib/host/panel-host';

const CSS = ':host { all: initial; } .keycard { width: 300px; }';

async function panelHost() {
  const mounts: HTMLElement[] = [];
  const removals: HTMLElement[] = [];
  const fetchCss = vi.fn(async () => CSS);
  const panel = await createPanelHost({
    name: 'keycard-panel',
    cssUrl: 'chrome-extension://id/content-scripts/mews.css',
    fetchCss,
    onMount: (container) => {
      mounts.push(container);
      const input = document.createElement('input');
      input.setAttribute('aria-label', 'Points');
      container.replaceChildren(input);
    },
    onRemove: (container) => {
      removals.push(container);
      container.replaceChildren();
    },
  });
  return { panel, mounts, removals, fetchCss };
}

describe('panel host', () => {
  afterEach(() => document.body.replaceChildren());

  it('mounts a <keycard-panel> at the end of body, with our stylesheet inside its open shadow root', async () => {
    const { panel, mounts, fetchCss } = await panelHost();
    document.body.append(document.createElement('main'));
    panel.mount();
    expect(fetchCss).toHaveBeenCalledWith('chrome-extension://id/content-scripts/mews.css');
    expect(document.body.lastElementChild).toBe(panel.host);
    expect(panel.host.tagName).toBe('KEYCARD-PANEL');
    const shadow = panel.host.shadowRoot!;
    expect(shadow.querySelector('style')!.textContent).toBe(CSS);
    expect(shadow.querySelector('input[aria-label="Points"]')).not.toBeNull();
    expect(mounts).toEqual([panel.container]);
  });

  it('keeps keystrokes typed into the panel away from Mews’s page shortcuts', async () => {
    const { panel } = await panelHost();
    panel.mount();
    const seenByPage: string[] = [];
    document.addEventListener('keydown', (event) => seenByPage.push(event.key));
    const input = panel.host.shadowRoot!.querySelector('input')!;
    const seenByPanel: string[] = [];
    input.addEventListener('keydown', (event) => seenByPanel.push(event.key));
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'j', bubbles: true, composed: true }));
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'k', bubbles: true }));
    expect(seenByPanel).toEqual(['j']);
    expect(seenByPage).toEqual(['k']);
  });

  it('removes cleanly and mounts again (after Mews redraws its page)', async () => {
    const { panel, mounts, removals } = await panelHost();
    panel.mount();
    panel.remove();
    expect(panel.host.isConnected).toBe(false);
    expect(removals).toEqual([panel.container]);
    panel.remove();
    expect(removals).toHaveLength(1);
    panel.mount();
    expect(panel.host.isConnected).toBe(true);
    expect(mounts).toHaveLength(2);
    expect(panel.host.shadowRoot!.querySelectorAll('input')).toHaveLength(1);
  });
});
