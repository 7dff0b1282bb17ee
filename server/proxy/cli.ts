/**
 * `npm run keycard -- <command>`: device administration from the server's shell. Uses the
 * same `DATABASE_URL` as the proxy and is safe to run while it serves (SQLite WAL lets a
 * second process write; PostgreSQL is PostgreSQL).
 *
 *   pair --name "Desk 1" [--role desk|manager] [--enterprise <id>]   mint a one-time pairing code
 *   devices                                     list paired devices
 *   revoke <device-id>                          revoke a device's token
 *   partner-token create --name "Mews" | list | revoke <id>   tokens Mews uses on the Loyalty Partner API
 *   panel off | on | status                     hide or show the panel on every desk (the kill switch)
 *
 * Names are checked when given (no control or direction characters) and everything read back
 * from the store is printed escaped, so no stored text can drive the operator's terminal.
 */
import { parseArgs } from 'node:util';
import { DEVICE_ROLES, type DeviceRole } from '../../lib/contract';
import { listDevices, revokeDevice } from './auth/devices';
import { escapeForTerminal, nameProblem } from './auth/names';
import { PAIRING_CODE_TTL_MS, mintPairingCode } from './auth/pairing';
import { createPartnerToken, listPartnerTokens, revokePartnerToken } from './auth/partner-tokens';
import { deskPanelEnabled, setDeskPanel } from './loyalty/core/desk-panel';
import { openStore, type Store } from './store/db';
import { mewsEnterpriseIds } from './platform/portfolio-config';

const USAGE = `Usage: npm run keycard -- <command> [options]

Commands:
  pair --name <device name> [--role desk|manager] [--enterprise <enterprise id>]
        Mint a one-time pairing code (valid ${PAIRING_CODE_TTL_MS / 60_000} minutes). Type it into the
        extension's options page with the proxy URL. With a portfolio token serving several
        enterprises (MEWS_ENTERPRISE_IDS), --enterprise says which one the device works for.
  devices
        List paired devices: id, name, role, last seen, status, enterprise.
  revoke <device-id>
        Revoke a device; its token stops working at once.
  partner-token create --name <name>
        Create a token for Mews's Loyalty Partner API calls, valid one year; printed once.
        Two tokens work at once, so create the next one, give it to Mews, then revoke the old.
  partner-token list
        List partner tokens: id, name, created, expires, last used, status.
  partner-token revoke <id>
        Revoke a partner token; Mews calls with it get 401 at once.
  panel off | on | status
        Hide (off) or show (on) Keycard's panel inside Mews Operations on every desk; desks
        follow within a minute (CONTEXT_REFRESH_S). The toolbar popup keeps working.

Options:
  -h, --help   Show this help.

Environment:
  DATABASE_URL    postgres://… or sqlite:<path> (default: sqlite data/keycard.sqlite), as for the proxy.
  PAIRING_SECRET  the key pairing codes are hashed with, as for the proxy (default: a key file beside the store).
  MEWS_ENTERPRISE_IDS  as for the proxy: the enterprises a portfolio token serves (pair checks --enterprise against it).
`;

/** A mistake by the operator: printed without a stack trace, exit code 1. */
class UsageError extends Error {}

async function withStore<T>(fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(process.env.DATABASE_URL, { pairingSecret: process.env.PAIRING_SECRET });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

async function pair(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { name: { type: 'string', short: 'n' }, role: { type: 'string', short: 'r', default: 'desk' }, enterprise: { type: 'string', short: 'e' } },
    allowPositionals: false,
  });
  const name = values.name?.trim();
  if (!name) throw new UsageError('pair needs --name "<device name>", e.g. --name "Desk 1"');
  checkName(name);
  const role = values.role as DeviceRole;
  if (!DEVICE_ROLES.includes(role)) throw new UsageError(`--role must be desk or manager, got "${values.role}"`);
  const enterpriseId = deviceEnterprise(values.enterprise);
  const minted = await withStore((store) => mintPairingCode(store, { deviceName: name, role, enterpriseId }));
  const minutes = Math.round(PAIRING_CODE_TTL_MS / 60_000);
  process.stdout.write(`Pairing code: ${minted.code}\n`);
  process.stdout.write(`Expires: ${minted.expiresAt} (in ${minutes} minutes); works once, for "${name}" (${role}${enterpriseId ? `, enterprise ${enterpriseId}` : ''}).\n`);
}

/**
 * The enterprise a device works for. A portfolio proxy (MEWS_ENTERPRISE_IDS, read as the proxy
 * reads it) serving several must be told which; a single-enterprise one needs no flag.
 */
function deviceEnterprise(flag: string | undefined): string | null {
  let served: string[];
  try {
    served = mewsEnterpriseIds(process.env);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const named = flag?.trim().toLowerCase();
  if (!named) {
    if (served.length > 1) throw new UsageError(`this proxy serves ${served.length} enterprises (MEWS_ENTERPRISE_IDS); say which this device works for with --enterprise <id>, one of ${served.join(', ')}`);
    return null;
  }
  if (served.length === 0) throw new UsageError('--enterprise: MEWS_ENTERPRISE_IDS is not set, so this proxy serves one enterprise (the token\'s) and needs no --enterprise');
  if (!served.includes(named)) throw new UsageError(`--enterprise ${named} is not in MEWS_ENTERPRISE_IDS (${served.join(', ')})`);
  return named;
}

/** Refuses a --name the store should not keep (control or direction characters, too long). */
function checkName(name: string): void {
  const problem = nameProblem(name);
  if (problem) throw new UsageError(`--name ${problem}`);
}

async function devices(args: string[]): Promise<void> {
  if (args.length > 0) throw new UsageError(`devices takes no arguments, got "${args.join(' ')}"`);
  const list = await withStore((store) => listDevices(store.db));
  if (list.length === 0) {
    process.stdout.write('No devices paired yet. Mint a code with: npm run keycard -- pair --name "Desk 1"\n');
    return;
  }
  printTable([
    ['ID', 'NAME', 'ROLE', 'LAST SEEN', 'STATUS', 'ENTERPRISE'],
    ...list.map((d) => [d.id, d.name, d.role, d.lastSeenAt ?? 'never', d.revokedAt ? `revoked ${d.revokedAt}` : 'active', d.enterpriseId ?? '']),
  ]);
}

/** Columns padded to their widest cell; every cell escaped (stored text may predate the name check). */
function printTable(rows: string[][]): void {
  const cells = rows.map((row) => row.map(escapeForTerminal));
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((row) => row[i]!.length)));
  for (const row of cells) process.stdout.write(`${row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()}\n`);
}

