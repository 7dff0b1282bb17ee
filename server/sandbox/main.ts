/**
 * `npm run sandbox`: the Mews sandbox on 127.0.0.1:8788 (env SANDBOX_PORT, as `npm start` reads
 * it, so PORT stays the proxy's; HOST, SANDBOX_CUSTOMERS, SANDBOX_PARTNER_URL and SANDBOX_PARTNER_TOKEN). Its data is saved in
 * SANDBOX_DATA (`npm run sandbox` and `npm start` give data/sandbox.json; unset or `off`: memory only) and comes back on the
 * next start, as a real Mews's would; `npm run sandbox -- --fresh` seeds it anew.
 * Prints its URL and a guest-list URL; stops cleanly on SIGINT/SIGTERM.
 */
import { resolve } from 'node:path';
import { ENTERPRISE_ID } from './core/seed.ts';
import { keepSaved, loadSnapshot } from './core/snapshot.ts';
import type { Store } from './core/store.ts';
import { startSandbox } from './server.ts';

const args = process.argv.slice(2);
const unknown = args.filter((arg) => arg !== '--fresh');
const port = Number(process.env.SANDBOX_PORT ?? 8788);
const host = process.env.HOST ?? '127.0.0.1';
const customers = process.env.SANDBOX_CUSTOMERS ? Number(process.env.SANDBOX_CUSTOMERS) : undefined;
if (unknown.length > 0) {
  console.error(`Mews sandbox: unknown argument ${unknown.join(' ')} (the only one is --fresh: seed new data instead of the saved).`);
  process.exit(2);
}
if (!Number.isInteger(port) || port < 0 || (customers !== undefined && !(customers >= 1))) {
  console.error('Mews sandbox: SANDBOX_PORT must be an integer and SANDBOX_CUSTOMERS a positive number.');
  process.exit(2);
}
// Only where asked (npm start and `npm run sandbox` ask for data/sandbox.json): test stacks and
// benches start this file too, and must never share, or inherit, one another's data.
const dataFile = !process.env.SANDBOX_DATA || process.env.SANDBOX_DATA === 'off' ? null : resolve(process.env.SANDBOX_DATA);
const fresh = args.includes('--fresh');
let saved: Store | null;
try {
  saved = dataFile && !fresh ? loadSnapshot(dataFile) : null;
} catch (error) {
  console.error(`Mews sandbox: ${(error as Error).message}`);
  process.exit(2);
}

const running = await startSandbox({ port, host, customers, ...(saved ? { store: saved } : {}) }).catch((error: NodeJS.ErrnoException) => {
  // Said in words, with the way out; a stack trace helped nobody (issue 18 #10).
  const why = error.code === 'EADDRINUSE'
    ? `port ${port} on ${host} is already in use (another sandbox, or npm start, may be running). Stop it, or choose another port: SANDBOX_PORT=${port + 10} npm run sandbox (npm start reads SANDBOX_PORT too).`
    : `cannot listen on ${host}:${port}: ${error.message}`;
  console.error(`Mews sandbox: ${why}`);
  process.exit(1);
});
const { state } = running.sandbox;
const saver = dataFile ? keepSaved(state, dataFile, 2_000) : null;
const { store } = state;
const origin = saved ? `restored from ${dataFile}` : dataFile ? `freshly seeded; saved in ${dataFile}` : 'in memory only';
console.log(`Mews sandbox listening on ${running.url} (${store.customers.size} customers, ${store.memberships.size} memberships, ${origin})`);
console.log(`Connector API: ${running.url}/api/connector/v1/`);
console.log(`Guest list:    ${running.url}/Commander/${ENTERPRISE_ID}/Customer/Index`);
console.log(running.sandbox.partner.configured
  ? `Loyalty Partner API: ${process.env.SANDBOX_PARTNER_URL} (called as Mews from the guest profile's Loyalty section)`
  : 'Loyalty Partner API: not configured (set SANDBOX_PARTNER_URL and SANDBOX_PARTNER_TOKEN)');

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`Mews sandbox: ${signal}, stopping.`);
    saver?.flush();
    void running.close().then(() => process.exit(0));
  });
}
