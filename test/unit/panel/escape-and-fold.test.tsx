/**
 * Issue 18 item 1: Escape cancels the adjust form before it folds the panel, folding drops a
 * half-typed amount, and a panel is never drawn open before the desk's remembered fold is known.
 */
import { act, fireEvent, render, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { Panel } from '@/components/panel/Panel';
import type { GuestPage } from '@/lib/host';
import { PanelModel } from '@/lib/models/panel-model';
import { deskBackground, deskStatus, ok } from '../support/fixtures';
import { click, settle, type } from '../support/manager-ui';
import { showPanel } from '../support/panel-ui';

const CUSTOMER: GuestPage = { kind: 'customer', id: 'cus-1', enterpriseId: 'ent-1', patternName: 'customer-detail' };

function deskWithFold() {
  return deskBackground({ setPanelCollapsed: (message) => ok({ collapsed: message.collapsed }) });
}

async function escape() {
  await act(async () => {
    fireEvent.keyDown(document.activeElement ?? document.body, { key: 'Escape' });
    await settle();
  });
}

describe('Escape and the adjust form', () => {
  it('the first Escape cancels the form and keeps the panel open; the second folds it', async () => {
    const { panel } = await showPanel(deskWithFold().send, CUSTOMER);
    await click(screen.getByRole('button', { name: 'Adjust points' }));
    await type(screen.getByLabelText('Points'), '25');
    await escape();
    expect(screen.queryByLabelText('Points')).toBeNull();
    expect(panel.className).toBe('keycard');
    expect(document.activeElement?.textContent).toBe('Adjust points');
    await escape();
    expect(panel.className).toBe('keycard is-collapsed');
  });

  it('folding with the form open drops what was typed: opening again shows no form', async () => {
    const { panel } = await showPanel(deskWithFold().send, CUSTOMER);
    await click(screen.getByRole('button', { name: 'Adjust points' }));
    await type(screen.getByLabelText('Points'), '25');
    await click(screen.getByRole('button', { name: 'Collapse' }));
    expect(panel.className).toBe('keycard is-collapsed');
    await click(screen.getByRole('button', { name: 'Keycard' }));
    expect(screen.queryByLabelText('Points')).toBeNull();
    await click(screen.getByRole('button', { name: 'Adjust points' }));
    expect((screen.getByLabelText('Points') as HTMLInputElement).value).toBe('');
  });

  it('is not drawn open while the remembered fold is still unknown (a slow background)', async () => {
    let answerStatus: (value: ReturnType<typeof ok>) => void = () => {};
    const background = deskBackground({
      getStatus: () => new Promise((resolve) => (answerStatus = resolve as typeof answerStatus)),
    });
    const model = new PanelModel({ send: background.send, locale: 'en-US', pollMs: 0 });
    render(<Panel model={model} />);
    const started = model.start();
    await act(async () => {
      model.showPage(CUSTOMER);
      await settle();
    });
    expect(screen.queryByRole('button', { name: 'Collapse' })).toBeNull();
    expect(screen.queryByText('1,250')).toBeNull();
    await act(async () => {
      answerStatus(ok(deskStatus({ panelCollapsed: true })));
      await started;
      await settle();
    });
    expect(screen.getByRole('button', { name: 'Keycard' }).getAttribute('aria-expanded')).toBe('false');
  });
});
