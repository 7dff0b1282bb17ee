// @vitest-environment node
/** Issue 18 #10: a proxy whose port is in use says which, and how to choose another (PORT). */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('npm run proxy on a port in use', () => {
  it('says which port and how to choose another, without a stack trace', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keycard-port-'));
    let blocker: Server | null = null;
    const port = await new Promise<number>((resolve) => {
      blocker = createServer().listen(0, '127.0.0.1', () => resolve((blocker!.address() as { port: number }).port));
    });
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      execFile(`${root}node_modules/.bin/tsx`, ['server/proxy/main.ts'], {
        cwd: root, timeout: 20_000,
        env: { ...process.env, PORT: String(port), DATABASE_URL: join(dir, 'keycard.sqlite'), LOG_LEVEL: 'silent', STAY_POLL_MS: '0', MEMBERSHIP_SWEEP_MS: '0' },
      }, (error, _stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stderr }));
    });
    (blocker as Server | null)?.close();
    await rm(dir, { recursive: true, force: true });
    expect(code).not.toBe(0);
    expect(stderr).toContain(`port ${port} on 127.0.0.1 is already in use`);
    expect(stderr).toContain('PORT=');
    expect(stderr).not.toMatch(/\n\s+at /);
  }, 30_000);
});
