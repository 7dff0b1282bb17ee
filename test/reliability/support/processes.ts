/**
 * Real processes for the reliability suites: the proxy as a child process (`tsx
 * server/proxy/main.ts`, real HTTP, SIGKILL-able and restartable on the same port and store),
 * the Mews sandbox in-process on a free port, and small helpers to talk to both.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { mintPairingCode } from '../../../server/proxy/auth/pairing';
import type { DeviceRole } from '../../../lib/contract';
import { openStore, type Store } from '../../../server/proxy/store/db';
import { DEMO_ACCESS_TOKEN, DEMO_CLIENT_TOKEN } from '../../../server/sandbox/core/seed';
import type { RunningSandbox } from '../../../server/sandbox/server';
import { PG_URL } from '../../proxy/support/postgres';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** True when the long (soak) variants were asked for: `npm run test:soak`. */
export const SOAK = process.env.KEYCARD_SOAK === '1';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** One proxy child process; `kill()` is SIGKILL (no shutdown hooks), `start()` restarts it. */
export class ProxyProcess {
  readonly url: string;
  child: ChildProcess | null = null;
  /** Every line the proxy printed, across restarts (pino JSON on stdout, errors on stderr). */
  readonly lines: string[] = [];
  private partial = '';

  constructor(
    readonly port: number,
    readonly env: Record<string, string>,
    readonly name = 'proxy',
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  /** Starts the proxy and resolves once `/health` answers. */
  async start(timeoutMs = 30_000): Promise<void> {
    // `node --import tsx`, not the tsx CLI: the CLI runs the script in a grandchild that a
    // SIGKILL of the CLI would orphan (still listening), which would fake every "crash".
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/proxy/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(this.port), HOST: '127.0.0.1', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const keep = (chunk: Buffer) => {
      const text = this.partial + chunk.toString('utf8');
      const parts = text.split('\n');
      this.partial = parts.pop() ?? '';
      for (const line of parts) if (line) this.lines.push(line);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`${this.name} exited (${child.exitCode ?? child.signalCode}):\n${this.lines.slice(-20).join('\n')}`);
      }
      try {
        const res = await fetch(`${this.url}/health`, { signal: AbortSignal.timeout(1000) });
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await sleep(50);
    }
    throw new Error(`${this.name} did not answer /health within ${timeoutMs} ms:\n${this.lines.slice(-20).join('\n')}`);
  }

  /** SIGKILL: the process dies mid-whatever, exactly like a power cut of the process. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  /** SIGTERM and wait (clean shutdown), SIGKILL after 10 s. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

/** Pairs a device through the proxy's real `/v1/pair` with a code minted in the store. */
export async function pairDevice(proxyUrl: string, store: Store, role: DeviceRole = 'desk', name = 'Desk'): Promise<{ token: string; deviceId: string }> {
  const { code } = await mintPairingCode(store, { deviceName: name, role });
  const res = await fetch(`${proxyUrl}/v1/pair`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ code }),
  });
  if (res.status !== 201) throw new Error(`pair: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { token: string; device: { id: string } };
  return { token: body.token, deviceId: body.device.id };
}

/** Ends what a scenario started, whatever state it stopped in: its store handle, the proxy, the sandbox, the files and schema. */
export async function tearDown(parts: {
  store: Store | null; proxy: ProxyProcess; sandbox: RunningSandbox; temp: { remove(): void }; pg?: { drop(): Promise<void> } | null;
}): Promise<void> {
  await parts.store?.close().catch(() => {});
  await parts.proxy.kill();
  await parts.sandbox.close();
  await parts.pg?.drop().catch(() => {});
  parts.temp.remove();
}

/** Opens the proxy's store from the test process (WAL SQLite and PostgreSQL both allow it). */
export function openProxyStore(databaseUrl: string, pgSchema?: string): Promise<Store> {
  return openStore(databaseUrl, pgSchema ? { pgSchema, pgPoolMax: 2 } : {});
}

/** Calls the sandbox's Connector API directly, as Mews itself would answer. */
export async function mewsCall<T = any>(sandboxUrl: string, op: string, body: Record<string, unknown>): Promise<T> {
  const res = await fetch(`${sandboxUrl}/api/connector/v1/${op}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ ClientToken: DEMO_CLIENT_TOKEN, AccessToken: DEMO_ACCESS_TOKEN, Client: 'Keycard reliability', ...body }),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${op} ${res.status}: ${JSON.stringify(json)}`);
  return json as T;
}

export interface MewsMembership {
  Id: string;
  AccountId: string;
  LoyaltyProgramId: string;
  Points: number | null;
}

/** Active memberships as Mews holds them now (first `count`). */
export async function mewsMemberships(sandboxUrl: string, ids?: string[], count = 100): Promise<MewsMembership[]> {
  const { LoyaltyMemberships } = await mewsCall<{ LoyaltyMemberships: MewsMembership[] }>(sandboxUrl, 'loyaltyMemberships/getAll', {
    ActivityStates: ['Active'],
    ...(ids ? { LoyaltyMembershipIds: ids } : {}),
    Limitation: { Count: ids ? Math.max(ids.length, 1) : count },
  });
  return LoyaltyMemberships;
}

/** Sets the sandbox's injected faults. */
export async function setFaults(sandboxUrl: string, faults: Record<string, number>): Promise<void> {
  const res = await fetch(`${sandboxUrl}/_sandbox/faults`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(faults),
  });
  if (!res.ok) throw new Error(`faults ${res.status}: ${await res.text()}`);
}

async function pgAdmin(sqlText: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(sqlText);
  } finally {
    await client.end();
  }
}

/**
 * A fresh PostgreSQL schema for proxy processes to share: `url` is their DATABASE_URL (the
 * schema chosen with `?options=-c search_path=…`), `drop()` removes it and all it holds.
 */
export async function pgSchema(prefix: string): Promise<{ schema: string; url: string; drop(): Promise<void> }> {
  const schema = `${prefix}_${randomBytes(5).toString('hex')}`;
  await pgAdmin(`create schema "${schema}"`);
  const url = `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  return { schema, url, drop: () => pgAdmin(`drop schema if exists "${schema}" cascade`) };
}
