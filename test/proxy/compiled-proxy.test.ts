// @vitest-environment node
/**
 * Production runs compiled JavaScript (issue 19): `npm run build:proxy` bundles the proxy and its
 * CLI with esbuild into dist/proxy, and plain `node` runs them — no tsx, no TypeScript at run time.
 * The bundle keeps npm packages external (better-sqlite3 and pg load their own native parts),
 * and still knows its version when it is run from dist/.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from './support/harness';

const ROOT = process.cwd();
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

let temp: ReturnType<typeof tempDir>;
let out: string;
beforeAll(() => {
  temp = tempDir('keycard-compiled-');
  // Inside the repository, as in production: the bundle finds the installed npm packages from there.
  out = join(ROOT, 'dist', `test-${process.pid}-${Date.now()}`);
  const built = spawnSync(process.execPath, ['scripts/build-proxy.mjs', '--outdir', out], { cwd: ROOT, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`build-proxy failed:\n${built.stdout}\n${built.stderr}`);
});
afterAll(() => {
  temp.remove();
  rmSync(out, { recursive: true, force: true });
});

describe('the compiled proxy', { timeout: 60_000 }, () => {
  it('is plain JavaScript: main.mjs and cli.mjs, with no tsx or TypeScript left in them', () => {
    for (const file of ['main.mjs', 'cli.mjs']) {
      const path = join(out, file);
      expect(existsSync(path), path).toBe(true);
      const code = readFileSync(path, 'utf8');
      expect(code).not.toMatch(/from ["']tsx|interface \w+ \{|: Promise<\w+>/);
      // npm packages stay outside the bundle (their native parts load as installed).
      expect(code).toMatch(/from ["']better-sqlite3["']|import\(["']better-sqlite3["']\)/);
    }
  });

  it('node runs the CLI and the server: a pairing code, then /health with the package version', async () => {
    const databaseUrl = `sqlite:${join(temp.dir, 'keycard.sqlite')}`;
    const env = { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' };
    const cli = spawnSync(process.execPath, [join(out, 'cli.mjs'), 'pair', '--name', 'Desk 1'], { env, encoding: 'utf8', cwd: temp.dir });
    expect(cli.status, cli.stderr).toBe(0);
    expect(cli.stdout).toMatch(/^Pairing code: \S{4}-\S{4}$/m);

    const port = await freePort();
    // Run from another directory: nothing may depend on the repository's layout at run time.
    const server = spawn(process.execPath, [join(out, 'main.mjs')], {
      cwd: temp.dir,
      env: { ...env, PORT: String(port), HOST: '127.0.0.1', MEWS_PLATFORM_URL: `http://127.0.0.1:${await freePort()}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    server.stdout.on('data', (chunk) => (output += chunk));
    server.stderr.on('data', (chunk) => (output += chunk));
    try {
      let health: { version?: string } | null = null;
      for (let tries = 0; tries < 100 && !health; tries += 1) {
        health = await fetch(`http://127.0.0.1:${port}/health`).then((r) => (r.ok ? r.json() : null), () => null);
        if (!health) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(health, output).not.toBeNull();
      expect(health!.version).toBe(VERSION);
    } finally {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
  });
});
