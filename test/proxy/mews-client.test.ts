// @vitest-environment node
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MewsClient } from '../../server/proxy/mews/client';
import { MewsError, mewsProblem } from '../../server/proxy/mews/errors';
import { SlidingWindowLimiter } from '../../server/proxy/mews/limiter';
import { collectAll, paginate } from '../../server/proxy/mews/paginate';
import { parseRetryAfter } from '../../server/proxy/mews/retry';
import { json, startMewsStub, type MewsStub } from './support/mews-stub';

const CLIENT_TOKEN = 'client-token-SECRET-1';
const ACCESS_TOKEN = 'access-token-SECRET-2';

let stub: MewsStub;
beforeAll(async () => {
  stub = await startMewsStub();
});
afterAll(() => stub.close());
beforeEach(() => {
  stub.requests.length = 0;
});

function client(overrides: Partial<ConstructorParameters<typeof MewsClient>[0]> = {}) {
  return new MewsClient({
    platformUrl: stub.url,
    clientToken: CLIENT_TOKEN,
    accessToken: ACCESS_TOKEN,
    client: 'Keycard test 0.0.0',
    timeoutMs: 2_000,
    limiter: new SlidingWindowLimiter({ maxRequests: 1000, windowMs: 1000 }),
    retry: { baseDelayMs: 10, maxDelayMs: 50 },
    ...overrides,
  });
}

const membership = (id: string) => ({
  Id: id, ChainId: 'c', AccountId: 'a', LoyaltyProgramId: 'p', State: 'Enrolled', IsPrimary: true, Points: 1,
});

