import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { QuickSearch } from '@/components/popup/QuickSearch';
import { drawPopup } from '@/components/popup/draw-popup';
import { deskLanguage } from '@/lib/i18n';
import type { MemberRecord, Membership } from '@/lib/contract';
import type { SyncStatus } from '@/lib/contract/desk-cache';
import { QuickSearchModel } from '@/lib/models/quick-search';
import type { MemberResult, SearchHome } from '@/lib/contract/member-search';
import { deskContext, guestLoyalty, ok, scriptedSend } from '../support/fixtures';
import { member } from '../support/members';

const jana = member('Jana', 'Nováková', { number: 'KCR12345678' });
const petr = member('Petr', 'Novák');
const zoe = member('Zoë', 'Nováčková');
const cached = (record: MemberRecord, origin: MemberResult['origin'] = 'last'): MemberResult => ({ ...record, origin, pending: false });

const home = (overrides: Partial<SearchHome> = {}): SearchHome => ({
  paired: true,
  mewsOperationsUrl: 'https://app.mews.com',
  recent: [],
  sync: { cachedMembers: 3, lastSyncAt: '2026-03-02T11:04:00Z', syncing: false },
  ...overrides,
});

function setup(options: { local?: MemberResult[]; online?: () => unknown; homeData?: SearchHome; detail?: Membership[]; context?: Parameters<typeof deskContext>[0] } = {}) {
  const { send, calls } = scriptedSend({
    getSearchHome: () => ok(options.homeData ?? home()),
    getContext: () => ok(deskContext(options.context)),
    searchMembers: (message) => ok({ query: message.query, results: options.local ?? [cached(petr), cached(jana)], cachedMembers: 3 }),
    searchMembersOnline: (message) =>
      (options.online?.() as never) ?? ok({ query: message.query, results: [] }),
    getStatus: () => ok({} as never),
    getGuestLoyalty: () => ok(guestLoyalty({ guest: jana.guest, memberships: options.detail ?? [jana.membership] })),
  });
  const openTab = vi.fn();
  const close = vi.fn();
  const model = new QuickSearchModel({ send, openTab, close, debounceMs: 5, locale: 'en-US' });
  render(<QuickSearch model={model} locale="en-US" />);
  const box = screen.getByRole('combobox', { name: 'Search members' });
  return { model, box, openTab, close, calls };
}

const activeName = (box: HTMLElement) => {
  const id = box.getAttribute('aria-activedescendant');
  return id ? document.getElementById(id)?.querySelector('.kc-result-name')?.textContent : null;
};

