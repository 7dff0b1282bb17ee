/**
 * `startSandbox()`: the sandbox app on a real HTTP port, exactly as the proxy would reach
 * https://api.mews-demo.com. Port 0 picks a free port; the resolved URL is returned.
 *
 * @example
 * const sb = await startSandbox({ port: 0, customers: 100 });
 * await fetch(`${sb.url}/api/connector/v1/configuration/get`, { method: 'POST', body: '...' });
 * await sb.close();
 */
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createSandbox, type Sandbox, type SandboxOptions } from './app.ts';
import { partnerConfigFromEnv } from './partner/client.ts';

/** Options of {@link startSandbox}: where to listen plus any {@link SandboxOptions}. */
export interface StartOptions extends SandboxOptions {
  port?: number;
  host?: string;
}

/** A running sandbox. */
export interface RunningSandbox {
  /** Base URL, e.g. `http://127.0.0.1:8788` (the Connector API is under `/api/connector/v1/`). */
  url: string;
  sandbox: Sandbox;
  /** Ends hanging requests, closes connections and stops listening. */
  close(): Promise<void>;
}

/**
 * Starts listening; resolves once the port is bound. Without `customers`, the env var
 * `SANDBOX_CUSTOMERS` decides (so `npm start`, which may call this directly, honours it);
 * without `partner`, `SANDBOX_PARTNER_URL` and `SANDBOX_PARTNER_TOKEN` do.
 */
export function startSandbox(opts: StartOptions = {}): Promise<RunningSandbox> {
  const fromEnv = Number(process.env.SANDBOX_CUSTOMERS);
  const customers = opts.customers ?? (fromEnv >= 1 ? fromEnv : undefined);
  const partner = opts.partner !== undefined ? opts.partner : partnerConfigFromEnv(process.env);
  const sandbox = createSandbox({ ...opts, customers, partner });
  const host = opts.host ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: sandbox.app.fetch, port: opts.port ?? 8788, hostname: host }, (info: AddressInfo) => {
      const shownHost = info.address.includes(':') ? `[${info.address}]` : info.address;
      resolve({
        url: `http://${shownHost}:${info.port}`,
        sandbox,
        close: () =>
          new Promise<void>((done) => {
            sandbox.state.hangs.abort();
            const s = server as Server;
            s.close(() => done());
            s.closeAllConnections?.();
          }),
      });
    });
    server.once('error', reject);
  });
}
