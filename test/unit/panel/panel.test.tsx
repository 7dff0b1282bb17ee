import { act, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Panel } from '@/components/panel/Panel';
import type { GuestPage } from '@/lib/host';
import type { Result } from '@/lib/contract/messages';
import { PanelModel } from '@/lib/models/panel-model';
import { adjustment, deskContext, deskStatus, guestLoyalty, membership, ok, program, scriptedSend } from '../support/fixtures';

const CUSTOMER: GuestPage = { kind: 'customer', id: 'cus-1', enterpriseId: 'ent-1', patternName: 'customer-detail' };
const unreachable = { ok: false as const, error: { kind: 'unreachable' as const, message: 'Keycard server unreachable — try again.' } };

type Script = Parameters<typeof scriptedSend>[0];

/** Renders the panel for a guest page with a scripted background, and waits for it to settle. */
async function showGuest(script: Script, page: GuestPage | null = CUSTOMER) {
  const background = scriptedSend({
    getStatus: () => ok(deskStatus()),
    getContext: () => ok(deskContext()),
    getGuestLoyalty: () => ok(guestLoyalty()),
    setPanelCollapsed: (message) => ok({ collapsed: message.collapsed }),
    openOptions: () => ok(null),
    ...script,
  });
  const model = new PanelModel({ send: background.send, locale: 'en-US', newKey: keyCounter() });
  const view = render(<Panel model={model} />);
  await act(async () => {
    await model.start();
    model.showPage(page);
    await settle();
  });
  return { model, view, calls: background.calls, aside: () => screen.getByRole('complementary', { name: 'Keycard loyalty' }) };
}

function keyCounter() {
  let n = 0;
  return () => `key-${++n}`;
}

