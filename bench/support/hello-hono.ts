/** The framework ceiling: a bare Hono app on @hono/node-server answering a small JSON body. */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono();
app.get('/hello/:id', (c) => c.json({ id: c.req.param('id'), status: 'ok' }));
serve({ fetch: app.fetch, hostname: '127.0.0.1', port: Number(process.env.PORT) }, () => {
  process.stdout.write('hello-hono listening\n');
});
