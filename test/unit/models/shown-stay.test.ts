import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Stay } from '@/lib/contract';
import type { Result } from '@/lib/contract/messages';
import type { GuestPage } from '@/lib/host';
import { PanelModel } from '@/lib/models/panel-model';
import { summarizeStay } from '@/lib/models/shown-stay';
import { deskBackground, guestLoyalty, membership, ok, program, stay } from '../support/fixtures';

const RESERVATION: GuestPage = { kind: 'reservation', id: 'res-1', enterpriseId: 'ent-1', patternName: 'reservation-detail' };
const CUSTOMER: GuestPage = { kind: 'customer', id: 'cus-1', enterpriseId: 'ent-1', patternName: 'customer-detail' };
const unreachable = { ok: false as const, error: { kind: 'unreachable' as const, message: 'Keycard server unreachable — try again.' } };
const PROGRAMS = [program(), program({ id: 'prog-2', name: 'Partner Miles' })];

async function settle() {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

function panelWith(script: Parameters<typeof deskBackground>[0], pollMs = 0) {
  const background = deskBackground(script);
  const panel = new PanelModel({ send: background.send, locale: 'en-US', pollMs });
  const stayCalls = () => background.calls.filter((call) => call.type === 'getStay');
  return { panel, stayCalls };
}

/** A stay answer the test releases when it wants (`answer`), to see what a late one does. */
function heldStay() {
  const held = { answer: (_value: Result<Stay>) => {} };
  const getStay = () => new Promise<Result<Stay>>((resolve) => (held.answer = resolve));
  return { held, panel: panelWith({ getStay }).panel };
}

afterEach(() => vi.useRealTimers());

describe('summarizeStay', () => {
  it('a checked-in stay: its estimate, still running up', () => {
    expect(summarizeStay(stay(), PROGRAMS)).toEqual({
      number: '4365',
      nights: 2,
      revenue: { amount: 341, currency: 'EUR' },
      open: true,
      canceled: false,
      company: false,
      programs: [{ programId: 'prog-1', programName: null, status: 'estimate', points: 120, earnedAt: null }],
    });
  });

  it('a credited stay: what it earned and when, no longer "so far"', () => {
    const summary = summarizeStay(
      stay({ state: 'Processed', programs: [{ programId: 'prog-1', membershipId: 'mem-1', earned: 125, earnedAt: '2026-12-03T10:00:00Z', estimate: 125 }] }),
      PROGRAMS,
    );
    expect(summary?.open).toBe(false);
    expect(summary?.programs[0]).toMatchObject({ status: 'earned', points: 125, earnedAt: '2026-12-03T10:00:00Z' });
  });

  it('a credit taken back (canceled after check-out) reads as reversed, not "earned 0"', () => {
    const summary = summarizeStay(
      stay({ state: 'Canceled', programs: [{ programId: 'prog-1', membershipId: 'mem-1', earned: 0, earnedAt: '2026-12-03T10:00:00Z', estimate: 0 }] }),
      PROGRAMS,
    );
    expect(summary).toMatchObject({ canceled: true, open: false });
    expect(summary?.programs[0]?.status).toBe('reversed');
  });

  it('names the programs only when the stay counts for several', () => {
    const both = stay({
      programs: [
        { programId: 'prog-1', membershipId: 'mem-1', earned: 0, earnedAt: null, estimate: 120 },
        { programId: 'prog-2', membershipId: 'mem-2', earned: 0, earnedAt: null, estimate: 40 },
      ],
    });
    expect(summarizeStay(both, PROGRAMS)?.programs.map((line) => line.programName)).toEqual(['Keycard Rewards', 'Partner Miles']);
  });

  it('a company stay is said once; non-members and hotels without rules get nothing', () => {
    expect(summarizeStay(stay({ skipped: 'company', programs: [] }), PROGRAMS)).toMatchObject({ company: true, programs: [] });
    expect(summarizeStay(stay({ skipped: 'not-a-member', programs: [] }), PROGRAMS)).toBeNull();
    expect(summarizeStay(stay({ skipped: 'no-rules', programs: [] }), PROGRAMS)).toBeNull();
  });

  it('no revenue yet: no amount rather than "0.00"', () => {
    expect(summarizeStay(stay({ nights: 0, revenue: { amount: 0, currency: '' } }), PROGRAMS)?.revenue).toBeNull();
  });
});

describe('the panel and the stay on a reservation page', () => {
  it('asks for the stay on a reservation page, never on a customer page', async () => {
    const { panel, stayCalls } = panelWith({});
    panel.showPage(CUSTOMER);
    await settle();
    expect(stayCalls()).toEqual([]);
    expect(panel.stay.summary.value).toBeNull();

    panel.showPage(RESERVATION);
    await settle();
    expect(stayCalls()).toEqual([{ type: 'getStay', reservationId: 'res-1' }]);
    expect(panel.stay.summary.value?.programs[0]?.points).toBe(120);
    panel[Symbol.dispose]();
  });

  it('offline: no stay and no error, the guest shows as saved', async () => {
    const { panel } = panelWith({ getStay: () => unreachable });
    panel.showPage(RESERVATION);
    await settle();
    expect(panel.status.value).toBe('ready');
    expect(panel.stay.summary.value).toBeNull();
    expect(panel.error.value).toBeNull();
    expect(panel.notice.value).toBeNull();
    panel[Symbol.dispose]();
  });

  it('drops a stay that arrives after the desk moved on', async () => {
    const { held, panel } = heldStay();
    panel.showPage(RESERVATION);
    await settle();
    panel.showPage(CUSTOMER);
    held.answer(ok(stay()));
    await settle();
    expect(panel.stay.summary.value).toBeNull();
    panel[Symbol.dispose]();
  });

  it('asks again when the panel refreshes (tab shown again) and on Retry', async () => {
    const { panel, stayCalls } = panelWith({});
    panel.showPage(RESERVATION);
    await settle();
    await panel.refresh();
    await panel.retry();
    await settle();
    expect(stayCalls()).toHaveLength(3);
    panel[Symbol.dispose]();
  });

  it('not on every live refresh, but when the points move (the credit at check-out)', async () => {
    vi.useFakeTimers();
    let points = 12345;
    let checkedOut = false;
    const { panel, stayCalls } = panelWith(
      {
        getGuestLoyalty: (message) =>
          ok({ ...guestLoyalty({ memberships: [membership({ points })] }), source: message.cacheOnly ? 'cache' : 'proxy' }),
        getStay: () =>
          ok(checkedOut
            ? stay({ state: 'Processed', programs: [{ programId: 'prog-1', membershipId: 'mem-1', earned: 120, earnedAt: '2026-12-03T10:00:00Z', estimate: 120 }] })
            : stay()),
      },
      100,
    );
    panel.showPage(RESERVATION);
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(350);
    expect(stayCalls()).toHaveLength(1);

    checkedOut = true;
    points += 120;
    await vi.advanceTimersByTimeAsync(100);
    expect(stayCalls()).toHaveLength(2);
    expect(panel.stay.summary.value?.programs[0]).toMatchObject({ status: 'earned', points: 120 });
    panel[Symbol.dispose]();
  });

  it('disposing the panel drops a stay still on its way', async () => {
    const { held, panel } = heldStay();
    panel.showPage(RESERVATION);
    await settle();
    panel[Symbol.dispose]();
    held.answer(ok(stay()));
    await settle();
    expect(panel.stay.summary.value).toBeNull();
  });
});
