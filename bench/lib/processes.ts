/** Child processes for benchmarks: start, wait until they answer, measure their memory. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

/** Sums `read(pid)` over a process and all its descendants (tsx runs the script in a child). */
function sumOverTree(pid: number, read: (id: number) => number): number {
  let total = 0;
  const visit = (id: number) => {
    try {
      total += read(id);
      for (const task of readdirSync(`/proc/${id}/task`)) {
        const children = readFileSync(`/proc/${id}/task/${task}/children`, 'utf8').trim();
        for (const child of children.split(/\s+/).filter(Boolean)) visit(Number(child));
      }
    } catch {
      // the process ended meanwhile
    }
  };
  visit(pid);
  return total;
}

/** Resident memory of a process and all its descendants, in MiB. */
export function treeRssMiB(pid: number): number {
  const kib = (id: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${id}/status`, 'utf8'))?.[1] ?? 0);
  return sumOverTree(pid, kib) / 1024;
}

/**
 * CPU time (user + system) a process and its descendants have used so far, in seconds. Read
 * before and after a load, it gives the server's own CPU per request, which does not depend on
 * how much of the 2 cores the load generator took.
 */
export function treeCpuSeconds(pid: number): number {
  const USER_HZ = 100;
  // After the command name, utime and stime are the 12th and 13th fields.
  const ticks = (id: number) => {
    const fields = readFileSync(`/proc/${id}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return Number(fields[11]) + Number(fields[12]);
  };
  return sumOverTree(pid, ticks) / USER_HZ;
}

/** Samples `treeRssMiB` every `everyMs` until stopped; returns the peak. */
export function sampleRss(pid: number, everyMs = 250): () => number {
  let peak = treeRssMiB(pid);
  const timer = setInterval(() => {
    peak = Math.max(peak, treeRssMiB(pid));
  }, everyMs);
  return () => {
    clearInterval(timer);
    return peak;
  };
}

export async function startScript(script: string, env: Record<string, string>, readyUrl: string): Promise<ChildProcess> {
  const child = spawn(`${process.cwd()}/node_modules/.bin/tsx`, [script], { env: { ...process.env, ...env }, stdio: 'ignore' });
  for (let i = 0; i < 200; i += 1) {
    try {
      if ((await fetch(readyUrl)).ok) return child;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`${script} did not answer ${readyUrl}`);
}

export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}
