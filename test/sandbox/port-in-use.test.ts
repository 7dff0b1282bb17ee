// @vitest-environment node
/**
 * Issue 18 #10: `npm run sandbox` listens where `npm start` puts it (SANDBOX_PORT), and a port
 * in use is said in words, with how to choose another, not as a stack trace.
 */
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

function run(script: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(`${root}node_modules/.bin/tsx`, [script], { cwd: root, env: { ...process.env, ...env }, timeout: 20_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }));
    child.stdout?.on('data', (chunk: string) => {
      if (chunk.includes('listening on')) child.kill('SIGTERM');
    });
  });
}

let blocker: Server | null = null;
const occupy = () =>
  new Promise<number>((resolve) => {
    blocker = createServer().listen(0, '127.0.0.1', () => resolve((blocker!.address() as { port: number }).port));
  });
afterEach(() => void blocker?.close());

describe('npm run sandbox and its port', () => {
  it('reads SANDBOX_PORT, as npm start does', async () => {
    const port = await occupy();
    await new Promise<void>((resolve) => blocker!.close(() => resolve()));
    blocker = null;
    const { stdout } = await run('server/sandbox/main.ts', { SANDBOX_PORT: String(port), PORT: '1' });
    expect(stdout).toContain(`Mews sandbox listening on http://127.0.0.1:${port}`);
  }, 30_000);

  it('a port in use: says which and how to choose another, without a stack trace', async () => {
    const port = await occupy();
    const { code, stderr } = await run('server/sandbox/main.ts', { SANDBOX_PORT: String(port) });
    expect(code).not.toBe(0);
    expect(stderr).toContain(`port ${port} on 127.0.0.1 is already in use`);
    expect(stderr).toContain('SANDBOX_PORT=');
    expect(stderr).not.toMatch(/\n\s+at /);
  }, 30_000);
});
