import { act, render, screen, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { Panel } from '@/components/panel/Panel';
import type { DeskContext } from '@/lib/contract';
import type { LedgerEntry } from '@/lib/contract/manager';
import { deskLanguage, sayFailure } from '@/lib/i18n';
import { PanelModel } from '@/lib/models/panel-model';
import { adjustment, deskContext, deskStatus, guestLoyalty, membership, ok, program, scriptedSend } from '../support/fixtures';
import { choose, click, keyCounter, settle, type } from '../support/manager-ui';

type Script = Parameters<typeof scriptedSend>[0];
const managerContext = (): DeskContext =>
  deskContext({ device: { ...deskContext().device, name: 'Front office', role: 'manager' } });

async function showGuest(script: Script = {}, context: DeskContext = managerContext()) {
  const background = scriptedSend({
    getStatus: () => ok(deskStatus()),
    getContext: () => ok(context),
    getGuestLoyalty: () => ok(guestLoyalty()),
    ...script,
  });
  const model = new PanelModel({ send: background.send, locale: 'en-US', newKey: keyCounter(), pollMs: 0 });
  render(<Panel model={model} />);
  await act(async () => {
    await model.start();
    model.showPage({ kind: 'customer', id: 'cus-1', enterpriseId: 'ent-1', patternName: 'customer-detail' });
    await settle();
  });
  const card = () => document.querySelector<HTMLElement>('[data-membership-id="mem-1"]')!;
  return { model, calls: background.calls, card };
}

describe('Panel: next tier', () => {
  it('says how many points the guest needs for the next tier', async () => {
    const { card } = await showGuest({
      getGuestLoyalty: () =>
        ok(guestLoyalty({ memberships: [membership({ points: 7345, tierId: 'tier-silver', nextTier: { tierId: 'tier-gold', name: 'Gold', pointsNeeded: 2655 } })] })),
    });
    expect(card().querySelector('[data-field="next-tier"]')!.textContent).toBe('2,655 points to Gold');
  });

  it('says nothing at the top tier', async () => {
    const { card } = await showGuest({ getGuestLoyalty: () => ok(guestLoyalty({ memberships: [membership({ nextTier: null })] })) });
    expect(card().querySelector('[data-field="next-tier"]')).toBeNull();
  });
});

describe('Panel: Manage a membership', () => {
  it('on a desk device: every lifecycle control is disabled, with the reason', async () => {
    const { card, calls } = await showGuest({}, deskContext());
    await click(within(card()).getByRole('button', { name: 'Manage' }));
    const reason = within(card()).getByText(/Managers only/);
    for (const name of ['Set state', 'Set expiry', 'Clear expiry', 'Move', 'Make primary', 'Delete membership']) {
      const control = within(card()).getByRole('button', { name }) as HTMLButtonElement;
      expect(control.disabled, name).toBe(true);
      expect(control.getAttribute('aria-describedby')).toBe(reason.id);
    }
    expect((within(card()).getByLabelText('State') as HTMLSelectElement).disabled).toBe(true);
    expect(calls.some((c) => c.type === 'updateMembership' || c.type === 'deleteMembership')).toBe(false);
  });

  it('on a manager device: changes the state, with one key per action', async () => {
    const { card, calls } = await showGuest({
      updateMembership: (message) => ok(membership({ ...message.changes, state: 'Canceled' })),
    });
    await click(within(card()).getByRole('button', { name: 'Manage' }));
    expect(within(card()).queryByText(/Managers only/)).toBeNull();
    await choose(within(card()).getByLabelText('State'), 'Canceled');
    await click(within(card()).getByRole('button', { name: 'Set state' }));
    expect(calls.find((c) => c.type === 'updateMembership')).toEqual({
      type: 'updateMembership',
      membershipId: 'mem-1',
      changes: { state: 'Canceled' },
      idempotencyKey: 'key-1',
    });
    expect(screen.getByRole('status').textContent).toBe('State changed to Canceled.');
  });

  it('a notice on screen follows the desk to another language', async () => {
    await showGuest({ deleteMembership: () => ok({ deleted: true as const }) });
    await click(screen.getByRole('button', { name: 'Manage' }));
    await click(screen.getByRole('button', { name: 'Delete membership' }));
    await click(within(screen.getByRole('group', { name: 'Confirm delete' })).getByRole('button', { name: 'Delete' }));
    expect(screen.getByRole('status').textContent).toBe('Membership KR-000123 deleted.');
    try {
      await act(() => {
        deskLanguage.value = 'cs';
      });
      expect(screen.getByRole('status').textContent).toBe('Členství KR-000123 smazáno.');
    } finally {
      deskLanguage.value = 'en';
    }
  });

  it('sets the expiry as the start of that day in the hotel time zone, and clears it', async () => {
    const { card, calls } = await showGuest({ updateMembership: (message) => ok(membership(message.changes as object)) });
    await click(within(card()).getByRole('button', { name: 'Manage' }));
    // The fixture expires 2026-12-31T23:30Z: already 1 January in Prague.
    const input = within(card()).getByLabelText(/Expires/) as HTMLInputElement;
    expect(input.value).toBe('2027-01-01');
    await type(input, '2027-06-30');
    await click(within(card()).getByRole('button', { name: 'Set expiry' }));
    expect(calls.find((c) => c.type === 'updateMembership')).toMatchObject({ changes: { expiresAt: '2027-06-29T22:00:00.000Z' } });
    await click(within(card()).getByRole('button', { name: 'Clear expiry' }));
    expect(calls.filter((c) => c.type === 'updateMembership').at(-1)).toMatchObject({ changes: { expiresAt: null } });
  });

  it('deletes a membership only after confirmation', async () => {
    const { card, calls } = await showGuest({ deleteMembership: () => ok({ deleted: true as const }) });
    await click(within(card()).getByRole('button', { name: 'Manage' }));
    await click(within(card()).getByRole('button', { name: 'Delete membership' }));
    expect(calls.some((c) => c.type === 'deleteMembership')).toBe(false);
    const confirm = screen.getByRole('group', { name: 'Confirm delete' });
    await click(within(confirm).getByRole('button', { name: 'Delete' }));
    expect(calls.find((c) => c.type === 'deleteMembership')).toEqual({ type: 'deleteMembership', membershipId: 'mem-1', idempotencyKey: 'key-1' });
    expect(screen.getByRole('status').textContent).toBe('Membership KR-000123 deleted.');
  });

  it('proxy unreachable: says calmly that nothing changed (no outbox for manager writes), in the language the desk switches to', async () => {
    const { card } = await showGuest({
      getGuestLoyalty: () => ok(guestLoyalty({ memberships: [membership({ isPrimary: false })] })),
      // As the background says it (lib/background/proxy/said-failure.ts): in English, with its key.
      updateMembership: () => sayFailure('unreachable', 'failure.managerOffline', undefined, { language: 'en' }),
    });
    await click(within(card()).getByRole('button', { name: 'Manage' }));
    await click(within(card()).getByRole('button', { name: 'Make primary' }));
    expect(within(card()).getByRole('alert').textContent).toBe(
      'Keycard server unreachable — manager changes need a connection. Nothing was changed; try again when it is back.',
    );
    try {
      await act(() => {
        deskLanguage.value = 'de';
      });
      expect(within(card()).getByRole('alert').textContent).toBe(
        'Keycard-Server nicht erreichbar – Änderungen durch Führungskräfte brauchen eine Verbindung. Es wurde nichts geändert; versuchen Sie es erneut, sobald er wieder erreichbar ist.',
      );
    } finally {
      deskLanguage.value = 'en';
    }
  });

  it('offers to move only to programs the guest does not hold', async () => {
    const other = program({ id: 'prog-2', name: 'Partner Miles', tiers: [] });
    const { card, calls } = await showGuest(
      { updateMembership: () => ok(membership({ programId: 'prog-2', tierId: null })) },
      { ...managerContext(), programs: [program(), other] },
    );
    await click(within(card()).getByRole('button', { name: 'Manage' }));
    const select = within(card()).getByLabelText('Move to program') as HTMLSelectElement;
    expect([...select.options].map((o) => o.text)).toEqual(['Partner Miles']);
    await click(within(card()).getByRole('button', { name: 'Move' }));
    expect(calls.find((c) => c.type === 'updateMembership')).toMatchObject({ changes: { programId: 'prog-2' } });
  });
});

describe('Panel: History', () => {
  const entry = (n: number): LedgerEntry =>
    ({ ...adjustment({ id: `adj-${n}`, delta: n * 10, note: n === 1 ? 'Late checkout' : null, pointsBefore: 1000, pointsAfter: 1000 + n * 10 }), kind: 'adjustment' });

  it('lists who, when, reason, note and before → after, a page at a time', async () => {
    const { card, calls } = await showGuest(
      {
        getLedgerPage: (message) =>
          message.before ? ok({ adjustments: [entry(3)], nextBefore: null }) : ok({ adjustments: [entry(1), entry(2)], nextBefore: 'cursor-2' }),
      },
      deskContext(),
    );
    await click(within(card()).getByRole('button', { name: 'History' }));
    let rows = card().querySelectorAll('[data-adjustment-id]');
    expect(rows).toHaveLength(2);
    expect(rows[0]!.textContent).toContain('+10');
    expect(rows[0]!.textContent).toContain('Stay');
    expect(rows[0]!.textContent).toContain('Desk 1');
    // 11:05 UTC is 12:05 in Prague.
    expect(rows[0]!.textContent).toContain('Mar 2, 2026, 12:05');
    expect(rows[0]!.textContent).toContain('1,000 → 1,010');
    expect(rows[0]!.textContent).toContain('Late checkout');

    await click(within(card()).getByRole('button', { name: 'Show more' }));
    expect(calls.filter((c) => c.type === 'getLedgerPage')).toEqual([
      { type: 'getLedgerPage', membershipId: 'mem-1', limit: 10 },
      { type: 'getLedgerPage', membershipId: 'mem-1', limit: 10, before: 'cursor-2' },
    ]);
    rows = card().querySelectorAll('[data-adjustment-id]');
    expect(rows).toHaveLength(3);
    expect(within(card()).queryByRole('button', { name: 'Show more' })).toBeNull();
  });

  it('shows a new adjustment at once when History is open', async () => {
    let rows: LedgerEntry[] = [];
    const { card, model } = await showGuest({
      getLedgerPage: () => ok({ adjustments: rows, nextBefore: null }),
      adjustPoints: (message) => {
        const applied = adjustment({ id: 'adj-new', delta: message.delta, reason: message.reason });
        rows = [applied];
        return ok({ adjustment: applied, membership: membership({ points: 12595 }) });
      },
    });
    await click(within(card()).getByRole('button', { name: 'History' }));
    expect(within(card()).getByText('No point changes yet.')).toBeTruthy();
    await act(async () => {
      model.openAdjust('mem-1');
      model.form.pointsText.value = '250';
      await model.apply();
      await settle();
    });
    expect(card().querySelector('[data-adjustment-id="adj-new"]')).not.toBeNull();
  });

  it('says so when there are no point changes yet', async () => {
    const { card } = await showGuest({ getLedgerPage: () => ok({ adjustments: [], nextBefore: null }) });
    await click(within(card()).getByRole('button', { name: 'History' }));
    expect(within(card()).getByText('No point changes yet.')).toBeTruthy();
  });
});
