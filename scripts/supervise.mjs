/**
 * Keeps one part of `npm start` running: a part that dies is started again (after 0.5 s, then
 * longer), so killing the proxy no longer stops the sandbox too (issue 18 #4). A part that
 * keeps dying (5 times within a minute) is given up on, with the reason, and `onGiveUp` runs.
 */
import { spawn } from 'node:child_process';

const MOST_RESTARTS = 5;
const WITHIN_MS = 60_000;

/**
 * @param {object} part
 * @param {string} part.name            shown before each line it prints, e.g. "proxy"
 * @param {string} part.command
 * @param {string[]} part.args
 * @param {object} [part.options]        spawn options (cwd, env)
 * @param {(text: string) => void} [part.out]   where its output goes (default: this process's stdout/stderr)
 * @param {(name: string, why: string) => void} [part.onGiveUp]
 * @param {(name: string) => void} [part.onRestart]  after each restart (e.g. wire webhooks again)
 * @param {number} [part.firstWaitMs]   the first restart's wait (default 500 ms; doubles, at most 8×)
 * @returns {{ child: () => import('node:child_process').ChildProcess, stop: () => Promise<void> }}
 */
export function supervise(part) {
  const out = part.out ?? ((text) => process.stdout.write(text));
  const prefix = (chunk) => chunk.toString().replace(/^(?=.)/gm, `[${part.name}] `);
  const deaths = [];
  let stopping = false;
  let child;

  function start() {
    child = spawn(part.command, part.args, { ...part.options, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk) => out(prefix(chunk)));
    child.stderr.on('data', (chunk) => out(prefix(chunk)));
    child.on('exit', (code, signal) => {
      if (stopping) return;
      const now = Date.now();
      deaths.push(now);
      while (deaths.length && deaths[0] < now - WITHIN_MS) deaths.shift();
      const why = signal ?? `exit ${code}`;
      if (deaths.length > MOST_RESTARTS) {
        out(`[${part.name}] stopped ${deaths.length} times within a minute (last: ${why}); not starting it again.\n`);
        part.onGiveUp?.(part.name, why);
        return;
      }
      const first = part.firstWaitMs ?? 500;
      const wait = Math.min(first * 8, first * 2 ** (deaths.length - 1));
      out(`[${part.name}] stopped unexpectedly (${why}); starting it again in ${wait / 1000} s.\n`);
      setTimeout(() => {
        if (stopping) return;
        start();
        part.onRestart?.(part.name);
      }, wait).unref();
    });
  }
  start();

  return {
    child: () => child,
    stop: () =>
      new Promise((resolve) => {
        stopping = true;
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
      }),
  };
}