describe('Mews client', () => {
  it('POSTs to /api/connector/v1/{op} with the tokens and client name in the body', async () => {
    stub.on('configuration/get', () => json({ Enterprise: { Id: 'e', ChainId: 'c', Name: 'Hotel', TimeZoneIdentifier: 'UTC' } }));
    const result = await client().call('configuration/get', {});
    expect(result.Enterprise.Name).toBe('Hotel');
    expect(stub.requests[0]!.body).toMatchObject({
      ClientToken: CLIENT_TOKEN, AccessToken: ACCESS_TOKEN, Client: 'Keycard test 0.0.0',
    });
  });

  it('never exceeds the budget under a burst of 500 calls, queueing instead of failing', async () => {
    const windowMs = 150;
    const maxRequests = 40;
    const limiter = new SlidingWindowLimiter({ maxRequests, windowMs });
    stub.on('loyaltyPrograms/getAll', () => json({ LoyaltyPrograms: [], Cursor: null }));
    const mews = client({ limiter });
    let peakQueue = 0;
    const calls = Array.from({ length: 500 }, () =>
      mews.call('loyaltyPrograms/getAll', { Limitation: { Count: 1 } }).then(() => {
        peakQueue = Math.max(peakQueue, limiter.queueLength);
      }),
    );
    expect(limiter.queueLength).toBeGreaterThan(400);
    await Promise.all(calls);
    expect(stub.count('loyaltyPrograms/getAll')).toBe(500);
    const times = stub.requests.map((r) => r.at).sort((a, b) => a - b);
    let peak = 0;
    for (let i = 0; i < times.length; i++) {
      let j = i;
      while (j < times.length && times[j]! < times[i]! + windowMs) j++;
      peak = Math.max(peak, j - i);
    }
    expect(peak).toBeLessThanOrEqual(maxRequests);
    expect(limiter.queueLength).toBe(0);
  });

  it('honours Retry-After on 429 (seconds) and reports it', async () => {
    let rateLimited = 0;
    stub.on('loyaltyTiers/getAll', (_body, index) =>
      index === 0
        ? json({ Message: 'Too many requests', RequestId: 'r1' }, 429, { 'Retry-After': '1' })
        : json({ LoyaltyTiers: [], Cursor: null }),
    );
    const mews = client({ metrics: { call() {}, rateLimited: () => void rateLimited++, queueLength() {} } });
    await mews.call('loyaltyTiers/getAll', { LoyaltyProgramIds: ['p'], Limitation: { Count: 10 } });
    const [first, second] = stub.requests;
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(990);
    expect(rateLimited).toBe(1);
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    const now = Date.parse('Wed, 21 Oct 2015 07:27:58 GMT');
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', now)).toBe(2000);
    expect(parseRetryAfter('soon')).toBeNull();
    expect(parseRetryAfter(null)).toBeNull();
  });

  it('gives up with a 503 problem when Retry-After is longer than it is willing to wait', async () => {
    stub.on('loyaltyTiers/getAll', () => json({ Message: 'slow down' }, 429, { 'Retry-After': '120' }));
    const error = await client().call('loyaltyTiers/getAll', { LoyaltyProgramIds: ['p'], Limitation: { Count: 1 } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MewsError);
    expect(mewsProblem(error as MewsError)).toMatchObject({ status: 503, retryAfter: 120 });
    expect(stub.count('loyaltyTiers/getAll')).toBe(1);
  });

  it('retries a read after 503', async () => {
    stub.on('loyaltyMemberships/getAll', (_body, index) =>
      index === 0 ? json({ Message: 'unavailable' }, 503) : json({ LoyaltyMemberships: [membership('m1')], Cursor: 'm1' }),
    );
    const result = await client().call('loyaltyMemberships/getAll', { ActivityStates: ['Active'], Limitation: { Count: 10 } });
    expect(result.LoyaltyMemberships).toHaveLength(1);
    expect(stub.count('loyaltyMemberships/getAll')).toBe(2);
  });

  it('retries reads a bounded number of times', async () => {
    stub.on('loyaltyMemberships/getAll', () => json({ Message: 'down' }, 500));
    await expect(client().call('loyaltyMemberships/getAll', { ActivityStates: ['Active'], Limitation: { Count: 1 } })).rejects.toMatchObject({
      kind: 'http', status: 500,
    });
    expect(stub.count('loyaltyMemberships/getAll')).toBe(3);
  });

  it('never retries a write after 5xx or a timeout; the outcome is reported unknown', async () => {
    stub.on('loyaltyMemberships/update', () => json({ Message: 'oops' }, 503));
    const error = (await client()
      .call('loyaltyMemberships/update', { LoyaltyMembershipUpdates: [{ LoyaltyMembershipId: 'm', Points: { Value: 5 } }] })
      .catch((e: unknown) => e)) as MewsError;
    expect(error.outcomeUnknown).toBe(true);
    expect(stub.count('loyaltyMemberships/update')).toBe(1);

    stub.on('loyaltyMemberships/add', async () => {
      await new Promise((r) => setTimeout(r, 400));
      return json({ LoyaltyMemberships: [], Cursor: null });
    });
    const timeout = (await client({ timeoutMs: 100 })
      .call('loyaltyMemberships/add', { LoyaltyMemberships: [{ AccountId: 'a', LoyaltyProgramId: 'p', IsPrimary: true }] })
      .catch((e: unknown) => e)) as MewsError;
    expect(timeout.kind).toBe('timeout');
    expect(timeout.outcomeUnknown).toBe(true);
    expect(mewsProblem(timeout).status).toBe(504);
    expect(stub.count('loyaltyMemberships/add')).toBe(1);
  });

  it('turns garbage JSON into a MewsError and a 502 problem', async () => {
    stub.on('customers/getAll', () => new Response('<html>gateway</html>', { status: 200 }));
    const error = (await client()
      .call('customers/getAll', { Extent: { Customers: true }, CustomerIds: ['x'], Limitation: { Count: 1 } })
      .catch((e: unknown) => e)) as MewsError;
    expect(error).toBeInstanceOf(MewsError);
    expect(error.kind).toBe('invalid-response');
    expect(mewsProblem(error).status).toBe(502);
  });

  it('maps 403 to a 422 carrying the Mews message, 401 to a 502 "proxy misconfigured", without tokens', async () => {
    stub.on('loyaltyMemberships/add', () => json({ Message: 'The customer is blocklisted.', RequestId: 'rq-9' }, 403));
    const forbidden = (await client()
      .call('loyaltyMemberships/add', { LoyaltyMemberships: [{ AccountId: 'a', LoyaltyProgramId: 'p', IsPrimary: true }] })
      .catch((e: unknown) => e)) as MewsError;
    expect(mewsProblem(forbidden)).toMatchObject({ status: 422, detail: 'The customer is blocklisted.', mewsRequestId: 'rq-9' });

    stub.on('configuration/get', () => json({ Message: `Invalid AccessToken ${ACCESS_TOKEN}` }, 401));
    const unauthorized = (await client().call('configuration/get', {}).catch((e: unknown) => e)) as MewsError;
    const problem = mewsProblem(unauthorized);
    expect(problem).toMatchObject({ status: 502, title: 'Proxy misconfigured' });
    const everything = JSON.stringify([unauthorized, unauthorized.message, problem, String(unauthorized.stack)]);
    expect(everything).not.toContain(ACCESS_TOKEN);
    expect(everything).not.toContain(CLIENT_TOKEN);
    expect(stub.count('configuration/get')).toBe(1);
  });

  it('reports an unreachable platform as a network error, retried for reads only', async () => {
    const dead = client({ platformUrl: 'http://127.0.0.1:1' });
    const error = (await dead.call('configuration/get', {}).catch((e: unknown) => e)) as MewsError;
    expect(error.kind).toBe('network');
    expect(mewsProblem(error).status).toBe(502);
  });
});

describe('paginate', () => {
  it('walks Limitation/Cursor pages until a short page', async () => {
    const all = Array.from({ length: 25 }, (_, i) => membership(`m${String(24 - i).padStart(2, '0')}`));
    stub.on('loyaltyMemberships/getAll', (body) => {
      const { Count, Cursor } = body.Limitation as { Count: number; Cursor: string | null };
      const start = Cursor ? all.findIndex((m) => m.Id === Cursor) + 1 : 0;
      const page = all.slice(start, start + Count);
      return json({ LoyaltyMemberships: page, Cursor: page.at(-1)?.Id ?? null });
    });
    const pages: number[] = [];
    for await (const page of paginate(client(), 'loyaltyMemberships/getAll', { AccountIds: ['a'], ActivityStates: ['Active'] }, 'LoyaltyMemberships', { pageSize: 10 })) {
      pages.push(page.length);
    }
    expect(pages).toEqual([10, 10, 5]);
    const cursors = stub.requests.map((r) => (r.body.Limitation as { Cursor: string | null }).Cursor);
    expect(cursors).toEqual([null, 'm15', 'm05']);
    expect(stub.requests[0]!.body.AccountIds).toEqual(['a']);

    stub.requests.length = 0;
    const items = await collectAll(client(), 'loyaltyMemberships/getAll', { ActivityStates: ['Active'] }, 'LoyaltyMemberships', { pageSize: 5 });
    expect(items.map((m) => m.Id)).toEqual(all.map((m) => m.Id));
    // 25 items in pages of 5: the sixth request returns an empty page with a null cursor.
    expect(stub.count('loyaltyMemberships/getAll')).toBe(6);
  });
});
