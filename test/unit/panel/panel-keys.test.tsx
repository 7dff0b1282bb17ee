/** The desk's keys into the panel (lib/host/desk-shortcuts.ts): the panel answers them by itself. */
import { act, fireEvent, render, screen, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { Panel } from '@/components/panel/Panel';
import type { GuestPage } from '@/lib/host';
import { PanelModel } from '@/lib/models/panel-model';
import { deskContext, deskStatus, guestLoyalty, ok, scriptedSend } from '../support/fixtures';

const CUSTOMER: GuestPage = { kind: 'customer', id: 'cus-1', enterpriseId: 'ent-1', patternName: 'customer-detail' };

async function settle() {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

async function showGuest(options: { collapsed?: boolean; page?: GuestPage | null } = {}) {
  const { send } = scriptedSend({
    getStatus: () => ok(deskStatus({ panelCollapsed: options.collapsed ?? false })),
    getContext: () => ok(deskContext()),
    getGuestLoyalty: () => ok(guestLoyalty()),
    setPanelCollapsed: (message) => ok({ collapsed: message.collapsed }),
  });
  const model = new PanelModel({ send, locale: 'en-US', pollMs: 0 });
  render(<Panel model={model} />);
  await act(async () => {
    await model.start();
    model.showPage(options.page === undefined ? CUSTOMER : options.page);
    await settle();
  });
  const aside = () => screen.getByRole('complementary', { name: 'Keycard loyalty' });
  return { model, aside };
}

async function press(target: Element | Document, code: string) {
  await act(async () => {
    fireEvent.keyDown(target, { code, altKey: true, shiftKey: true });
    await settle();
  });
}

describe('panel: the desk’s keys', () => {
  it('Alt+Shift+P on a folded panel opens it with Adjust points, the cursor in Points', async () => {
    const { model, aside } = await showGuest({ collapsed: true });
    expect(aside().className).toBe('keycard is-collapsed');
    await act(async () => {
      model.shortcut('adjust');
      await settle();
    });
    expect(aside().className).toBe('keycard');
    expect(document.activeElement).toBe(within(aside()).getByLabelText('Points'));
  });

  it('Alt+Shift+L opens the panel and puts the cursor on its first control', async () => {
    const { model, aside } = await showGuest({ collapsed: true });
    await act(async () => {
      model.shortcut('focus');
      await settle();
    });
    expect(aside().className).toBe('keycard');
    expect(aside().contains(document.activeElement)).toBe(true);
    expect(document.activeElement?.tagName).toBe('BUTTON');
  });

  it('the keys work inside the panel too, and the panel names them in its help', async () => {
    const { aside } = await showGuest();
    await press(within(aside()).getByRole('button', { name: 'Adjust points' }), 'KeyP');
    expect(document.activeElement).toBe(within(aside()).getByLabelText('Points'));
    expect(aside().textContent).toContain('Alt+Shift+L');
    expect(aside().textContent).toContain('Alt+Shift+P');
  });

  it('Alt+Shift+P with no guest shown only opens the panel, which says why', async () => {
    const { model, aside } = await showGuest({ page: null });
    await act(async () => {
      model.shortcut('adjust');
      await settle();
    });
    expect(aside().className).toBe('keycard');
    expect(screen.getByText('No guest on this page')).toBeTruthy();
    expect(within(aside()).queryByLabelText('Points')).toBeNull();
  });
});
