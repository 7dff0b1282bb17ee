import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createProxyClient } from '@/lib/background/proxy/proxy-client';
import type { Result } from '@/lib/contract/messages';
import { cacheDb } from '@/lib/background/store/db';
import { rememberGuest } from '@/lib/background/store/members';
import { dismiss, enqueue, outboxEntries, pendingFor, replayOutbox, type RunAsDevice } from '@/lib/background/store/outbox';
import { adjustment, guestLoyalty, membership } from '../../support/fixtures';
import { fakeProxy, problem } from '../../support/fake-proxy';
import { freshCache } from './support';

type Mode = 'down' | 'busy' | 'up';

/** A proxy that applies each idempotency key once and remembers the answer, like the real one. */
function idempotentProxy() {
  let mode: Mode = 'down';
  let points = 100;
  const applied: string[] = [];
  const answers = new Map<string, { status: number; body: unknown }>();
  const refuse = new Map<string, { status: number; body: unknown }>();
  const proxy = fakeProxy({
    'POST /v1/memberships/mem-1/adjustments': (request) => {
      if (mode === 'down') return 'network-down';
      if (mode === 'busy') return { status: 429, body: problem(429, 'Too many requests', 'This desk has used its share of Mews for now.') };
      const key = request.headers['idempotency-key']!;
      if (refuse.has(key)) return refuse.get(key)!;
      if (!answers.has(key)) {
        const { delta } = request.body as { delta: number };
        points += delta;
        applied.push(key);
        answers.set(key, { status: 201, body: { adjustment: adjustment({ delta }), membership: membership({ points, updatedAt: new Date().toISOString() }) } });
      }
      return answers.get(key)!;
    },
    'POST /v1/memberships': (request) => {
      if (mode === 'down') return 'network-down';
      applied.push(request.headers['idempotency-key']!);
      return { status: 201, body: membership({ id: 'mem-2', accountId: 'cus-2', points: 0 }) };
    },
  });
  const client = createProxyClient({ proxyUrl: 'http://127.0.0.1:8787', token: 't', fetch: proxy.fetch, timeoutMs: 200 });
  const run: RunAsDevice = (call) => call(client);
  return {
    run,
    seen: proxy.seen,
    applied,
    points: () => points,
    set mode(next: Mode) {
      mode = next;
    },
    refuse: (key: string, status: number, detail: string) => refuse.set(key, { status, body: problem(status, 'Refused', detail) }),
  };
}

const adjust = (key: string, delta: number, reason = 'bonus') => ({
  kind: 'adjust' as const,
  accountId: 'cus-1',
  membershipId: 'mem-1',
  delta,
  reason,
  idempotencyKey: key,
});

