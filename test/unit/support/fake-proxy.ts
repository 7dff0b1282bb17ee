/** A stand-in for the Keycard proxy: a `fetch` that answers from a route table and records requests. */
export interface SeenRequest {
  method: string;
  origin: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

type Reply = { status: number; body?: unknown } | 'network-down';
type Route = (request: SeenRequest) => Reply;

/** `elsewhere`: routes answered only at another origin (e.g. the Mews sandbox typed as the proxy). */
export function fakeProxy(routes: Record<string, Route>, elsewhere: Record<string, Record<string, Route>> = {}) {
  const seen: SeenRequest[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(input, init);
    const url = new URL(request.url);
    const text = await request.text();
    const headers: Record<string, string> = {};
    request.headers.forEach((value, key) => (headers[key] = value));
    const entry: SeenRequest = { method: request.method, origin: url.origin, path: url.pathname, headers, body: text ? JSON.parse(text) : undefined };
    seen.push(entry);
    const route = elsewhere[url.origin]?.[`${request.method} ${url.pathname}`] ?? routes[`${request.method} ${url.pathname}`];
    const reply = route ? route(entry) : { status: 404, body: problem(404, 'Not found') };
    if (reply === 'network-down') throw new TypeError('Failed to fetch');
    const isProblem = reply.status >= 400;
    return new Response(reply.body === undefined ? null : JSON.stringify(reply.body), {
      status: reply.status,
      headers: { 'content-type': isProblem ? 'application/problem+json' : 'application/json' },
    });
  };
  return { fetch: fetch as typeof globalThis.fetch, seen };
}

export function problem(status: number, title: string, detail?: string, extra: Record<string, unknown> = {}) {
  return { type: 'about:blank', title, status, ...(detail ? { detail } : {}), ...extra };
}
