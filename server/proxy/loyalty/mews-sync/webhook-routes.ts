/** Mews's general webhook: checked against its secret, processed after answering. */
import { defineRoute, type RouteDefinition } from '../../http/route';
import type { WebhookReceiver } from './webhooks';

const tags = ['loyalty'];

export function createMewsWebhooksRoutes({ webhooks }: { webhooks: WebhookReceiver }): RouteDefinition[] {
  return [
    defineRoute({
      method: 'post', path: '/mews/webhooks', tags: ['mews'], auth: 'none', hidden: true,
      summary: 'Mews general webhook receiver',
      responses: { 202: { description: 'Accepted; processed after answering' } },
      async handler(c) {
        const token = c.req.query('token') ?? c.req.query('Token');
        // Check the secret before reading the body: strangers learn nothing about the payload shape.
        webhooks.accept(token, { Events: [] });
        const accepted = webhooks.accept(token, await c.req.json().catch(() => null));
        return c.json({ accepted: true, queued: accepted.queued }, 202);
      },
    }),
  ];
}
