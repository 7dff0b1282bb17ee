/**
 * The loyalty module's routes of Proxy API v1, one file per resource (`*-routes.ts`), declared with the
 * platform's `defineRoute` (auth, validation and OpenAPI come from the declaration). Handlers
 * are thin: each calls one service and sends what it returns.
 */
import type { RouteDefinition } from '../http/route';
import { createGuestsRoutes } from './memberships/guest-routes';
import { createLedgerExportRoutes } from './points/ledger-export-routes';
import { createMembershipsRoutes } from './memberships/membership-routes';
import { createMewsWebhooksRoutes } from './mews-sync/webhook-routes';
import { createProgramsRoutes } from './programs/program-routes';
import { createStaysRoutes } from './stays/stay-routes';
import type { LoyaltyServices } from './route-services';

export type { LoyaltyServices } from './route-services';

export function createLoyaltyRoutes(services: LoyaltyServices): RouteDefinition[] {
  return [
    ...createGuestsRoutes(services),
    ...createMembershipsRoutes(services),
    ...createProgramsRoutes(services),
    ...createStaysRoutes(services),
    ...createLedgerExportRoutes(services),
    ...createMewsWebhooksRoutes(services),
  ];
}
