/**
 * Issue 19: every request the background sends as the device (a guest's lookup, the desk's
 * context) read the pairing by opening its IndexedDB database, reading one record and closing
 * it: several milliseconds of a worker that a busy desk keeps busy. The pairing is now read
 * once per worker and kept; saving and forgetting keep that copy true.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { pairedDesk, type StoredSession } from '@/lib/background/store/paired-desk';
import { deskContext } from '../../support/fixtures';
import { freshCache } from './support';

const desk: StoredSession = { token: 'tok-1', device: deskContext().device, proxyUrl: 'http://127.0.0.1:8787', pairedAt: '2026-12-04T10:00:00Z' };

describe('the paired desk', () => {
  beforeEach(freshCache);

  it('is read from IndexedDB once, then from memory', async () => {
    await pairedDesk.save(desk);
    const opens = vi.spyOn(globalThis.indexedDB, 'open');
    for (let i = 0; i < 5; i++) expect(await pairedDesk.read()).toEqual(desk);
    expect(opens.mock.calls.length).toBeLessThanOrEqual(1);
  });

  it('keeps its copy true across forget and save', async () => {
    await pairedDesk.save(desk);
    expect(await pairedDesk.read()).toEqual(desk);
    await pairedDesk.forget();
    expect(await pairedDesk.read()).toBeNull();
    await pairedDesk.save({ ...desk, token: 'tok-2' });
    expect((await pairedDesk.read())?.token).toBe('tok-2');
  });

  it('reads a fresh database afresh (a test’s, or after the browser cleared the site’s data)', async () => {
    await pairedDesk.save(desk);
    expect(await pairedDesk.read()).toEqual(desk);
    await freshCache();
    expect(await pairedDesk.read()).toBeNull();
  });
});

describe('the last error the desk saw', () => {
  beforeEach(freshCache);

  it('is written when it changes, not once more for every answered lookup', async () => {
    const { session } = await import('@/lib/background/store/session');
    const { fakeBrowser } = await import('wxt/testing/fake-browser');
    await session.recordError({ kind: 'unreachable', message: 'away' });
    await session.recordError(null);
    let writes = 0;
    const count = (changes: Record<string, unknown>) => void ('lastError' in changes && writes++);
    fakeBrowser.storage.onChanged.addListener(count);
    for (let i = 0; i < 5; i++) await session.recordError(null);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(writes).toBe(0);
    expect(await session.lastError()).toBeNull();
    await session.recordError({ kind: 'server', message: 'down' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(writes).toBe(1);
    fakeBrowser.storage.onChanged.removeListener(count);
    expect((await session.lastError())?.kind).toBe('server');
  });
});