describe('write outbox', () => {
  beforeEach(freshCache);

  it('keeps the desk’s order, and the same key queued twice is one entry', async () => {
    await enqueue(adjust('k1', 10));
    await enqueue({ kind: 'enroll', accountId: 'cus-2', membershipId: null, programId: 'prog-1', idempotencyKey: 'k2' });
    await enqueue(adjust('k3', -5, 'redemption'));
    await enqueue(adjust('k1', 10));
    expect((await outboxEntries()).map((entry) => entry.idempotencyKey)).toEqual(['k1', 'k2', 'k3']);
    expect(await pendingFor('cus-1')).toMatchObject([{ delta: 10, status: 'pending' }, { delta: -5 }]);
  });

  it('asks the disk to hold a queued change before saying it is saved (strict durability)', async () => {
    await cacheDb();
    const transaction = vi.spyOn(IDBDatabase.prototype, 'transaction');
    try {
      await enqueue(adjust('k-strict', 10));
      const outboxWrites = transaction.mock.calls.filter(([stores, mode]) => String(stores) === 'outbox' && mode === 'readwrite');
      expect(outboxWrites.map((call) => call[2])).toEqual([{ durability: 'strict' }]);
    } finally {
      transaction.mockRestore();
    }
  });

  it('replays in order once the proxy is back; while it is down, nothing is lost', async () => {
    await rememberGuest(guestLoyalty({ memberships: [membership({ points: 100 })] }));
    const proxy = idempotentProxy();
    await enqueue(adjust('k1', 10));
    await enqueue({ kind: 'enroll', accountId: 'cus-2', membershipId: null, programId: 'prog-1', idempotencyKey: 'k2' });
    await enqueue(adjust('k3', 5));

    const down = await replayOutbox(proxy.run);
    expect(down).toMatchObject({ applied: 0, interrupted: { kind: 'unreachable' } });
    // Stopped at the first: the later ones were not even tried out of order.
    expect(proxy.seen.map((request) => request.headers['idempotency-key'])).toEqual(['k1']);
    expect(await outboxEntries()).toHaveLength(3);

    proxy.mode = 'up';
    expect(await replayOutbox(proxy.run)).toMatchObject({ applied: 3, refused: 0, interrupted: null });
    expect(proxy.applied).toEqual(['k1', 'k2', 'k3']);
    expect(proxy.points()).toBe(115);
    expect(await outboxEntries()).toEqual([]);
    // The cache shows the proxy's answer after replay.
    expect((await (await cacheDb()).get('members', 'mem-1'))?.membership.points).toBe(115);
  });

  it('remembers why a write waits: the proxy unreachable, or answering but busy (429, 5xx)', async () => {
    await rememberGuest(guestLoyalty({ memberships: [membership({ points: 100 })] }));
    const proxy = idempotentProxy();
    const queued = await enqueue({ ...adjust('k1', 10), waitingFor: 'busy' });
    expect(queued.ok && queued.data.waitingFor).toBe('busy');
    await replayOutbox(proxy.run);
    expect((await pendingFor('cus-1', ['mem-1']))[0]?.waitingFor).toBe('unreachable');
    proxy.mode = 'busy';
    expect(await replayOutbox(proxy.run)).toMatchObject({ applied: 0, interrupted: { kind: 'server' } });
    expect((await pendingFor('cus-1', ['mem-1']))[0]?.waitingFor).toBe('busy');
    proxy.mode = 'up';
    expect(await replayOutbox(proxy.run)).toMatchObject({ applied: 1 });
  });

  it('applies a write once even when its answer was lost and it is replayed with the same key', async () => {
    const proxy = idempotentProxy();
    proxy.mode = 'up';
    await enqueue(adjust('k1', 10));
    const [entry] = await outboxEntries();
    // The worker died after the proxy applied it but before the entry was removed:
    await proxy.run((client) => client.adjust('mem-1', { delta: 10, reason: 'bonus' }, 'k1'));
    expect(await replayOutbox(proxy.run)).toMatchObject({ applied: 1 });
    // And a second replay of the same entry (put back as if never removed) changes nothing.
    await (await cacheDb()).put('outbox', entry!);
    await replayOutbox(proxy.run);
    expect(proxy.applied).toEqual(['k1']);
    expect(proxy.points()).toBe(110);
    expect(proxy.seen.filter((request) => request.headers['idempotency-key'] === 'k1')).toHaveLength(3);
  });

  it('keeps a refused replay visible with the proxy’s reason until the desk dismisses it', async () => {
    const proxy = idempotentProxy();
    proxy.mode = 'up';
    proxy.refuse('k1', 422, 'A redemption may not take the balance below zero.');
    await enqueue(adjust('k1', -500, 'redemption'));
    await enqueue(adjust('k2', 10));
    expect(await replayOutbox(proxy.run)).toMatchObject({ applied: 1, refused: 1 });
    const [refused] = await pendingFor('cus-1');
    expect(refused).toMatchObject({
      status: 'refused',
      delta: -500,
      failure: { kind: 'invalid', message: 'A redemption may not take the balance below zero.' },
    });
    // Not replayed again, not dismissible while pending, dismissible once refused.
    await replayOutbox(proxy.run);
    expect(proxy.seen.filter((request) => request.headers['idempotency-key'] === 'k1')).toHaveLength(1);
    expect(await dismiss(refused!.id)).toBe(true);
    expect(await outboxEntries()).toEqual([]);
  });

  it('will not dismiss a pending write', async () => {
    const queued = await enqueue(adjust('k1', 10));
    expect(queued.ok && (await dismiss(queued.data.id))).toBe(false);
    expect(await outboxEntries()).toHaveLength(1);
  });

  it('reports a full disk to the desk instead of swallowing it', async () => {
    const db = await cacheDb();
    const original = db.transaction.bind(db);
    db.transaction = (() => {
      throw new DOMException('Quota exceeded', 'QuotaExceededError');
    }) as never;
    const result: Result<unknown> = await enqueue(adjust('k1', 10));
    db.transaction = original;
    expect(result).toEqual({
      ok: false,
      error: {
        kind: 'server',
        message: "This computer's storage is full, so Keycard could not save the change offline. Nothing was applied: free some disk space, then try again.",
        text: { key: 'failure.storageFull' },
      },
    });
  });
});
