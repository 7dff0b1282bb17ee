/**
 * Issue 18 item 3, the panel's side: an open panel follows the desk's session when the
 * background announces a change, and a revoked desk says an administrator revoked it.
 */
import { act, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import type { GuestPage } from '@/lib/host';
import type { Result } from '@/lib/contract/messages';
import type { DeskContext } from '@/lib/contract';
import { deskBackground, deskContext, ok } from '../support/fixtures';
import { settle } from '../support/manager-ui';
import { showPanel } from '../support/panel-ui';

const CUSTOMER: GuestPage = { kind: 'customer', id: 'cus-1', enterpriseId: 'ent-1', patternName: 'customer-detail' };
const REVOKED = 'This desk was revoked by an administrator. Ask a manager for a new pairing code.';
const revoked = {
  ok: false as const,
  error: { kind: 'unauthorized' as const, message: REVOKED, problem: { type: 'https://keycard.dev/problems/device-revoked', title: 'Unauthorized', status: 401, detail: REVOKED } },
};
const notPaired = { ok: false as const, error: { kind: 'unauthorized' as const, message: 'This desk is not paired. Pair it in Keycard options.' } };

describe('the panel follows the session', () => {
  it('not paired, then paired elsewhere: the guest shows as soon as the background says so', async () => {
    let context: Result<DeskContext> = notPaired;
    const { model, panel, field } = await showPanel(deskBackground({ getContext: () => context }).send, CUSTOMER);
    expect(panel.textContent).toContain('This desk is not paired');
    context = ok(deskContext());
    await act(async () => {
      model.sessionChanged();
      await settle();
    });
    expect(field('points')).toBe('12,345');
  });

  it('signed out elsewhere: the guest goes at once', async () => {
    let context: Result<DeskContext> = ok(deskContext());
    const { model, panel, field } = await showPanel(deskBackground({ getContext: () => context }).send, CUSTOMER);
    expect(field('points')).toBe('12,345');
    context = notPaired;
    await act(async () => {
      model.sessionChanged();
      await settle();
    });
    expect(field('points')).toBeNull();
    expect(panel.textContent).toContain('This desk is not paired');
  });

  it('revoked: says an administrator revoked the desk, not that it is not paired', async () => {
    const { panel } = await showPanel(deskBackground({ getContext: () => revoked }).send, CUSTOMER);
    expect(screen.getByText('This desk was revoked by an administrator')).toBeTruthy();
    expect(panel.textContent).not.toContain('not paired');
  });
});
