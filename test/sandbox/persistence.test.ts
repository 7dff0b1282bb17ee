/**
 * A restarted sandbox is the same "Mews" (issue 18 #4): before, `npm run sandbox` reseeded on
 * every start while the proxy kept its mirror, and a guest's History jumped with no entry.
 * The real `npm run sandbox` process is started, changed, stopped and started again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSandbox } from '../../server/sandbox/app.ts';
import { snapshotOf, storeFromSnapshot } from '../../server/sandbox/core/snapshot.ts';
import { api, call } from './helpers.ts';

const root = join(import.meta.dirname, '..', '..');
const running: ChildProcess[] = [];
const folders: string[] = [];

/** Starts `server/sandbox/main.ts` as `npm run sandbox` does; resolves with its URL once it listens. */
function startSandboxProcess(dataFile: string, ...args: string[]): Promise<{ url: string; child: ChildProcess; out: () => string }> {
  const child = spawn(join(root, 'node_modules/.bin/tsx'), ['server/sandbox/main.ts', ...args], {
    cwd: root,
    env: { ...process.env, SANDBOX_PORT: '0', SANDBOX_DATA: dataFile, SANDBOX_CUSTOMERS: '60' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let out = '';
  return new Promise((resolve, reject) => {
    const read = (chunk: Buffer) => {
      out += chunk.toString();
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      if (url) resolve({ url, child, out: () => out });
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => reject(new Error(`sandbox exited ${code}: ${out}`)));
  });
}

const stop = (child: ChildProcess) => new Promise((resolve) => (child.once('exit', resolve), child.kill('SIGTERM')));

async function firstMembership(url: string) {
  const answer = await api(url, 'loyaltyMemberships/getAll', { ActivityStates: ['Active'], Limitation: { Count: 1 } });
  return answer.json.LoyaltyMemberships[0] as { Id: string; Points: number };
}

afterEach(async () => {
  // SIGTERM: tsx passes it on to the sandbox (a SIGKILL would leave tsx's child running).
  for (const child of running.splice(0)) if (child.exitCode === null && child.signalCode === null) await stop(child);
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describe('sandbox persistence', () => {
  it('a snapshot rebuilds the same store, indexes included', async () => {
    const sandbox = createSandbox({ customers: 40 });
    const member = (await call(sandbox.app, 'loyaltyMemberships/getAll', { ActivityStates: ['Active'], Limitation: { Count: 1 } })).json.LoyaltyMemberships[0];
    await call(sandbox.app, 'loyaltyMemberships/update', { LoyaltyMembershipUpdates: [{ LoyaltyMembershipId: member.Id, Points: { Value: 4242 } }] });
    const again = createSandbox({ customers: 40, store: storeFromSnapshot(snapshotOf(sandbox.state.store)) });
    const byAccount = await call(again.app, 'loyaltyMemberships/getAll', { AccountIds: [member.AccountId], ActivityStates: ['Active'], Limitation: { Count: 10 } });
    expect(byAccount.json.LoyaltyMemberships.find((m: { Id: string }) => m.Id === member.Id).Points).toBe(4242);
    const all = async (app: typeof sandbox.app) => (await call(app, 'customers/getAll', { Extent: { Customers: true }, Limitation: { Count: 1000 } })).json.Customers;
    expect(await all(again.app)).toEqual(await all(sandbox.app));
  });

  it('npm run sandbox keeps its data across a restart, and --fresh seeds anew', { timeout: 60_000 }, async () => {
    const folder = mkdtempSync(join(tmpdir(), 'keycard-sandbox-'));
    folders.push(folder);
    const dataFile = join(folder, 'sandbox.json');
    const first = await startSandboxProcess(dataFile);
    const member = await firstMembership(first.url);
    const changed = member.Points + 1234;
    const update = await api(first.url, 'loyaltyMemberships/update', { LoyaltyMembershipUpdates: [{ LoyaltyMembershipId: member.Id, Points: { Value: changed } }] });
    expect(update.status).toBe(200);
    await stop(first.child);

    const second = await startSandboxProcess(dataFile);
    expect(second.out()).toContain(`restored from ${dataFile}`);
    expect((await firstMembership(second.url)).Points).toBe(changed);
    await stop(second.child);

    const third = await startSandboxProcess(dataFile, '--fresh');
    expect((await firstMembership(third.url)).Points).toBe(member.Points);
  });

  it('a damaged save is named, not silently reseeded over', { timeout: 30_000 }, async () => {
    const folder = mkdtempSync(join(tmpdir(), 'keycard-sandbox-'));
    folders.push(folder);
    const dataFile = join(folder, 'sandbox.json');
    writeFileSync(dataFile, '{"version": 99}');
    await expect(startSandboxProcess(dataFile)).rejects.toThrow(/cannot read the sandbox's saved data in .*sandbox\.json: sandbox snapshot version 99 is not 1; start with --fresh/);
  });
});
