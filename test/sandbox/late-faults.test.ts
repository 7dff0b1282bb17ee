// @vitest-environment node
// The faults real networks produce and the first sandbox did not model, over real HTTP:
// a write Mews applies after the client gave up, a write whose answer is lost after it was
// applied, and a read answered late with what Mews held when it arrived.
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../server/sandbox/server.ts';
import { AUTH } from './helpers.ts';

let sandbox: RunningSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function api(op: string, body: object, init: RequestInit = {}) {
  const res = await fetch(`${sandbox!.url}/api/connector/v1/${op}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...AUTH, ...body }),
    ...init,
  });
  return { status: res.status, json: await res.json() };
}

async function faults(body: object) {
  const res = await fetch(`${sandbox!.url}/_sandbox/faults`, { method: 'POST', body: JSON.stringify(body) });
  expect(res.status).toBe(200);
  return res.json();
}

async function firstMembership(): Promise<{ Id: string; Points: number }> {
  const { json } = await api('loyaltyMemberships/getAll', { ActivityStates: ['Active'], Limitation: { Count: 1 } });
  return json.LoyaltyMemberships[0];
}

const setPoints = (id: string, value: number, init: RequestInit = {}) =>
  api('loyaltyMemberships/update', { LoyaltyMembershipUpdates: [{ LoyaltyMembershipId: id, Points: { Value: value } }] }, init);

describe('late and lost Mews answers', () => {
  it('applies a late write after the client has given up', async () => {
    sandbox = await startSandbox({ port: 0, customers: 20 });
    const m = await firstMembership();
    expect(await faults({ applyLateMs: 400 })).toMatchObject({ applyLateMs: 400, applyLateRate: 1 });
    await expect(setPoints(m.Id, m.Points + 7, { signal: AbortSignal.timeout(100) })).rejects.toThrow();
    await faults({ applyLateRate: 0 });
    expect((await firstMembership()).Points).toBe(m.Points); // not yet
    await sleep(500);
    expect((await firstMembership()).Points).toBe(m.Points + 7); // landed late
  });

  it('applies a write and then drops its answer', async () => {
    sandbox = await startSandbox({ port: 0, customers: 20 });
    const m = await firstMembership();
    await faults({ dropAnswerAfterApplyRate: 1 });
    await expect(setPoints(m.Id, m.Points + 3)).rejects.toThrow();
    await faults({ dropAnswerAfterApplyRate: 0 });
    expect((await firstMembership()).Points).toBe(m.Points + 3);
  });

  it('answers a slow read with what Mews held when the read arrived', async () => {
    sandbox = await startSandbox({ port: 0, customers: 20 });
    const m = await firstMembership();
    await faults({ readLateMs: 300 });
    const slow = api('loyaltyMemberships/getAll', { LoyaltyMembershipIds: [m.Id], ActivityStates: ['Active'], Limitation: { Count: 1 } });
    await sleep(50);
    await faults({ readLateRate: 0 });
    expect((await setPoints(m.Id, m.Points + 11)).status).toBe(200);
    const { json } = await slow;
    expect(json.LoyaltyMemberships[0].Points).toBe(m.Points); // stale: read before the write
    expect((await firstMembership()).Points).toBe(m.Points + 11);
  });

  it('refuses rates outside 0..1 and negative delays', async () => {
    sandbox = await startSandbox({ port: 0, customers: 20 });
    for (const body of [{ applyLateRate: 2 }, { dropAnswerAfterApplyRate: -0.1 }, { readLateMs: -5 }]) {
      const res = await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'POST', body: JSON.stringify(body) });
      expect(res.status).toBe(400);
    }
  });
});
