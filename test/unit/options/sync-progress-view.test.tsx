import { act, render, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { SyncProgressView } from '@/components/options/SyncProgressView';
import { SyncProgressModel } from '@/lib/models/sync-progress';
import type { SyncStatus } from '@/lib/contract/desk-cache';
import { ok, scriptedSend } from '../support/fixtures';

const ready = (overrides: Partial<SyncStatus> = {}): SyncStatus => ({
  paired: true,
  phase: 'ready',
  running: false,
  cachedMembers: 1200,
  received: 0,
  estimatedTotal: null,
  lastFullSyncAt: '2026-03-02T10:00:00Z',
  lastDeltaAt: '2026-03-02T11:04:00Z',
  lastError: null,
  outbox: { pending: 0, refused: 0 },
  timeZone: 'Europe/Prague',
  ...overrides,
});

async function show(status: SyncStatus) {
  const { send } = scriptedSend({ getSyncStatus: () => ok(status) });
  const sync = new SyncProgressModel({ send, locale: 'en-GB' });
  render(<SyncProgressView sync={sync} />);
  await act(() => sync.refresh());
}

describe('offline members on the options page', () => {
  it('tells the last check in the hotel’s time, as the panel and popup do', async () => {
    await show(ready());
    expect(screen.getByText(/Last checked with the proxy at/).textContent).toBe('Last checked with the proxy at 12:04.');
  });

  it('tells it in another hotel’s time when the desk works for one elsewhere', async () => {
    await show(ready({ timeZone: 'America/New_York' }));
    expect(screen.getByText(/Last checked with the proxy at/).textContent).toBe('Last checked with the proxy at 06:04.');
  });
});
