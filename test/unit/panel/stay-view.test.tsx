import { within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from '@/lib/contract/manager';
import { COMPANY_RESERVATION_PROBLEM } from '@/lib/contract/vocabulary';
import type { GuestPage } from '@/lib/host';
import { adjustment, deskBackground, deskContext, guestLoyalty, membership, ok, program, stay } from '../support/fixtures';
import { click } from '../support/manager-ui';
import { showPanel } from '../support/panel-ui';

const RESERVATION: GuestPage = { kind: 'reservation', id: 'res-1', enterpriseId: 'ent-1', patternName: 'reservation-detail' };
const CREDITED = { programId: 'prog-1', membershipId: 'mem-1', earned: 120, earnedAt: '2026-12-03T10:00:00Z', estimate: 120 };

type Script = Parameters<typeof deskBackground>[0];

const showReservation = (script: Script = {}) => showPanel(deskBackground(script).send, RESERVATION);

describe('Panel: the stay on a reservation page', () => {
  it('a checked-in member: the stay so far and what it earns, above the membership', async () => {
    const { panel, field } = await showReservation();
    expect(field('stay')).toBe('Stay 4365 · 2 nights · 341.00 EUR so far');
    expect(field('stay-estimate')).toBe('Earns ≈ 120 points');
    expect(field('stay-earned')).toBeNull();
    const stayBlock = panel.querySelector('[data-section="stay"]')!;
    const card = panel.querySelector('[data-membership-id="mem-1"]')!;
    expect(stayBlock.compareDocumentPosition(card) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    // Text to read, nothing to operate: the keyboard goes straight to the card's controls.
    expect(stayBlock.querySelectorAll('button, a, input, select, [tabindex]')).toHaveLength(0);
  });

  it('checked out: what it earned and the date in the hotel time zone', async () => {
    const { field } = await showReservation({
      getStay: () => ok(stay({ state: 'Processed', programs: [{ ...CREDITED, earnedAt: '2026-12-03T23:30:00Z' }] })),
    });
    expect(field('stay')).toBe('Stay 4365 · 2 nights · 341.00 EUR');
    // 23:30 UTC on 3 Dec is already 4 Dec in Prague.
    expect(field('stay-earned')).toBe('Earned 120 points on Dec 4, 2026');
    expect(field('stay-estimate')).toBeNull();
  });

  it('canceled after check-out: says the points were taken back, calmly', async () => {
    const { panel, field } = await showReservation({
      getStay: () => ok(stay({ state: 'Canceled', programs: [{ ...CREDITED, earned: 0, estimate: 0 }] })),
    });
    expect(field('stay')).toBe('Stay 4365 · 2 nights · 341.00 EUR · canceled');
    expect(field('stay-earned')).toBe('Points taken back');
    expect(within(panel).queryByRole('alert')).toBeNull();
  });

  it('several programs: each line names its program', async () => {
    const { panel } = await showReservation({
      getContext: () => ok(deskContext({ programs: [program(), program({ id: 'prog-2', name: 'Partner Miles', tiers: [] })] })),
      getGuestLoyalty: () => ok(guestLoyalty({ memberships: [membership(), membership({ id: 'mem-2', programId: 'prog-2', isPrimary: false, tierId: null })] })),
      getStay: () =>
        ok(stay({ programs: [{ ...CREDITED, earnedAt: null, earned: 0 }, { programId: 'prog-2', membershipId: 'mem-2', earned: 0, earnedAt: null, estimate: 1 }] })),
    });
    const lines = [...panel.querySelectorAll('[data-field="stay-estimate"]')].map((line) => line.textContent);
    expect(lines).toEqual(['Keycard Rewards: earns ≈ 120 points', 'Partner Miles: earns ≈ 1 point']);
  });

  it('a company stay: one quiet line, no estimate', async () => {
    const { field } = await showReservation({ getStay: () => ok(stay({ skipped: 'company', programs: [] })) });
    expect(field('stay-skipped')).toBe('Company stay: earns no points');
    expect(field('stay-estimate')).toBeNull();
  });

  it('a reservation a company booked: a calm "Booked by a company", nothing to retry', async () => {
    const problem = { type: COMPANY_RESERVATION_PROBLEM, title: 'Booked by a company', status: 409, detail: 'Reservation 4365 is booked by a company, which has no loyalty membership: it earns no points. Open the guest\'s profile to see theirs.' };
    const { panel } = await showReservation({
      getGuestLoyalty: () => ({ ok: false, error: { kind: 'conflict', message: problem.detail, problem } }),
      getStay: () => ok(stay({ skipped: 'company', programs: [] })),
    });
    const status = within(panel).getByRole('status');
    expect(within(status).getByText('Booked by a company')).toBeTruthy();
    expect(status.textContent).toContain('Open the guest\'s profile to see theirs.');
    expect(within(panel).queryByRole('alert')).toBeNull();
    expect(within(panel).queryByRole('button', { name: 'Retry' })).toBeNull();
    expect(within(panel).queryByText('Already done')).toBeNull();
  });

  it('a guest who is not a member: the Enroll offer, and no stay at all', async () => {
    const { panel } = await showReservation({
      getGuestLoyalty: () => ok(guestLoyalty({ memberships: [] })),
      getStay: () => ok(stay({ skipped: 'not-a-member', programs: [] })),
    });
    expect(within(panel).getByRole('button', { name: 'Enroll' })).toBeTruthy();
    expect(panel.querySelector('[data-section="stay"]')).toBeNull();
  });

  it('proxy unreachable: the saved guest shows, the stay is simply absent (no error)', async () => {
    const { panel, field } = await showReservation({
      getGuestLoyalty: () => ok({ ...guestLoyalty(), source: 'cache' as const, unreachable: true }),
      getStay: () => ({ ok: false, error: { kind: 'unreachable', message: 'Keycard server unreachable — try again.' } }),
    });
    expect(field('points')).toBe('12,345');
    expect(panel.querySelector('[data-section="stay"]')).toBeNull();
    expect(within(panel).queryByRole('alert')).toBeNull();
  });

  it('renders a stay number holding markup as text', async () => {
    const { panel, field } = await showReservation({ getStay: () => ok(stay({ number: '<img src=x onerror=alert(1)>' })) });
    expect(field('stay')).toContain('Stay <img src=x onerror=alert(1)>');
    expect(panel.querySelectorAll('img')).toHaveLength(0);
  });
});

describe('Panel: points from stays on the membership card', () => {
  it('shows the points from stays this year when there are some', async () => {
    const { field } = await showReservation({ getGuestLoyalty: () => ok(guestLoyalty({ memberships: [membership({ stayPointsThisYear: 1250 })] })) });
    expect(field('stay-points-year')).toBe('1,250 points from stays this year');
  });

  it('says nothing when there are none', async () => {
    const { field } = await showReservation({ getGuestLoyalty: () => ok(guestLoyalty({ memberships: [membership({ stayPointsThisYear: 0 })] })) });
    expect(field('stay-points-year')).toBeNull();
  });
});

describe('Panel: stay rows in the history', () => {
  it('names a stay, its correction and its reversal, with the note carrying the reservation number', async () => {
    const row = (id: string, kind: string, delta: number, note: string): LedgerEntry => ({
      ...adjustment({ id, delta, reason: 'stay', note, deviceName: 'Keycard' }),
      kind,
    });
    const { panel } = await showReservation({
      getLedgerPage: () =>
        ok({
          adjustments: [
            row('l3', 'stay-reversal', -110, 'Stay 4365 · rules v2'),
            row('l2', 'stay-correction', -10, 'Stay 4365 · rules v2'),
            row('l1', 'stay', 120, 'Stay 4365 · rules v2'),
          ],
          nextBefore: null,
        }),
    });
    const card = panel.querySelector<HTMLElement>('[data-membership-id="mem-1"]')!;
    await click(within(card).getByRole('button', { name: 'History' }));
    const rows = [...card.querySelectorAll('[data-adjustment-id]')];
    expect(rows.map((r) => r.querySelector('.kc-ledger-reason')!.textContent)).toEqual(['Stay reversed', 'Stay correction', 'Stay']);
    expect(rows.every((r) => r.textContent!.includes('Stay 4365 · rules v2'))).toBe(true);
  });
});
