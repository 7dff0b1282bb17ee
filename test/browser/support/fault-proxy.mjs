/**
 * A tiny fault-injecting HTTP proxy for browser tests, put between the extension and the
 * Keycard proxy. The test switches its mode at any time:
 *   pass     forward everything
 *   500      answer 500 application/problem+json (nothing forwarded)
 *   slow     hold the request 10 s; forward it only if the client is still waiting
 *   garbage  forward the request (the write happens!) and replace the answer with a 200
 *            that is HTML or truncated JSON, alternately: the answer is lost in transit
 * CORS preflights are always forwarded, so the browser sees the faulty answer itself rather
 * than a CORS refusal. Synthesized answers carry the proxy's CORS header for the origin.
 *
 * @example
 *   const fault = await startFaultProxy(stack.proxyUrl);
 *   fault.mode = '500';
 *   ...
 *   await fault.close();
 */
import { createServer } from 'node:http';

export const SLOW_MS = 10_000;

export async function startFaultProxy(target) {
  const counts = { pass: 0, 500: 0, slow: 0, garbage: 0, slowForwarded: 0 };
  let garbageTurn = 0;
  const sockets = new Set();

  async function forward(req, body) {
    const headers = { ...req.headers };
    delete headers.host;
    delete headers.connection;
    delete headers['content-length'];
    const response = await fetch(`${target}${req.url}`, {
      method: req.method,
      headers,
      body: body.length && req.method !== 'GET' && req.method !== 'HEAD' ? body : undefined,
    });
    const out = {};
    response.headers.forEach((value, name) => {
      if (!['content-length', 'content-encoding', 'transfer-encoding', 'connection', 'keep-alive'].includes(name)) out[name] = value;
    });
    return { status: response.status, headers: out, body: Buffer.from(await response.arrayBuffer()) };
  }

  const cors = (req) =>
    req.headers.origin ? { 'access-control-allow-origin': req.headers.origin, vary: 'Origin' } : {};

  const server = createServer(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const body = Buffer.concat(chunks);
    let gone = false;
    res.on('close', () => (gone = !res.writableFinished));
    const send = ({ status, headers, body: payload }) => {
      if (gone || res.destroyed) return;
      res.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(payload) });
      res.end(payload);
    };
    const mode = req.method === 'OPTIONS' || req.url === '/health' ? 'pass' : fault.mode;
    counts[mode]++;
    try {
      if (mode === 'pass') return send(await forward(req, body));
      if (mode === '500') {
        return send({
          status: 500,
          headers: { 'content-type': 'application/problem+json', ...cors(req) },
          // What a careless upstream might put in a problem: internals the desk must not see.
          body: JSON.stringify({
            type: 'about:blank',
            title: 'Internal Server Error',
            status: 500,
            detail: "TypeError: Cannot read properties of undefined (reading 'Points')\n    at adjust (/srv/keycard/server/proxy/routes/memberships.ts:88:17)",
          }),
        });
      }
      if (mode === 'slow') {
        await new Promise((resolve) => setTimeout(resolve, SLOW_MS));
        if (gone || res.destroyed) return;
        counts.slowForwarded++;
        return send(await forward(req, body));
      }
      if (mode === 'garbage') {
        const real = await forward(req, body);
        const html = garbageTurn++ % 2 === 0;
        return send({
          status: 200,
          headers: { 'content-type': html ? 'text/html' : 'application/json', ...cors(req) },
          body: html ? '<html><body><h1>502 Bad Gateway</h1><script>alert("garbage")</script></body></html>' : real.body.subarray(0, Math.max(1, Math.floor(real.body.length / 2))).toString() || '{"memb',
        });
      }
      throw new Error(`unknown fault mode ${mode}`);
    } catch (error) {
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`fault proxy: ${error.message}`);
      }
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const fault = {
    mode: 'pass',
    url: `http://127.0.0.1:${server.address().port}`,
    counts,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  return fault;
}