async function partnerToken(args: string[]): Promise<void> {
  const [action, ...rest] = args;
  if (action === 'create') {
    const { values } = parseArgs({ args: rest, options: { name: { type: 'string', short: 'n' } }, allowPositionals: false });
    const name = values.name?.trim();
    if (!name) throw new UsageError('partner-token create needs --name "<name>", e.g. --name "Mews production"');
    checkName(name);
    const created = await withStore((store) => createPartnerToken(store.db, { name }));
    process.stdout.write(`Partner token: ${created.token}\n`);
    process.stdout.write(`Id ${created.id}, "${name}", valid until ${created.expiresAt}. Shown once: give it to Mews now.\n`);
  } else if (action === 'list') {
    if (rest.length > 0) throw new UsageError(`partner-token list takes no arguments, got "${rest.join(' ')}"`);
    const list = await withStore((store) => listPartnerTokens(store.db));
    if (list.length === 0) {
      process.stdout.write('No partner tokens yet. Create one with: npm run keycard -- partner-token create --name "Mews"\n');
      return;
    }
    const status = (t: (typeof list)[number]) => (t.revokedAt ? `revoked ${t.revokedAt}` : Date.parse(t.expiresAt) <= Date.now() ? 'expired' : 'active');
    printTable([
      ['ID', 'NAME', 'CREATED', 'EXPIRES', 'LAST USED', 'STATUS'],
      ...list.map((t) => [t.id, t.name, t.createdAt, t.expiresAt, t.lastUsedAt ?? 'never', status(t)]),
    ]);
  } else if (action === 'revoke') {
    const [id, ...extra] = rest;
    if (!id || extra.length > 0) throw new UsageError('partner-token revoke takes exactly one id (see: npm run keycard -- partner-token list)');
    const token = await withStore((store) => revokePartnerToken(store.db, id));
    if (!token) throw new UsageError(`No partner token with id ${id}`);
    process.stdout.write(`Revoked partner token ${token.id} "${escapeForTerminal(token.name)}" at ${token.revokedAt}.\n`);
  } else {
    throw new UsageError(`partner-token needs create, list or revoke, got "${action ?? ''}"`);
  }
}

async function revoke(args: string[]): Promise<void> {
  const [id, ...rest] = args;
  if (!id || rest.length > 0) throw new UsageError('revoke takes exactly one device id (see: npm run keycard -- devices)');
  const device = await withStore((store) => revokeDevice(store.db, id, { by: null }));
  if (!device) throw new UsageError(`No device with id ${id}`);
  process.stdout.write(`Revoked ${device.id} "${escapeForTerminal(device.name)}" (${device.role}) at ${device.revokedAt}.\n`);
}

async function panel(args: string[]): Promise<void> {
  const [action, ...extra] = args;
  if (extra.length > 0 || (action !== 'on' && action !== 'off' && action !== 'status')) {
    throw new UsageError(`panel needs exactly one of off, on or status, got "${args.join(' ')}"`);
  }
  if (action === 'status') {
    const enabled = await withStore((store) => deskPanelEnabled(store.db));
    process.stdout.write(`Panel: ${enabled ? 'on' : 'off'} (desks ${enabled ? 'show' : 'hide'} it inside Mews Operations).\n`);
    return;
  }
  const enabled = action === 'on';
  const before = await withStore((store) => setDeskPanel(store.db, enabled));
  const change = before === enabled ? `Panel was already ${action}` : `Panel turned ${action}`;
  process.stdout.write(`${change}: every desk ${enabled ? 'shows' : 'hides'} it within a minute; the toolbar popup keeps working.\n`);
}

const COMMANDS: Record<string, (args: string[]) => Promise<void>> = { pair, devices, revoke, 'partner-token': partnerToken, panel };

/** Runs the CLI on `argv` (without node and script); returns the exit code. */
export async function runCli(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help' || rest.includes('--help') || rest.includes('-h')) {
    (command === undefined ? process.stderr : process.stdout).write(USAGE);
    return command === undefined ? 1 : 0;
  }
  const run = COMMANDS[command];
  try {
    if (!run) throw new UsageError(`unknown command "${command}" (commands: ${Object.keys(COMMANDS).join(', ')}; see --help)`);
    await run(rest);
    return 0;
  } catch (error) {
    // parseArgs throws TypeErrors with a code for unknown or malformed options.
    const message = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
      ? (error as Error).message
      : `failed: ${(error as Error).message ?? String(error)}`;
    // Escaped: a message may quote what was typed or stored.
    process.stderr.write(`keycard: ${escapeForTerminal(message)}\n`);
    return 1;
  }
}

runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
