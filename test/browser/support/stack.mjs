/**
 * Starts the real Keycard stack for browser tests: the Mews sandbox and the proxy as child
 * processes on free loopback ports, the proxy with a fresh SQLite file. Real HTTP throughout.
 *
 * @example
 *   const stack = await startStack();
 *   const code = await stack.pairingCode('Desk 1', 'desk');
 *   ...
 *   await stack.stop();
 */
import { spawn, execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

const run = promisify(execFile);
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const TSX = join(ROOT, 'node_modules/.bin/tsx');

/** The public Mews demo tokens; the sandbox accepts them (they are public, see FACTS.md §2). */
export const DEMO = {
  ClientToken: 'E0D439EE522F44368DC78E1BFB03710C-D24FB11DBE31D4621C4817E028D9E1D',
  AccessToken: 'C66EF7B239D24632943D115EDE9CB810-EA00F8FD8294692C940F6B5A8F9453D',
  Client: 'Keycard browser tests 1.0',
};

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url, child, name, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode}:\n${child.output()}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${name} did not answer ${url} within ${timeoutMs} ms:\n${child.output()}`);
}

/** Runs `script` with tsx, or with plain node when it is compiled JavaScript (dist/proxy/main.mjs). */
function startChild(name, script, env) {
  const child = spawn(script.endsWith('.mjs') ? process.execPath : TSX, [script], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk) => {
    output = (output + chunk).slice(-20_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.output = () => output;
  return child;
}

async function stopChild(child) {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/**
/** Runs the proxy's CLI against a store, as hotel IT would; resolves with its stdout. */
async function cli(databaseUrl, args) {
  const { stdout } = await run(TSX, ['server/proxy/cli.ts', ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl } });
  return stdout;
}

/**
 * @param {{ customers?: number, proxy?: boolean, proxyEnv?: Record<string,string>, proxyScript?: string, sandboxScript?: string, partner?: boolean }} [options]
 *   `proxyScript` runs another proxy entry, e.g. the compiled `dist/proxy/main.mjs` (run by node).
 *   `sandboxScript` runs another entry instead of server/sandbox/main.ts (same env contract:
 *   SANDBOX_PORT or PORT, HOST, SANDBOX_CUSTOMERS), e.g. the benchmarks' sandbox with Mews's budget raised.
 *   `partner` gives the sandbox a partner token for the proxy's Loyalty Partner API, as
 *   `npm start` does, so its guest page's Loyalty section asks Keycard.
 */
export async function startStack(options = {}) {
  const dataDir = await mkdtemp(join(tmpdir(), 'keycard-stack-'));
  const sandboxPort = await freePort();
  const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
  const databaseUrl = join(dataDir, 'keycard.sqlite');
  const proxyPort = options.proxy !== false ? await freePort() : undefined;
  const partnerEnv = {};
  if (options.partner && proxyPort) {
    const match = /Partner token: (\S+)/.exec(await cli(databaseUrl, ['partner-token', 'create', '--name', 'Sandbox Mews']));
    if (!match) throw new Error('no partner token in CLI output');
    Object.assign(partnerEnv, { SANDBOX_PARTNER_URL: `http://127.0.0.1:${proxyPort}/partner/v1`, SANDBOX_PARTNER_TOKEN: match[1] });
  }
  const sandbox = startChild('sandbox', options.sandboxScript ?? 'server/sandbox/main.ts', {
    // SANDBOX_PORT for server/sandbox/main.ts (as npm start), PORT for scripts that still read it.
    SANDBOX_PORT: String(sandboxPort),
    PORT: String(sandboxPort),
    HOST: '127.0.0.1',
    SANDBOX_CUSTOMERS: String(options.customers ?? 2000),
    ...partnerEnv,
  });
  let proxy;
  let proxyUrl;
  let proxyEnv;
  try {
    await waitForHttp(`${sandboxUrl}/_sandbox/stats`, sandbox, 'sandbox');
    if (proxyPort) {
      proxyUrl = `http://127.0.0.1:${proxyPort}`;
      proxyEnv = {
        PORT: String(proxyPort),
        HOST: '127.0.0.1',
        DATABASE_URL: databaseUrl,
        MEWS_PLATFORM_URL: sandboxUrl,
        LOG_LEVEL: 'warn',
        ...options.proxyEnv,
      };
      proxy = startChild('proxy', options.proxyScript ?? 'server/proxy/main.ts', proxyEnv);
      await waitForHttp(`${proxyUrl}/health`, proxy, 'proxy');
    }
  } catch (error) {
    await stopChild(proxy);
    await stopChild(sandbox);
    throw error;
  }

  return {
    sandboxUrl,
    proxyUrl,
    databaseUrl,
    /** Calls the Connector API of the sandbox, as Mews would be called. */
    async mews(operation, body = {}) {
      // The proxy's initial load may have spent the token's budget: wait as Mews asks.
      for (let attempt = 0; ; attempt += 1) {
        const response = await fetch(`${sandboxUrl}/api/connector/v1/${operation}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ ...DEMO, ...body }),
        });
        const json = await response.json();
        if (response.status === 429 && attempt < 3) {
          await new Promise((r) => setTimeout(r, 1000 * Number(response.headers.get('retry-after') ?? 5)));
          continue;
        }
        if (!response.ok) throw new Error(`${operation}: ${response.status} ${JSON.stringify(json)}`);
        return json;
      }
    },
    /** Mints a one-time pairing code through the real CLI, as hotel IT would. */
    async pairingCode(name = 'Desk 1', role = 'desk') {
      const stdout = await cli(databaseUrl, ['pair', '--name', name, '--role', role]);
      const match = /Pairing code: ([A-Z0-9]{4}-[A-Z0-9]{4})/.exec(stdout);
      if (!match) throw new Error(`no pairing code in CLI output: ${stdout}`);
      return match[1];
    },
    /** Runs another CLI command (`devices`, `revoke <id>`, …) as hotel IT would; resolves with its output. */
    keycard: (...args) => cli(databaseUrl, args),
    proxyProcess: () => proxy,
    async stopProxy() {
      await stopChild(proxy);
    },
    /** Starts the proxy again after `stopProxy()`: same port, same database, same devices. */
    async startProxy() {
      if (!proxyEnv) throw new Error('this stack was started without a proxy');
      if (proxy && proxy.exitCode === null) return;
      proxy = startChild('proxy', options.proxyScript ?? 'server/proxy/main.ts', proxyEnv);
      await waitForHttp(`${proxyUrl}/health`, proxy, 'proxy');
    },
    async stop() {
      await stopChild(proxy);
      await stopChild(sandbox);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
