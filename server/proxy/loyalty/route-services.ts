/** What the loyalty routes are built from: the services of the loyalty module. */
import type { Catalog } from './programs/catalog';
import type { LoyaltyContext } from './core/deps';
import type { Lookups } from './memberships/lookups';
import type { MemberSearch } from './memberships/search';
import type { WebhookReceiver } from './mews-sync/webhooks';
import type { DeskScope } from './core/desk-scope';

export interface LoyaltyServices {
  ctx: LoyaltyContext;
  catalog: Catalog;
  lookups: Lookups;
  search: MemberSearch;
  webhooks: WebhookReceiver;
  /** Which guests each device may see and change (a portfolio token's desks: their chain's). */
  scope: DeskScope;
}
