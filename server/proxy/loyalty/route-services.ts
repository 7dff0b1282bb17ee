/** What the loyalty routes are built from: the services of the loyalty module. */
import type { Catalog } from './programs/catalog';
import type { LoyaltyContext } from './core/deps';
import type { Lookups } from './memberships/lookups';
import type { MemberSearch } from './memberships/search';
import type { WebhookReceiver } from './mews-sync/webhooks';

export interface LoyaltyServices {
  ctx: LoyaltyContext;
  catalog: Catalog;
  lookups: Lookups;
  search: MemberSearch;
  webhooks: WebhookReceiver;
}
