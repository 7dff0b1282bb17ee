// @vitest-environment node
/**
 * What spares the shared Mews budget, on a fake clock: each desk's share (mews/device-share.ts)
 * and the memory of searches Mews answered with nobody (memberships/search-misses.ts). The
 * review's attack over real HTTP is in test/reliability/mews-fair-share.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { MewsShare, chargeMewsCaller } from '../../server/proxy/mews/device-share';
import { SearchMisses } from '../../server/proxy/loyalty/memberships/search-misses';

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

/** Runs a "request" of `device` that sends `calls` Mews requests. */
async function request(share: MewsShare, device: string, calls: number) {
  const admission = share.admit(device);
  if (!admission.ok) return admission;
  try {
    await admission.ticket.run(async () => {
      for (let i = 0; i < calls; i++) {
        await Promise.resolve();
        chargeMewsCaller();
      }
    });
  } finally {
    admission.ticket.done();
  }
  return admission;
}

describe('MewsShare', () => {
  it('charges the Mews requests a request causes to its device, and refuses it past its share until they age out', async () => {
    const time = clock();
    const share = new MewsShare(5, 30_000, time.now);
    expect((await request(share, 'desk-1', 3)).ok).toBe(true);
    time.advance(10_000);
    expect((await request(share, 'desk-1', 2)).ok).toBe(true);
    expect(share.spent('desk-1')).toBe(5);
    const refused = share.admit('desk-1');
    expect(refused).toEqual({ ok: false, retryAfterMs: 20_000 }); // the first three leave at 30 s
    expect((await request(share, 'desk-2', 1)).ok).toBe(true); // another desk is not held back
    time.advance(20_000);
    expect(share.spent('desk-1')).toBe(2);
    expect((await request(share, 'desk-1', 0)).ok).toBe(true);
  });

  it('costs nothing for a request answered without Mews, and charges nobody outside a request', async () => {
    const share = new MewsShare(2);
    for (let i = 0; i < 50; i++) expect((await request(share, 'desk-1', 0)).ok).toBe(true);
    chargeMewsCaller(); // background work: the poller, stays, the reconciler
    expect(share.spent('desk-1')).toBe(0);
  });

  it('holds a unit for each request in flight that has not reached Mews yet, so a burst cannot slip in', async () => {
    const share = new MewsShare(3);
    const held = [share.admit('desk-1'), share.admit('desk-1'), share.admit('desk-1')];
    expect(held.every((a) => a.ok)).toBe(true);
    expect(share.admit('desk-1')).toEqual({ ok: false, retryAfterMs: 1_000 });
    for (const admission of held) if (admission.ok) admission.ticket.done();
    expect(share.admit('desk-1').ok).toBe(true);
  });
});

describe('SearchMisses', () => {
  it('remembers a search Mews answered with nobody for its time, however it is typed', () => {
    const time = clock();
    const misses = new SearchMisses(30_000, time.now);
    expect(misses.has('name', 'Qzx')).toBe(false);
    misses.remember('name', 'Qzx');
    expect(misses.has('name', '  qZX ')).toBe(true);
    expect(misses.has('email', 'qzx')).toBe(false);
    misses.remember('number', 'KC 1234-5678');
    expect(misses.has('number', 'kc12345678')).toBe(true);
    time.advance(30_000);
    expect(misses.has('name', 'Qzx')).toBe(false);
  });

  it('remembers nothing when turned off (SEARCH_MISS_CACHE_S=0)', () => {
    const misses = new SearchMisses(0);
    misses.remember('name', 'Qzx');
    expect(misses.has('name', 'Qzx')).toBe(false);
  });
});
