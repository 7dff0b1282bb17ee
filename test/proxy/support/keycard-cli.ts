/** `npm run keycard -- …` as a real process against one store, as a manager runs it. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the CLI with `DATABASE_URL` (and any `env`) and waits for it.
 *
 * @example
 * const out = runKeycard(databaseUrl, ['pair', '--name', 'Desk 1']);
 * /^Pairing code: (\S+)$/m.exec(out.stdout);
 */
export function runKeycard(databaseUrl: string, args: string[], env: Record<string, string> = {}): CliRun {
  const result = spawnSync(TSX, ['server/proxy/cli.ts', ...args], {
    env: { ...process.env, DATABASE_URL: databaseUrl, ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
