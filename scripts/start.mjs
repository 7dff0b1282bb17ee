#!/usr/bin/env node
/**
 * `npm start`: the whole of Keycard on one machine, no Mews account needed. Builds the
 * extension (with the sandbox's hosts added to its content-script matches), starts the Mews
 * sandbox on 127.0.0.1:8788 and the proxy on 127.0.0.1:8787 (SQLite under data/), then
 * prints what to load and two fresh pairing codes. Ctrl-C stops everything.
 * The sandbox plays Mews on Keycard's Loyalty Partner API too: it gets the proxy's
 * `/partner/v1` URL and a fresh partner token (the previous "Sandbox Mews" token is revoked).
 */
import { execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const tsx = `${root}node_modules/.bin/tsx`;
const sandboxPort = Number(process.env.SANDBOX_PORT ?? 8788);
const proxyPort = Number(process.env.PORT ?? 8787);
const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
const proxyUrl = `http://127.0.0.1:${proxyPort}`;
const children = [];
// The sandbox's general webhooks (ServiceOrderUpdated at check-out) reach the proxy with this secret.
const webhookToken = process.env.MEWS_WEBHOOK_TOKEN ?? `demo-${Math.random().toString(36).slice(2)}`;
const PARTNER_TOKEN_NAME = 'Sandbox Mews';

function start(name, script, env) {
  const child = spawn(tsx, [script], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = (chunk) => chunk.toString().replace(/^(?=.)/gm, `[${name}] `);
  child.stdout.on('data', (chunk) => process.stdout.write(prefix(chunk)));
  child.stderr.on('data', (chunk) => process.stderr.write(prefix(chunk)));
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`\n${name} stopped unexpectedly (${signal ?? `exit ${code}`}); stopping Keycard.`);
      shutdown(1);
    }
  });
  children.push(child);
  return child;
}

async function waitFor(url, name) {
  for (let i = 0; i < 300; i += 1) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${name} did not come up at ${url}`);
}

/**
 * The bearer token the sandbox, playing Mews, sends to the proxy's Loyalty Partner API: made by
 * the proxy's own CLI on the same store (DATABASE_URL) the proxy opens, which it migrates first,
 * so this works before the proxy runs. Earlier "Sandbox Mews" tokens are revoked, so restarts do
 * not pile up live tokens.
 */
async function partnerToken() {
  const cli = async (...args) => (await run(tsx, ['server/proxy/cli.ts', 'partner-token', ...args], { cwd: root })).stdout;
  const listed = await cli('list');
  // Rows: ID  NAME  CREATED  EXPIRES  LAST USED  STATUS (the name may hold spaces; the dates do not).
  const ours = new RegExp(`^(\\S+)\\s+${PARTNER_TOKEN_NAME}\\s+\\d{4}-\\S+\\s+\\d{4}-\\S+\\s+\\S+\\s+active$`, 'gm');
  for (const [, id] of listed.matchAll(ours)) await cli('revoke', id);
  const created = await cli('create', '--name', PARTNER_TOKEN_NAME);
  const token = /Partner token: (\S+)/.exec(created)?.[1];
  if (!token) throw new Error(`partner-token create printed no token:\n${created}`);
  return token;
}

let stopping = false;
async function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  await Promise.all(
    children.map(
      (child) =>
        new Promise((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.once('exit', resolve);
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
        }),
    ),
  );
  process.exit(code);
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

try {
  console.log('Building the extension (Chrome and Firefox, with the sandbox hosts)…');
  const given = process.env.SANDBOX_PARTNER_URL && process.env.SANDBOX_PARTNER_TOKEN;
  const [, partner] = await Promise.all([
    run('npm', ['run', '--silent', 'build:dev'], { cwd: root }),
    given ? null : partnerToken(),
  ]);

  // The sandbox calls the partner API only when a desk uses the guest profile's Loyalty section,
  // so it may start before the proxy answers.
  start('sandbox', 'server/sandbox/main.ts', {
    SANDBOX_PORT: String(sandboxPort),
    HOST: '127.0.0.1',
    ...(partner ? { SANDBOX_PARTNER_URL: `${proxyUrl}/partner/v1`, SANDBOX_PARTNER_TOKEN: partner } : {}),
  });
  await waitFor(`${sandboxUrl}/_sandbox/stats`, 'the sandbox');
  start('proxy', 'server/proxy/main.ts', {
    PORT: String(proxyPort),
    HOST: '127.0.0.1',
    MEWS_PLATFORM_URL: process.env.MEWS_PLATFORM_URL ?? sandboxUrl,
    MEWS_WEBHOOK_TOKEN: webhookToken,
  });
  await waitFor(`${proxyUrl}/health`, 'the proxy');
  await fetch(`${sandboxUrl}/_sandbox/webhooks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ url: `${proxyUrl}/mews/webhooks?token=${encodeURIComponent(webhookToken)}` }),
  });

  const pair = async (name, role) => {
    const { stdout } = await run(tsx, ['server/proxy/cli.ts', 'pair', '--name', name, '--role', role], { cwd: root });
    return /Pairing code: (\S+)/.exec(stdout)?.[1] ?? stdout.trim();
  };
  const deskCode = await pair('Front desk', 'desk');
  const managerCode = await pair('Manager', 'manager');
  const { Enterprise } = await (
    await fetch(`${sandboxUrl}/api/connector/v1/configuration/get`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        ClientToken: 'E0D439EE522F44368DC78E1BFB03710C-D24FB11DBE31D4621C4817E028D9E1D',
        AccessToken: 'C66EF7B239D24632943D115EDE9CB810-EA00F8FD8294692C940F6B5A8F9453D',
        Client: 'Keycard start 0.1.0',
      }),
    })
  ).json();

  console.log(`
Keycard is running.

  Mews sandbox   ${sandboxUrl}
  Keycard proxy  ${proxyUrl}   (health: ${proxyUrl}/health)
  The sandbox, as Mews, calls ${partner ? `${proxyUrl}/partner/v1 (partner token "${PARTNER_TOKEN_NAME}")` : process.env.SANDBOX_PARTNER_URL}
  from the Loyalty section of its guest pages.

1. Load the extension:
     Chrome/Chromium: chrome://extensions → Developer mode → Load unpacked → ${root}.output/dev/chrome-mv3
     Firefox:         about:debugging → This Firefox → Load Temporary Add-on → ${root}.output/dev/firefox-mv2/manifest.json
2. In Keycard's options page, set Proxy URL ${proxyUrl} and pair with:
     desk pairing code:     ${deskCode}   (the device is named "Front desk")
     manager pairing code:  ${managerCode}   (named "Manager")
   (one use each, valid 15 minutes; more with: npm run keycard -- pair --name "Desk 2" --role desk)
3. Open a guest page:
     ${sandboxUrl}/Commander/${Enterprise.Id}/Customer/Index

Ctrl-C stops everything.`);
} catch (error) {
  console.error(`\nnpm start failed: ${error.message}`);
  await shutdown(1);
}