/** Lets scripted answers and the renders they cause run (no timers involved). */
async function settle() {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

async function click(element: HTMLElement) {
  await act(async () => {
    fireEvent.click(element);
    await settle();
  });
}

async function type(element: HTMLElement, value: string) {
  await act(async () => {
    fireEvent.input(element, { target: { value } });
    await settle();
  });
}

async function choose(select: HTMLElement, value: string) {
  await act(async () => {
    fireEvent.change(select, { target: { value } });
    await settle();
  });
}

function field(name: string, scope: HTMLElement = document.body) {
  return scope.querySelector<HTMLElement>(`[data-field="${name}"]`)?.textContent;
}

afterEach(() => vi.useRealTimers());

describe('Panel states', () => {
  it('is a landmark named Keycard loyalty', async () => {
    const { aside } = await showGuest({});
    expect(aside().tagName).toBe('ASIDE');
  });

  it('signed out: says so and opens the options page through the background', async () => {
    const { calls } = await showGuest({
      getContext: () => ({ ok: false, error: { kind: 'unauthorized', message: 'This desk is not paired.' } }),
    });
    expect(screen.getByText('This desk is not paired')).toBeTruthy();
    await click(screen.getByRole('button', { name: 'Open Keycard options' }));
    expect(calls.at(-1)).toEqual({ type: 'openOptions' });
  });

  it('loading: shows a skeleton until the guest arrives', async () => {
    await showGuest({ getGuestLoyalty: () => new Promise<never>(() => {}) });
    const loading = screen.getByRole('status');
    expect(loading.getAttribute('aria-busy')).toBe('true');
    expect(loading.textContent).toBe('Loading loyalty…');
    expect(field('points')).toBeUndefined();
  });

  it('no guest on the page: a collapsed tab that opens to say so', async () => {
    const { aside } = await showGuest({}, null);
    expect(aside().getAttribute('data-status')).toBe('noGuest');
    const tab = screen.getByRole('button', { name: 'Keycard' });
    expect(tab.getAttribute('aria-expanded')).toBe('false');
    await click(tab);
    expect(screen.getByText('No guest on this page')).toBeTruthy();
  });

  it('no guest on the page: the folded panel offers Find guest, which opens the quick search (issue 16 item 3)', async () => {
    const { calls } = await showGuest({ openQuickSearch: () => ok(null) }, null);
    await click(screen.getByRole('button', { name: 'Find guest' }));
    expect(calls.filter((call) => call.type === 'openQuickSearch')).toHaveLength(1);
    // Opened, the panel says why it is empty and offers the same.
    await click(screen.getByRole('button', { name: 'Keycard' }));
    await click(screen.getByRole('button', { name: 'Find guest' }));
    expect(calls.filter((call) => call.type === 'openQuickSearch')).toHaveLength(2);
  });

  it('a guest on the page: no Find guest on the folded panel', async () => {
    const { model } = await showGuest({});
    await act(async () => model.collapse());
    expect(screen.queryByRole('button', { name: 'Find guest' })).toBeNull();
  });

  it('member: program, state, tier badge, formatted points, number and expiry in the hotel’s time zone', async () => {
    await showGuest({});
    expect(screen.getByText('Jana Nováková')).toBeTruthy();
    expect(field('program')).toBe('Keycard Rewards');
    expect(field('state')).toBe('Enrolled');
    expect(field('tier')).toBe('Gold');
    expect(document.querySelector('[data-field="tier"]')!.className).toBe('kc-badge');
    expect(field('points')).toBe('12,345');
    expect(field('number')).toBe('KR-000123');
    // 2026-12-31T23:30Z is already New Year's Day in Prague.
    expect(field('expires')).toBe('Jan 1, 2027');
    expect(field('synced')).toBe('as of 12:04');
    expect(field('primary')).toBe('Primary');
    expect(screen.getByRole('button', { name: 'Adjust points' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Enroll' })).toBeNull();
  });

  it('non-member: one Enroll button, no chooser, and the new membership after enrolling', async () => {
    const { calls } = await showGuest({
      getGuestLoyalty: () => ok(guestLoyalty({ memberships: [] })),
      enroll: (message) => ok(membership({ id: 'mem-new', programId: message.programId, points: 0, tierId: 'tier-silver', number: 'KR-9' })),
    });
    expect(screen.queryByLabelText('Program')).toBeNull();
    expect(screen.getByText('Enroll this guest in Keycard Rewards.')).toBeTruthy();
    await click(screen.getByRole('button', { name: 'Enroll' }));
    expect(calls.at(-1)).toEqual({ type: 'enroll', accountId: 'cus-1', programId: 'prog-1', idempotencyKey: 'key-1' });
    expect(field('points')).toBe('0');
    expect(field('tier')).toBe('Silver');
    expect(field('number')).toBe('KR-9');
    expect(screen.getByText('Enrolled in Keycard Rewards.')).toBeTruthy();
  });

  it('two programs: a chooser picks which one to enroll in', async () => {
    const partner = program({ id: 'prog-2', name: 'Partner Miles', type: 'ExternalPartner', tiers: [] });
    const { calls } = await showGuest({
      // Mews lists the partner program first; the hotel's own program is offered first anyway.
      getContext: () => ok(deskContext({ programs: [partner, program()] })),
      getGuestLoyalty: () => ok(guestLoyalty({ memberships: [] })),
      enroll: () => ok(membership({ programId: 'prog-2', tierId: null })),
    });
    const chooser = screen.getByLabelText('Program') as HTMLSelectElement;
    expect([...chooser.options].map((option) => option.textContent)).toEqual(['Keycard Rewards', 'Partner Miles']);
    await act(async () => {
      fireEvent.change(chooser, { target: { value: 'prog-2' } });
    });
    await click(screen.getByRole('button', { name: 'Enroll' }));
    expect(calls.at(-1)).toMatchObject({ type: 'enroll', programId: 'prog-2' });
    expect(field('program')).toBe('Partner Miles');
    expect(field('tier')).toBe('No tier');
  });

  it('an enrollment conflict shows the proxy’s detail and the existing membership', async () => {
    let members = 0;
    await showGuest({
      getGuestLoyalty: () => ok(guestLoyalty({ memberships: members++ === 0 ? [] : [membership({ points: 40 })] })),
      enroll: () => ({ ok: false, error: { kind: 'conflict', message: 'Jana is already a member of Keycard Rewards.' } }),
    });
    await click(screen.getByRole('button', { name: 'Enroll' }));
    expect(screen.getByText('Jana is already a member of Keycard Rewards.')).toBeTruthy();
    expect(field('points')).toBe('40');
  });

  it('adjust form: clear messages for empty, not an integer, zero and too large, tied to the field', async () => {
    const { calls } = await showGuest({});
    await click(screen.getByRole('button', { name: 'Adjust points' }));
    const points = screen.getByLabelText('Points');
    expect(screen.getByLabelText('Reason').tagName).toBe('SELECT');
    const apply = screen.getByRole('button', { name: 'Apply' });
    const messageFor = () => document.getElementById(points.getAttribute('aria-describedby') ?? '')?.textContent;

    await click(apply);
    expect(points.getAttribute('aria-invalid')).toBe('true');
    expect(messageFor()).toBe('Enter the points to add or remove, e.g. 250 or -100.');
    await type(points, '12.5');
    await click(apply);
    expect(messageFor()).toBe('Points must be a whole number from -5,000 to 5,000, e.g. 250 or -100.');
    await type(points, '0');
    await click(apply);
    expect(messageFor()).toBe('Points cannot be 0: enter how many to add or remove.');
    await type(points, '6000');
    await click(apply);
    expect(messageFor()).toBe('Too many points for a desk: change at most 5,000 at once, or ask a manager.');
    expect(calls.some((call) => call.type === 'adjustPoints')).toBe(false);
  });

  it('adjust: a preset applies at once; the points update and Undo shows for 10 s', async () => {
    const { calls } = await showGuest({
      adjustPoints: (message) =>
        ok({
          adjustment: adjustment({ id: `adj-${message.delta}`, delta: message.delta, reason: message.reason }),
          membership: membership({ points: 12345 + message.delta }),
        }),
    });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    await click(screen.getByRole('button', { name: 'Adjust points' }));
    await click(screen.getByRole('button', { name: '+250' }));
    expect((screen.getByLabelText('Points') as HTMLInputElement).value).toBe('250');
    await click(screen.getByRole('button', { name: 'Apply' }));
    expect(calls.at(-1)).toEqual({ type: 'adjustPoints', membershipId: 'mem-1', delta: 250, reason: 'stay', idempotencyKey: 'key-1' });
    expect(field('points')).toBe('12,595');
    expect(screen.getByText('+250 points added.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Undo' })).toBeTruthy();
    // Focus returns to the card's button, so Esc and Tab still work from the panel.
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Adjust points' }));

    await act(async () => void vi.advanceTimersByTime(9_999));
    expect(screen.queryByRole('button', { name: 'Undo' })).not.toBeNull();
    await act(async () => void vi.advanceTimersByTime(1));
    expect(screen.queryByRole('button', { name: 'Undo' })).toBeNull();
  });

  it('undo sends the reverse adjustment as a correction with a new key', async () => {
    const { calls } = await showGuest({
      adjustPoints: (message) =>
        ok({
          adjustment: adjustment({ id: 'adj-7', delta: message.delta, reason: message.reason }),
          membership: membership({ points: message.delta > 0 ? 12595 : 12345 }),
        }),
    });
    await click(screen.getByRole('button', { name: 'Adjust points' }));
    await type(screen.getByLabelText('Points'), '250');
    await click(screen.getByRole('button', { name: 'Apply' }));
    await click(screen.getByRole('button', { name: 'Undo' }));
    expect(calls.at(-1)).toEqual({
      type: 'adjustPoints',
      membershipId: 'mem-1',
      delta: -250,
      reason: 'correction',
      // Issue 18 #9: History shows when and by whom the undone change was made, not its id.
      note: 'Undo of +250 (Stay, Mar 2, 2026, 12:05 by Desk 1)',
      idempotencyKey: 'key-2',
    });
    expect(field('points')).toBe('12,345');
    expect(screen.queryByRole('button', { name: 'Undo' })).toBeNull();
    expect(screen.getByText('Undone: −250 points.')).toBeTruthy();
  });

  it('a large change asks for confirmation before anything is sent', async () => {
    const { calls } = await showGuest({
      adjustPoints: (message) => ok({ adjustment: adjustment({ delta: message.delta }), membership: membership({ points: 13845 }) }),
    });
    await click(screen.getByRole('button', { name: 'Adjust points' }));
    await type(screen.getByLabelText('Points'), '1500');
    await click(screen.getByRole('button', { name: 'Apply' }));
    expect(screen.getByText('Add 1,500 points? That is a large change.')).toBeTruthy();
    expect(calls.some((call) => call.type === 'adjustPoints')).toBe(false);
    await click(screen.getByRole('button', { name: 'Confirm' }));
    expect(calls.at(-1)).toMatchObject({ type: 'adjustPoints', delta: 1500 });
    expect(field('points')).toBe('13,845');
  });

  it('a failed Apply keeps the form, shows why, and a retry reuses the idempotency key', async () => {
    const answers: Result<never>[] = [unreachable];
    const { calls } = await showGuest({
      adjustPoints: (message) =>
        answers.shift() ?? ok({ adjustment: adjustment({ delta: message.delta }), membership: membership({ points: 12445 }) }),
    });
    await click(screen.getByRole('button', { name: 'Adjust points' }));
    await type(screen.getByLabelText('Points'), '100');
    await click(screen.getByRole('button', { name: 'Apply' }));
    expect(screen.getByRole('alert').textContent).toBe('Keycard server unreachable — try again.');
    await click(screen.getByRole('button', { name: 'Apply' }));
    const keys = calls.filter((call) => call.type === 'adjustPoints').map((call) => call.idempotencyKey);
    expect(keys).toEqual(['key-1', 'key-1']);
    expect(field('points')).toBe('12,445');
  });

  it('a forbidden adjustment shows the proxy’s detail', async () => {
    await showGuest({
      adjustPoints: () => ({ ok: false, error: { kind: 'forbidden', message: 'Redemptions need a manager at this hotel.' } }),
    });
    await click(screen.getByRole('button', { name: 'Adjust points' }));
    await choose(screen.getByLabelText('Reason'), 'redemption');
    await type(screen.getByLabelText('Points'), '-100');
    await click(screen.getByRole('button', { name: 'Apply' }));
    expect(screen.getByRole('alert').textContent).toBe('Redemptions need a manager at this hotel.');
  });

  it('refuses up front a change below zero or against its reason: the Points field says why, nothing is sent', async () => {
    const { calls } = await showGuest({ getGuestLoyalty: () => ok(guestLoyalty({ memberships: [membership({ points: 31 })] })) });
    await click(screen.getByRole('button', { name: 'Adjust points' }));
    const points = screen.getByLabelText('Points');
    const messageFor = () => document.getElementById(points.getAttribute('aria-describedby') ?? '')?.textContent;
    await choose(screen.getByLabelText('Reason'), 'correction');
    await type(points, '-1000');
    await click(screen.getByRole('button', { name: 'Apply' }));
    expect(points.getAttribute('aria-invalid')).toBe('true');
    expect(messageFor()).toBe('Only 31 points can be removed: a balance never goes below zero.');
    await choose(screen.getByLabelText('Reason'), 'bonus');
    await type(points, '-50');
    await click(screen.getByRole('button', { name: 'Apply' }));
    expect(messageFor()).toBe('A bonus adds points: enter a positive number, or choose Correction to remove points.');
    expect(calls.some((call) => call.type === 'adjustPoints')).toBe(false);
  });

  it('over a desk cap: the proxy’s detail says to ask a manager, and the form stays open', async () => {
    const detail = 'This membership got 4,500 points from desks in the last 24 hours; desks may give it 5,000 a day, so 500 are left. Ask a manager to apply this change.';
    await showGuest({
      adjustPoints: () => ({
        ok: false,
        error: { kind: 'forbidden', message: detail, problem: { type: 'https://keycard.dev/problems/needs-manager-approval', title: 'Forbidden', status: 403, detail } },
      }),
    });
    await click(screen.getByRole('button', { name: 'Adjust points' }));
    await type(screen.getByLabelText('Points'), '1000');
    await click(screen.getByRole('button', { name: 'Apply' }));
    await click(screen.getByRole('button', { name: 'Confirm' }));
    expect(screen.getByRole('status').textContent).toBe(detail);
    expect(screen.queryByRole('alert')).toBeNull();
    expect((screen.getByLabelText('Points') as HTMLInputElement).value).toBe('1000');
  });

  it('proxy unreachable: says so calmly and Retry loads the guest', async () => {
    const answers = [unreachable];
    const nothingSaved = { ok: false as const, error: { kind: 'notFound' as const, message: 'Not in the offline cache.' } };
    const { calls } = await showGuest({
      getGuestLoyalty: (message) => (message.cacheOnly ? nothingSaved : (answers.shift() ?? ok(guestLoyalty()))),
    });
    expect(screen.getByText('Keycard server unreachable — try again')).toBeTruthy();
    // A guest this desk never opened: the header says so rather than standing empty (issue 18 #11).
    expect(screen.getByRole('complementary').querySelector('.kc-header')?.textContent).toContain('Not saved at this desk yet');
    expect(field('points')).toBeUndefined();
    await click(screen.getByRole('button', { name: 'Retry' }));
    expect(field('points')).toBe('12,345');
    expect(calls.filter((call) => call.type === 'getGuestLoyalty' && !call.cacheOnly)).toHaveLength(2);
  });

  it('guest not found: its own message', async () => {
    await showGuest({ getGuestLoyalty: () => ({ ok: false, error: { kind: 'notFound', message: 'No Mews customer cus-1.' } }) });
    expect(screen.getByText('Guest not found')).toBeTruthy();
    expect(screen.getByText('No Mews customer cus-1.')).toBeTruthy();
  });

  it('renders a guest named with HTML as text, never as markup', async () => {
    const { aside } = await showGuest({
      getGuestLoyalty: () =>
        ok(guestLoyalty({ guest: { id: 'cus-1', firstName: '<img src=x onerror=alert(1)>', lastName: '<b>Bold</b>', email: null } })),
      getContext: () => ok(deskContext({ programs: [program({ name: '<img src=y>' })] })),
    });
    expect(aside().querySelector('img')).toBeNull();
    expect(aside().querySelector('b')).toBeNull();
    expect(screen.getByText('<img src=x onerror=alert(1)> <b>Bold</b>')).toBeTruthy();
    expect(field('program')).toBe('<img src=y>');
  });

  it('Esc collapses the panel to a tab, remembered through the background', async () => {
    const { calls, aside } = await showGuest({});
    await act(async () => {
      fireEvent.keyDown(screen.getByRole('button', { name: 'Adjust points' }), { key: 'Escape' });
      await settle();
    });
    expect(aside().className).toBe('keycard is-collapsed');
    expect(calls.at(-1)).toEqual({ type: 'setPanelCollapsed', collapsed: true });
    const tab = screen.getByRole('button', { name: 'Keycard' });
    expect(document.activeElement === tab || aside().contains(document.activeElement)).toBe(true);
    await click(tab);
    expect(calls.at(-1)).toEqual({ type: 'setPanelCollapsed', collapsed: false });
    expect(within(aside()).getByRole('button', { name: 'Collapse' })).toBeTruthy();
  });

  it('moving to another guest never shows the previous guest, and a late answer for them is dropped', async () => {
    let releaseFirst: (value: ReturnType<typeof ok>) => void = () => {};
    const { model } = await showGuest({
      getGuestLoyalty: (message) =>
        message.id === 'cus-1'
          ? new Promise((resolve) => (releaseFirst = resolve as typeof releaseFirst))
          : ok(guestLoyalty({ guest: { id: 'cus-2', firstName: 'Petr', lastName: 'Svoboda', email: null }, memberships: [] })),
    });
    await act(async () => {
      model.showPage({ ...CUSTOMER, id: 'cus-2' });
      await settle();
    });
    expect(screen.getByText('Petr Svoboda')).toBeTruthy();
    await act(async () => {
      releaseFirst(ok(guestLoyalty()));
      await settle();
    });
    expect(screen.getByText('Petr Svoboda')).toBeTruthy();
    expect(screen.queryByText('Jana Nováková')).toBeNull();
    expect(screen.getByRole('button', { name: 'Enroll' })).toBeTruthy();
  });

  it('starts collapsed when the desk left it collapsed', async () => {
    await showGuest({ getStatus: () => ok(deskStatus({ panelCollapsed: true })) });
    expect(screen.getByRole('button', { name: 'Keycard' }).getAttribute('aria-expanded')).toBe('false');
    expect(field('points')).toBeUndefined();
  });
});
