/** The facts a figure needs to be read fairly: which machine, which code, when. */
import { execFileSync } from 'node:child_process';
import { cpus, freemem, totalmem } from 'node:os';

export interface MachineFacts {
  date: string;
  commit: string;
  node: string;
  cpu: string;
  cores: number;
  memoryGiB: number;
  freeMemoryGiB: number;
  chromium: string | null;
}

function quiet(command: string, args: string[]): string | null {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

export function machineFacts(): MachineFacts {
  const dirty = quiet('git', ['status', '--porcelain', '--untracked-files=no']);
  const commit = quiet('git', ['rev-parse', '--short', 'HEAD']) ?? 'unknown';
  return {
    date: new Date().toISOString(),
    commit: dirty ? `${commit}+changes` : commit,
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    freeMemoryGiB: Math.round(freemem() / 2 ** 30),
    chromium: quiet(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', ['--version'])?.replace(/^.*?Chromium /, '') ?? null,
  };
}
