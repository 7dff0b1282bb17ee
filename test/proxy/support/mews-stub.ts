/**
 * A tiny stand-in for the Mews Connector API, for Mews-client unit tests: each operation's
 * answer is a function the test sets; every received request is recorded.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';

export interface StubRequest {
  op: string;
  body: Record<string, unknown>;
  at: number;
}

export type StubHandler = (body: Record<string, unknown>, index: number) => Response | Promise<Response>;

export interface MewsStub {
  url: string;
  requests: StubRequest[];
  /** Sets the handler for one operation (e.g. `loyaltyMemberships/getAll`). */
  on(op: string, handler: StubHandler): void;
  count(op: string): number;
  close(): Promise<void>;
}

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

export async function startMewsStub(): Promise<MewsStub> {
  const handlers = new Map<string, StubHandler>();
  const requests: StubRequest[] = [];
  const app = new Hono();
  app.post('/api/connector/v1/*', async (c) => {
    const op = c.req.path.replace('/api/connector/v1/', '');
    const body = (await c.req.json()) as Record<string, unknown>;
    const index = requests.filter((r) => r.op === op).length;
    requests.push({ op, body, at: Date.now() });
    const handler = handlers.get(op);
    if (!handler) return json({ Message: `no stub for ${op}`, RequestId: 'stub' }, 404);
    return handler(body, index);
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    on: (op, handler) => void handlers.set(op, handler),
    count: (op) => requests.filter((r) => r.op === op).length,
    close: () =>
      new Promise<void>((resolve) => {
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
