/**
 * `npm start` keeps each part running (issue 18 #4: killing the proxy stopped the sandbox too,
 * and nothing came back). Real processes: a part killed with SIGKILL is started again, the
 * other parts are untouched, and a part that keeps dying is given up on, saying so.
 */
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module script of npm start, without types
import { supervise } from '../../scripts/supervise.mjs';

const parts: Array<{ stop: () => Promise<void> }> = [];
afterEach(async () => {
  for (const part of parts.splice(0)) await part.stop();
});

const until = async (check: () => boolean, what: string, timeoutMs = 10_000) => {
  for (let i = 0; i < timeoutMs / 50 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
};

describe('npm start: each part is kept running', () => {
  it('starts a killed part again and leaves the others running', async () => {
    let printed = '';
    const forever = ['-e', 'console.log("up " + process.pid); setInterval(() => {}, 1000)'];
    const proxy = supervise({ name: 'proxy', command: process.execPath, args: forever, out: (text: string) => (printed += text) });
    const sandbox = supervise({ name: 'sandbox', command: process.execPath, args: forever, out: (text: string) => (printed += text) });
    parts.push(proxy, sandbox);
    await until(() => (printed.match(/\[proxy\] up/g) ?? []).length === 1 && printed.includes('[sandbox] up'), 'both parts up');
    const sandboxPid = sandbox.child().pid;
    const firstProxy = proxy.child().pid;
    proxy.child().kill('SIGKILL');
    await until(() => (printed.match(/\[proxy\] up/g) ?? []).length === 2, 'the proxy started again');
    expect(printed).toContain('[proxy] stopped unexpectedly (SIGKILL); starting it again in 0.5 s.');
    expect(proxy.child().pid).not.toBe(firstProxy);
    expect(sandbox.child().pid).toBe(sandboxPid);
    expect(sandbox.child().exitCode).toBeNull();
  });

  it('gives up on a part that keeps dying, and says so', { timeout: 40_000 }, async () => {
    let printed = '';
    let gaveUp = '';
    const part = supervise({
      name: 'proxy',
      command: process.execPath,
      args: ['-e', 'process.exit(3)'],
      firstWaitMs: 50,
      out: (text: string) => (printed += text),
      onGiveUp: (name: string, why: string) => (gaveUp = `${name}: ${why}`),
    });
    parts.push(part);
    await until(() => gaveUp !== '', 'giving up', 30_000);
    expect(gaveUp).toBe('proxy: exit 3');
    expect(printed).toContain('[proxy] stopped 6 times within a minute (last: exit 3); not starting it again.');
  });
});
