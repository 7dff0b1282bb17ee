/**
 * The floor under the proxy's warm lookup: a bare Hono app answering GET
 * /v1/accounts/:accountId/loyalty with the proxy's own mirror read (the one prepared statement
 * of guest-loyalty-repository.ts, on the proxy's SQLite file) as JSON, with no device
 * authentication, rate limit, middleware or next-tier work. What the proxy adds is the gap
 * between this and it; what any lookup that reads its store pays is the gap between this and
 * bare Hono.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { openStore } from '../../server/proxy/store/db';
import { mirroredGuestLoyalty, staysThisYearSince } from '../../server/proxy/store/guest-loyalty-repository';

const store = await openStore(process.env.DATABASE_URL, { skipMigrations: true });
const app = new Hono();
app.get('/v1/accounts/:accountId/loyalty', async (c) => {
  const answer = await mirroredGuestLoyalty(store.db, c.req.param('accountId'), staysThisYearSince(new Date()));
  return answer ? c.json(answer) : c.json({ title: 'Not found' }, 404);
});
serve({ fetch: app.fetch, hostname: '127.0.0.1', port: Number(process.env.PORT) }, () => {
  process.stdout.write('mirror-read-hono listening\n');
});
