/**
 * `npm run sandbox`: the Mews sandbox on 127.0.0.1:8788 (env SANDBOX_PORT, as `npm start` reads
 * it, so PORT stays the proxy's; HOST, SANDBOX_CUSTOMERS, SANDBOX_PARTNER_URL and SANDBOX_PARTNER_TOKEN).
 * Prints its URL and a guest-list URL; stops cleanly on SIGINT/SIGTERM.
 */
import { ENTERPRISE_ID } from './core/seed.ts';
import { startSandbox } from './server.ts';

const port = Number(process.env.SANDBOX_PORT ?? 8788);
const host = process.env.HOST ?? '127.0.0.1';
const customers = process.env.SANDBOX_CUSTOMERS ? Number(process.env.SANDBOX_CUSTOMERS) : undefined;
if (!Number.isInteger(port) || port < 0 || (customers !== undefined && !(customers >= 1))) {
  console.error('Mews sandbox: SANDBOX_PORT must be an integer and SANDBOX_CUSTOMERS a positive number.');
  process.exit(2);
}

const running = await startSandbox({ port, host, customers }).catch((error: NodeJS.ErrnoException) => {
  // Said in words, with the way out; a stack trace helped nobody (issue 18 #10).
  const why = error.code === 'EADDRINUSE'
    ? `port ${port} on ${host} is already in use (another sandbox, or npm start, may be running). Stop it, or choose another port: SANDBOX_PORT=${port + 10} npm run sandbox (npm start reads SANDBOX_PORT too).`
    : `cannot listen on ${host}:${port}: ${error.message}`;
  console.error(`Mews sandbox: ${why}`);
  process.exit(1);
});
const { store } = running.sandbox.state;
console.log(`Mews sandbox listening on ${running.url} (${store.customers.size} customers, ${store.memberships.size} memberships)`);
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
    void running.close().then(() => process.exit(0));
  });
}
