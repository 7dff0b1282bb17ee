/** What the loyalty routes are built from: the services of the loyalty module. */
import type { Catalog } from './catalog';
import type { LoyaltyContext } from './deps';
import type { Lookups } from './lookups';
import type { WebhookReceiver } from './webhooks';

export interface LoyaltyServices {
  ctx: LoyaltyContext;
  catalog: Catalog;
  lookups: Lookups;
  webhooks: WebhookReceiver;
}