describe('popup quick search', () => {
  it('opens with the cursor in Search members and lists cache matches as the desk types', async () => {
    const { model, box } = setup();
    await model.start();
    expect(document.activeElement).toBe(box);
    fireEvent.input(box, { target: { value: 'nova' } });
    await waitFor(() => expect(screen.getAllByRole('option')).toHaveLength(2));
    expect(box.getAttribute('aria-expanded')).toBe('true');
    expect(box.getAttribute('aria-controls')).toBe(screen.getByRole('listbox').id);
    const first = screen.getAllByRole('option')[0]!;
    expect(first.getAttribute('aria-selected')).toBe('true');
    expect(first.hasAttribute('data-result')).toBe(true);
    expect(first.textContent).toContain('Petr Novák');
    expect(first.textContent).toContain('Keycard Rewards');
    expect(first.textContent).toContain('Gold');
    expect(first.textContent).toContain('12,345');
    expect(first.textContent).toContain('Enrolled');
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('2 members found'));
  });

  it('moves with the arrow keys and opens the active guest in Mews Operations with Enter', async () => {
    const { model, box, openTab } = setup();
    await model.start();
    fireEvent.input(box, { target: { value: 'nova' } });
    await waitFor(() => expect(activeName(box)).toBe('Petr Novák'));
    fireEvent.keyDown(box, { key: 'ArrowDown' });
    expect(activeName(box)).toBe('Jana Nováková');
    fireEvent.keyDown(box, { key: 'ArrowDown' });
    expect(activeName(box)).toBe('Petr Novák'); // wraps
    fireEvent.keyDown(box, { key: 'ArrowUp' });
    expect(activeName(box)).toBe('Jana Nováková');
    fireEvent.keyDown(box, { key: 'Enter' });
    await waitFor(() => expect(openTab).toHaveBeenCalledOnce());
    expect(openTab).toHaveBeenCalledWith(`https://app.mews.com/Commander/ent-1/Customer/Detail/${jana.guest.id}`);
  });

  it("opens the guest in the Mews Operations the proxy names, by the proxy's customer rule (the desk set none)", async () => {
    const served = {
      operationsUrl: 'http://127.0.0.1:8788',
      guestPages: [{ name: 'profile-2027', pattern: '/Commander/:enterpriseId/Guests/Profile/:customerId', kind: 'customer' as const }],
    };
    const { model, box, openTab } = setup({ homeData: home({ mewsOperationsUrl: null }), context: served });
    await model.start();
    fireEvent.input(box, { target: { value: 'nova' } });
    await waitFor(() => expect(activeName(box)).toBe('Petr Novák'));
    fireEvent.keyDown(box, { key: 'Enter' });
    await waitFor(() => expect(openTab).toHaveBeenCalledOnce());
    expect(openTab).toHaveBeenCalledWith(`http://127.0.0.1:8788/Commander/ent-1/Guests/Profile/${petr.guest.id}`);
  });

  it("appends the proxy's extra members below without moving the active row", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { model, box } = setup({
      online: async () => {
        await gate;
        return ok({ query: 'nova', results: [cached(jana, 'proxy'), cached(zoe, 'proxy')] });
      },
    });
    await model.start();
    fireEvent.input(box, { target: { value: 'nova' } });
    await waitFor(() => expect(screen.getAllByRole('option')).toHaveLength(2));
    fireEvent.keyDown(box, { key: 'ArrowDown' });
    expect(activeName(box)).toBe('Jana Nováková');
    expect(screen.getByText(/Searching all members/)).toBeTruthy();
    release();
    await waitFor(() => expect(screen.getAllByRole('option')).toHaveLength(3));
    const order = screen.getAllByRole('option').map((option) => option.querySelector('.kc-result-name')?.textContent);
    expect(order).toEqual(['Petr Novák', 'Jana Nováková', 'Zoë Nováčková']);
    expect(activeName(box)).toBe('Jana Nováková');
    // The next keystroke keeps the proxy's find while it still matches.
    fireEvent.input(box, { target: { value: 'novac' } });
    await waitFor(() => expect(model.query.value).toBe('novac'));
    expect(model.results.value.map((result) => result.guest.lastName)).toContain('Nováčková');
  });

  it('says when nothing matches, and what the proxy search is doing; offline is labelled', async () => {
    const { model, box } = setup({ local: [], online: () => ({ ok: false, error: { kind: 'unreachable', message: 'Keycard server unreachable — try again.' } }) });
    await model.start();
    fireEvent.input(box, { target: { value: 'zzz' } });
    await waitFor(() => expect(screen.getByText(/Offline: only cached members/)).toBeTruthy());
    expect(screen.getByRole('status').textContent).toBe('No members found. Offline: cached members only.');
    expect(box.getAttribute('aria-expanded')).toBe('false');
  });

  it('Esc clears the query first, then closes the popup', async () => {
    const { model, box, close } = setup();
    await model.start();
    fireEvent.input(box, { target: { value: 'nova' } });
    await waitFor(() => expect(screen.getAllByRole('option')).toHaveLength(2));
    fireEvent.keyDown(box, { key: 'Escape' });
    expect((box as HTMLInputElement).value).toBe('');
    expect(close).not.toHaveBeenCalled();
    fireEvent.keyDown(box, { key: 'Escape' });
    expect(close).toHaveBeenCalledOnce();
  });

  it('shows recent guests and the sync state before anything is typed', async () => {
    const { model } = setup({ homeData: home({ recent: [cached(jana, 'recent')] }) });
    await model.start();
    await waitFor(() => expect(screen.getByRole('listbox', { name: 'Recent guests' })).toBeTruthy());
    expect(screen.getAllByRole('option')[0]!.textContent).toContain('Jana Nováková');
    expect(document.querySelector('[data-field="synced"]')?.textContent).toMatch(/3 members cached · synced 12:04/);
  });

  it('a popup opened during the sync follows it: the line counts up, then says when the cache synced', async () => {
    const status = (over: Partial<SyncStatus>): SyncStatus => ({
      paired: true, phase: 'full', running: true, cachedMembers: 0, received: 0, estimatedTotal: 120,
      lastFullSyncAt: null, lastDeltaAt: null, lastError: null, outbox: { pending: 0, refused: 0 }, timeZone: null, ...over,
    });
    const answers = [status({ cachedMembers: 50, received: 50 }), status({ phase: 'ready', running: false, cachedMembers: 120, received: 120, lastFullSyncAt: '2026-03-02T11:04:00Z' })];
    const { send, calls } = scriptedSend({
      getSearchHome: () => ok(home({ sync: { cachedMembers: 3, lastSyncAt: null, syncing: true } })),
      getContext: () => ok(deskContext()),
      getSyncStatus: () => ok(answers.length > 1 ? answers.shift()! : answers[0]!),
    });
    const model = new QuickSearchModel({ send, openTab: vi.fn(), close: vi.fn(), locale: 'en-US', syncFollowMs: 5 });
    render(<QuickSearch model={model} locale="en-US" />);
    await model.start();
    const line = () => document.querySelector('[data-field="synced"]')?.textContent;
    expect(line()).toMatch(/Syncing members… 3 cached so far/);
    await waitFor(() => expect(line()).toMatch(/Syncing members… 50 cached so far/));
    await waitFor(() => expect(line()).toMatch(/120 members cached · synced 12:04/));
    // Once synced it stops asking.
    const asked = calls.filter((call) => call.type === 'getSyncStatus').length;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(calls.filter((call) => call.type === 'getSyncStatus').length).toBe(asked);
    model[Symbol.dispose]();
  });

  it('a popup opened before a paired desk’s first sync started follows it too; one already synced asks nothing', async () => {
    const follow = async (sync: SearchHome['sync']) => {
      const { send, calls } = scriptedSend({ getSearchHome: () => ok(home({ sync })), getContext: () => ok(deskContext()), getSyncStatus: () => ok({ paired: true, phase: 'ready', running: false, cachedMembers: 7, received: 7, estimatedTotal: null, lastFullSyncAt: '2026-03-02T11:04:00Z', lastDeltaAt: null, lastError: null, outbox: { pending: 0, refused: 0 }, timeZone: null }) });
      const model = new QuickSearchModel({ send, openTab: vi.fn(), close: vi.fn(), locale: 'en-US', syncFollowMs: 5 });
      await model.start();
      await new Promise((resolve) => setTimeout(resolve, 40));
      model[Symbol.dispose]();
      return { asked: calls.filter((call) => call.type === 'getSyncStatus').length, sync: model.home.value?.sync };
    };
    const waiting = await follow({ cachedMembers: 0, lastSyncAt: null, syncing: false });
    expect(waiting).toEqual({ asked: 1, sync: { cachedMembers: 7, lastSyncAt: '2026-03-02T11:04:00Z', syncing: false } });
    expect((await follow({ cachedMembers: 3, lastSyncAt: '2026-03-02T11:04:00Z', syncing: false })).asked).toBe(0);
  });

  it('shows a result in detail with Adjust points (ArrowRight), and Esc returns to the list', async () => {
    const { model, box } = setup();
    await model.start();
    fireEvent.input(box, { target: { value: 'nova' } });
    await waitFor(() => expect(screen.getAllByRole('option')).toHaveLength(2));
    fireEvent.keyDown(box, { key: 'ArrowDown' });
    fireEvent.keyDown(box, { key: 'ArrowRight' });
    await waitFor(() => expect(screen.getByRole('button', { name: 'Adjust points' })).toBeTruthy());
    expect(document.querySelector('[data-field="points"]')?.textContent).toBe('12,345');
    fireEvent.keyDown(screen.getByRole('button', { name: '← Results' }), { key: 'Escape' });
    await waitFor(() => expect(screen.getByRole('combobox', { name: 'Search members' })).toBeTruthy());
    expect(model.query.value).toBe('nova');
  });

  it('back from the detail, the row shows the balance the detail showed, not the list’s older one', async () => {
    // The detail reads the guest afresh (as after an adjustment made there): 12,595, the list said 12,345.
    const fresher = { ...jana.membership!, points: 12_595 };
    const { model, box } = setup({ local: [cached(jana)], detail: [fresher] });
    await model.start();
    fireEvent.input(box, { target: { value: 'jana' } });
    await waitFor(() => expect(screen.getAllByRole('option')).toHaveLength(1));
    const shownPoints = () => screen.getByRole('option').querySelector('[data-field="points"]')?.textContent;
    expect(shownPoints()).toBe('12,345');
    fireEvent.keyDown(box, { key: 'ArrowRight' });
    await waitFor(() => expect(document.querySelector('[data-field="points"]')?.textContent).toBe('12,595'));
    fireEvent.keyDown(screen.getByRole('button', { name: '← Results' }), { key: 'Escape' });
    await waitFor(() => expect(screen.getAllByRole('option')).toHaveLength(1));
    expect(shownPoints()).toBe('12,595');
  });

  it('renders guest data as text', async () => {
    const hostile = member('<img src=x onerror=alert(1)>', '<b>Bold</b>');
    const { model, box } = setup({ local: [cached(hostile)] });
    await model.start();
    fireEvent.input(box, { target: { value: 'b' } });
    await waitFor(() => expect(screen.getAllByRole('option')).toHaveLength(1));
    expect(screen.getByRole('option').textContent).toContain('<img src=x onerror=alert(1)> <b>Bold</b>');
    expect(screen.getByRole('option').querySelector('img, b')).toBeNull();
  });

  // Issue 18 #12: axe page-has-heading-one on every popup view.
  it('each view has one level-one heading: the search and a guest in detail', async () => {
    const { model, box } = setup();
    await model.start();
    expect(screen.getAllByRole('heading', { level: 1 })).toHaveLength(1);
    fireEvent.input(box, { target: { value: 'nova' } });
    await waitFor(() => expect(screen.getAllByRole('option')).toHaveLength(2));
    expect(screen.getAllByRole('heading', { level: 1 })).toHaveLength(1);
    fireEvent.keyDown(box, { key: 'ArrowRight' });
    await waitFor(() => expect(screen.getByRole('button', { name: 'Adjust points' })).toBeTruthy());
    expect(screen.getAllByRole('heading', { level: 1 })).toHaveLength(1);
  });

  it('popup.html pre-draws the box in no language; the first render adopts it in the desk’s, keeping what was typed and the focus', async () => {
    const html = readFileSync(resolve(process.cwd(), 'entrypoints/popup/index.html'), 'utf8');
    const app = new DOMParser().parseFromString(html, 'text/html').getElementById('app')!;
    // Nothing a Czech or German desk would first see in English: no text, label, placeholder or hint.
    const worded = [...app.querySelectorAll('*')].flatMap((node) => [
      ...[...node.childNodes].filter((child) => child.nodeType === Node.TEXT_NODE && /\p{L}/u.test(child.textContent ?? '')).map((child) => child.textContent),
      ...['placeholder', 'aria-label', 'title'].map((name) => node.getAttribute(name)).filter((value) => value && /\p{L}/u.test(value)),
    ]);
    expect(worded).toEqual([]);

    document.body.replaceChildren(app);
    const early = app.querySelector<HTMLInputElement>('#kc-search')!;
    early.focus();
    early.value = 'nov';
    deskLanguage.value = 'cs';
    try {
      const { send } = scriptedSend({ getSearchHome: () => ok(home()), getContext: () => ok(deskContext()) });
      drawPopup(app, new QuickSearchModel({ send, openTab: vi.fn(), close: vi.fn(), debounceMs: 5 }));
      const box = screen.getByRole('combobox', { name: 'Hledat členy' });
      expect(box).toBe(early);
      expect(document.activeElement).toBe(early);
      expect(early.value).toBe('nov');
      expect(early.placeholder).toBe('Jméno, e-mail nebo číslo členství');
    } finally {
      deskLanguage.value = 'en';
      document.body.replaceChildren();
    }
  });
});
