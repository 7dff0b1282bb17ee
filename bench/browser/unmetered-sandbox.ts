/**
 * The Mews sandbox with its 200-requests-per-30-s budget raised, for the time-to-status
 * benchmark: 200 cold lookups in a minute would otherwise measure the proxy's budget policy
 * (its coalescing window widens as the budget fills, see `budgetAwareWindow`) rather than
 * the path a guest lookup takes. Same env contract as server/sandbox/main.ts.
 */
import { startSandbox } from '../../server/sandbox/server';

const port = Number(process.env.PORT ?? 8788);
const host = process.env.HOST ?? '127.0.0.1';
const customers = process.env.SANDBOX_CUSTOMERS ? Number(process.env.SANDBOX_CUSTOMERS) : undefined;

const running = await startSandbox({ port, host, customers, rateLimit: { limit: 1_000_000, windowMs: 30_000 } });
console.log(`Unmetered Mews sandbox on ${running.url}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void running.close().then(() => process.exit(0)));
}
