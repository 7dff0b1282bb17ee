import { act, fireEvent, render, screen, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { Panel } from '@/components/panel/Panel';
import type { GuestPage } from '@/lib/host';
import { PanelModel } from '@/lib/models/panel-model';
import type { GuestLoyaltyAnswer, PendingWrite } from '@/lib/contract/desk-cache';
import { deskContext, deskStatus, guestLoyalty, membership, ok, scriptedSend } from '../support/fixtures';

const CUSTOMER: GuestPage = { kind: 'customer', id: 'cus-1', enterpriseId: 'ent-1', patternName: 'customer-detail' };

const pending = (overrides: Partial<PendingWrite> = {}): PendingWrite => ({
  id: 1,
  kind: 'adjust',
  accountId: 'cus-1',
  membershipId: 'mem-1',
  delta: 10,
  reason: 'bonus',
  createdAt: '2026-03-02T11:10:00Z',
  status: 'pending',
  ...overrides,
});

async function settle() {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

/** Opens Adjust points, types `points` and presses Apply, letting each step render. */
async function adjustBy(aside: HTMLElement, points: string) {
  for (const step of [
    () => fireEvent.click(within(aside).getByRole('button', { name: 'Adjust points' })),
    () => fireEvent.input(within(aside).getByLabelText('Points'), { target: { value: points } }),
    () => fireEvent.click(within(aside).getByRole('button', { name: 'Apply' })),
  ]) {
    await act(async () => {
      step();
      await settle();
    });
  }
}

async function showGuest(script: Parameters<typeof scriptedSend>[0]) {
  const background = scriptedSend({
    getStatus: () => ok(deskStatus()),
    getContext: () => ok(deskContext()),
    ...script,
  });
  const model = new PanelModel({ send: background.send, locale: 'en-US', pollMs: 0 });
  render(<Panel model={model} />);
  await act(async () => {
    await model.start();
    model.showPage(CUSTOMER);
    await settle();
  });
  const aside = screen.getByRole('complementary', { name: 'Keycard loyalty' });
  return { model, calls: background.calls, aside, field: (name: string) => aside.querySelector(`[data-field="${name}"]`)?.textContent };
}

describe('panel: offline states', () => {
  it('shows saved data calmly when the Keycard server is unreachable, with its time', async () => {
    const saved: GuestLoyaltyAnswer = { ...guestLoyalty(), source: 'cache', unreachable: true, pending: [] };
    const { field } = await showGuest({ getGuestLoyalty: () => ok(saved) });
    expect(field('points')).toBe('12,345');
    expect(field('synced')).toBe('as of 12:04');
    expect(screen.getByRole('status', { name: '' }).textContent).toBe('Keycard server unreachable — showing saved data from 12:04');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says when Mews has disabled the integration, beside the saved loyalty', async () => {
    const { field } = await showGuest({
      getContext: () => ok({ ...deskContext(), mewsIntegration: 'disabled' }),
      getGuestLoyalty: () => ok(guestLoyalty()),
    });
    expect(field('points')).toBe('12,345');
    expect(field('integration')).toBe(
      'Mews integration disabled — Mews is not answering Keycard, so points may be out of date. Tell your Keycard administrator.',
    );
  });

  it('says nothing of the integration while Mews has it enabled', async () => {
    const { field } = await showGuest({
      getContext: () => ok({ ...deskContext(), mewsIntegration: 'enabled' }),
      getGuestLoyalty: () => ok(guestLoyalty()),
    });
    expect(field('points')).toBe('12,345');
    expect(field('integration')).toBeUndefined();
  });

  it('paints the cached answer first, then the proxy’s in place', async () => {
    let release!: () => void;
    const fresh = new Promise<void>((resolve) => (release = resolve));
    const { field, calls } = await showGuest({
      getGuestLoyalty: async (message) => {
        if (message.cacheOnly) return ok({ ...guestLoyalty(), source: 'cache' as const });
        await fresh;
        return ok({ ...guestLoyalty({ memberships: [membership({ points: 20000 })], asOf: '2026-03-02T11:30:00Z' }), source: 'proxy' as const });
      },
    });
    expect(field('points')).toBe('12,345');
    expect(calls.filter((call) => call.type === 'getGuestLoyalty').map((call) => call.cacheOnly ?? false)).toEqual([false, true]);
    await act(async () => {
      release();
      await settle();
    });
    expect(field('points')).toBe('20,000');
    expect(field('synced')).toBe('as of 12:30');
  });

  it('shows a guest opened again in this panel at once, before the background answers (issue 19)', async () => {
    const OTHER: GuestPage = { ...CUSTOMER, id: 'cus-2' };
    let answering = true;
    const { model, field, calls } = await showGuest({
      getGuestLoyalty: (message) =>
        answering
          ? ok({ ...guestLoyalty({ guest: { ...guestLoyalty().guest, id: message.id } }), source: 'proxy' as const })
          : new Promise(() => undefined), // the background is busy: nothing comes back
    });
    expect(field('points')).toBe('12,345');
    await act(async () => {
      model.showPage(OTHER);
      await settle();
    });
    answering = false;
    const asked = calls.length;
    act(() => model.showPage(CUSTOMER));
    // Drawn in the same turn: no answer came, and none was needed for the first paint.
    expect(field('points')).toBe('12,345');
    expect(model.loyalty.value?.source).toBe('cache');
    // The background is still asked, for the current answer.
    expect(calls.slice(asked).some((call) => call.type === 'getGuestLoyalty' && !call.cacheOnly)).toBe(true);
  });

  it('forgets the guests it showed when the desk is signed out', async () => {
    let paired = true;
    const { model, field } = await showGuest({
      getGuestLoyalty: () => (paired ? ok({ ...guestLoyalty(), source: 'proxy' as const }) : { ok: false as const, error: { kind: 'unauthorized' as const, message: 'Signed out.' } }),
      getContext: () => (paired ? ok(deskContext()) : { ok: false as const, error: { kind: 'unauthorized' as const, message: 'Signed out.' } }),
    });
    expect(field('points')).toBe('12,345');
    paired = false;
    await act(async () => {
      await model.sessionChanged();
      await settle();
    });
    expect(model.status.value).toBe('signedOut');
    act(() => model.showPage({ ...CUSTOMER }));
    expect(field('points')).toBeUndefined();
  });

  it('marks a pending adjustment beside the saved balance', async () => {
    const answer: GuestLoyaltyAnswer = { ...guestLoyalty(), source: 'cache', unreachable: true, pending: [pending(), pending({ id: 2, delta: 5 })] };
    const { field, aside } = await showGuest({ getGuestLoyalty: () => ok(answer) });
    expect(field('points')).toBe('12,345');
    expect(field('pending')).toBe('+15 pending — will sync when the Keycard server is back');
    expect(aside.querySelector('.kc-points--pending')).not.toBeNull();
  });

  it('says "Saved offline" when the background queued the write', async () => {
    let queued = false;
    const { aside, field } = await showGuest({
      getGuestLoyalty: () => ok({ ...guestLoyalty(), source: 'cache' as const, unreachable: true, pending: queued ? [pending({ delta: 250 })] : [] }),
      adjustPoints: () => {
        queued = true;
        return ok({ queued: true as const, pending: pending({ delta: 250 }) });
      },
    });
    await adjustBy(aside, '250');
    expect(within(aside).getByText('Saved offline: +250 points will sync when the Keycard server is back.')).toBeTruthy();
    expect(field('pending')).toBe('+250 pending — will sync when the Keycard server is back');
    expect(within(aside).queryByRole('button', { name: /Undo/ })).toBeNull();
  });

  it('says the write will be sent again shortly when the proxy answered but was busy, not that it is away', async () => {
    let queued = false;
    const busy = pending({ delta: 1, waitingFor: 'busy' });
    const { aside, field } = await showGuest({
      getGuestLoyalty: () => ok({ ...guestLoyalty(), source: 'cache' as const, pending: queued ? [busy] : [] }),
      adjustPoints: () => {
        queued = true;
        return ok({ queued: true as const, pending: busy });
      },
    });
    await adjustBy(aside, '1');
    expect(within(aside).getByText('Saved: +1 point will be sent again shortly — the Keycard server is busy.')).toBeTruthy();
    expect(field('pending')).toBe('+1 pending — the Keycard server is busy; it will be sent again shortly');
  });

  it('keeps a refused replay visible with its reason until Dismiss', async () => {
    let writes = [pending({ delta: -500, reason: 'redemption', status: 'refused', failure: { kind: 'invalid', message: 'A redemption may not take the balance below zero.' } })];
    const { aside, calls } = await showGuest({
      getGuestLoyalty: () => ok({ ...guestLoyalty(), source: 'proxy' as const, pending: writes }),
      dismissPending: (message) => {
        writes = writes.filter((write) => write.id !== message.id);
        return ok({ dismissed: true });
      },
    });
    const alert = within(aside).getByRole('alert');
    expect(alert.textContent).toContain('−500 points not applied.');
    expect(alert.textContent).toContain('A redemption may not take the balance below zero.');
    await act(async () => {
      fireEvent.click(within(alert).getByRole('button', { name: 'Dismiss' }));
      await settle();
    });
    expect(calls.some((call) => call.type === 'dismissPending' && call.id === 1)).toBe(true);
    expect(within(aside).queryByRole('alert')).toBeNull();
  });

  it('shows a queued enrollment instead of the Enroll button', async () => {
    const answer: GuestLoyaltyAnswer = {
      ...guestLoyalty({ memberships: [] }),
      source: 'cache',
      unreachable: true,
      pending: [pending({ kind: 'enroll', membershipId: null, programId: 'prog-1', delta: undefined })],
    };
    const { field, aside } = await showGuest({ getGuestLoyalty: () => ok(answer) });
    expect(field('pending')).toBe('Enrollment in Keycard Rewards pending — will sync when the Keycard server is back');
    expect(within(aside).queryByRole('button', { name: 'Enroll' })).toBeNull();
  });
});
