/**
 * Issue 18 item 5: the panel must never hide Mews's own controls, and the desk's choice is
 * remembered. Beside the automatic keep-clear (panel-placement.ts), the desk can move the
 * panel to the other edge of the window; the choice goes to the background, which keeps it
 * with the fold across pages and restarts, and the panel reports its side to the page with
 * its size (the content script docks the frame there).
 */
import { screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import type { GuestPage } from '@/lib/host';
import { readPanelSize } from '@/lib/host/panel-port';
import { deskBackground, deskStatus, ok } from '../support/fixtures';
import { click } from '../support/manager-ui';
import { showPanel } from '../support/panel-ui';

const CUSTOMER: GuestPage = { kind: 'customer', id: 'cus-1', enterpriseId: 'ent-1', patternName: 'customer-detail' };

describe('the desk moves the panel to the other edge, and it stays there', () => {
  it('Move to the left edge: drawn on the left, and the background is told', async () => {
    const background = deskBackground({ setPanelSide: (message) => ok({ side: message.side }) });
    const { panel } = await showPanel(background.send, CUSTOMER);
    expect(panel.dataset.side).toBe('right');
    const move = screen.getByRole('button', { name: 'Move to the left edge' });
    move.focus();
    await click(move);
    expect(panel.dataset.side).toBe('left');
    expect(background.calls.filter((message) => message.type === 'setPanelSide')).toEqual([{ type: 'setPanelSide', side: 'left' }]);
    // The same button now leads back, and focus stays on it.
    const back = screen.getByRole('button', { name: 'Move to the right edge' });
    expect(document.activeElement).toBe(back);
  });

  it('opens on the side the desk chose before (the background remembers it)', async () => {
    const background = deskBackground({ getStatus: () => ok(deskStatus({ panelSide: 'left' })) });
    const { panel } = await showPanel(background.send, CUSTOMER);
    expect(panel.dataset.side).toBe('left');
    expect(screen.getByRole('button', { name: 'Move to the right edge' })).toBeTruthy();
  });

  it('the size report carries the side; anything else reads as the right edge', () => {
    expect(readPanelSize({ type: 'size', width: 300, height: 400, collapsed: false, side: 'left' })?.side).toBe('left');
    expect(readPanelSize({ type: 'size', width: 300, height: 400, collapsed: false, side: 'top; left: 0' })?.side).toBe('right');
    expect(readPanelSize({ type: 'size', width: 300, height: 400, collapsed: false })?.side).toBe('right');
  });
});
