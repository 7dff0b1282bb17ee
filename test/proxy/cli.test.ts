// @vitest-environment node
/**
 * The CLI and the server as processes: `keycard pair` prints a code the proxy accepts, and
 * `npm run proxy` listens, answers /health and stops cleanly on SIGTERM.
 */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redeemPairingCode } from '../../server/proxy/auth/pairing';
import { authenticatePartner } from '../../server/proxy/auth/partner-tokens';
import { openStore } from '../../server/proxy/store/db';
import { tempDir } from './support/harness';
import { runKeycard } from './support/keycard-cli';

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');

let temp: ReturnType<typeof tempDir>;
let databaseUrl: string;
beforeAll(() => {
  temp = tempDir('keycard-cli-');
  databaseUrl = `sqlite:${join(temp.dir, 'keycard.sqlite')}`;
});
afterAll(() => temp.remove());

const keycard = (...args: string[]) => runKeycard(databaseUrl, args);

describe('keycard CLI', { timeout: 90_000 }, () => {
  it('pair prints "Pairing code: XXXX-XXXX" and the code pairs a manager once', async () => {
    const out = keycard('pair', '--name', 'Desk 1', '--role', 'manager');
    expect(out.code, out.stderr).toBe(0);
    const match = /^Pairing code: ([2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4})$/m.exec(out.stdout);
    expect(match, out.stdout).not.toBeNull();
    expect(out.stdout).toMatch(/Expires: \d{4}-\d\d-\d\dT/);

    const store = await openStore(databaseUrl);
    try {
      const { device } = await redeemPairingCode(store, { code: match![1]! });
      expect(device).toMatchObject({ name: 'Desk 1', role: 'manager' });
    } finally {
      await store.close();
    }

    const listed = keycard('devices');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/ID\s+NAME\s+ROLE\s+LAST SEEN\s+STATUS/);
    expect(listed.stdout).toMatch(/Desk 1\s+manager\s+never\s+active/);

    const id = /^([0-9a-f-]{36})\s/m.exec(listed.stdout)![1]!;
    const revoked = keycard('revoke', id);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(keycard('devices').stdout).toMatch(/revoked \d{4}-/);
  });

  it('partner-token: create prints a token once, two work at once (rotation), revoke stops one at once', async () => {
    const first = keycard('partner-token', 'create', '--name', 'Mews demo');
    expect(first.code, first.stderr).toBe(0);
    const oldToken = /^Partner token: (kcp_\S+)$/m.exec(first.stdout)?.[1];
    expect(oldToken, first.stdout).toBeDefined();
    const second = keycard('partner-token', 'create', '--name', 'Mews demo 2027');
    const newToken = /^Partner token: (kcp_\S+)$/m.exec(second.stdout)?.[1]!;

    const store = await openStore(databaseUrl);
    try {
      expect((await authenticatePartner(store.db, oldToken))?.name).toBe('Mews demo');
      expect((await authenticatePartner(store.db, newToken))?.name).toBe('Mews demo 2027');
      // Only hashes are stored.
      const stored = JSON.stringify(await store.db.selectFrom('partner_tokens').selectAll().execute());
      expect(stored).not.toContain(oldToken!.slice(4));
      const list = keycard('partner-token', 'list');
      expect(list.stdout).toMatch(/Mews demo\s.*active/);
      const id = (await authenticatePartner(store.db, oldToken))!.id;
      const revoked = keycard('partner-token', 'revoke', id);
      expect(revoked.code, revoked.stderr).toBe(0);
      expect(await authenticatePartner(store.db, oldToken)).toBeUndefined();
      expect((await authenticatePartner(store.db, newToken))?.name).toBe('Mews demo 2027');
      expect(await authenticatePartner(store.db, 'kcp_' + 'x'.repeat(43))).toBeUndefined();
      expect(keycard('partner-token', 'list').stdout).toMatch(/Mews demo\s.*revoked/);
      const audit = await store.db.selectFrom('audit_log').select('action').where('action', 'like', 'partner-token.%').execute();
      expect(audit.map((a) => a.action).sort()).toEqual(['partner-token.created', 'partner-token.created', 'partner-token.revoked']);
    } finally {
      await store.close();
    }
    const bad = keycard('partner-token', 'create');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--name/);
    expect(keycard('partner-token', 'revoke', 'no-such-id').stderr).toMatch(/No partner token with id no-such-id/);
  });

  it('reports mistakes on stderr with exit code 1', () => {
    for (const args of [['pair', '--role', 'desk'], ['pair', '--name', 'X', '--role', 'boss'], ['revoke', 'no-such-id'], ['frobnicate'], ['pair', '--bogus']]) {
      const out = keycard(...args);
      expect(out.code, args.join(' ')).toBe(1);
      expect(out.stderr, args.join(' ')).toMatch(/^keycard: /);
      expect(out.stdout).toBe('');
    }
  });

  it('--help prints usage', () => {
    const out = keycard('--help');
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('pair --name');
  });
});

describe('npm run proxy (server/proxy/main.ts)', { timeout: 60_000 }, () => {
  it('listens on HOST:PORT, serves /health, and exits 0 on SIGTERM', async () => {
    const child = spawn(TSX, ['server/proxy/main.ts'], {
      // Mews at a closed port: the loyalty module's poller must not touch a sandbox someone runs.
      env: { ...process.env, DATABASE_URL: databaseUrl, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', MEWS_PLATFORM_URL: 'http://127.0.0.1:9' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no listening line; stderr: ${stderr}`)), 20_000);
      child.stdout.on('data', (d) => {
        stdout += d;
        const m = /listening on (http:\/\/\S+)/.exec(stdout);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
    });
    const health = await fetch(`${url}/health`);
    expect(await health.json()).toMatchObject({ status: 'ok', store: 'sqlite' });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('refuses a bad configuration naming the variable', () => {
    const out = spawnSync(TSX, ['server/proxy/main.ts'], { env: { ...process.env, PORT: 'eighty' }, encoding: 'utf8', timeout: 30_000 });
    expect(out.status).toBe(1);
    expect(out.stderr).toContain('PORT');
  });
});
