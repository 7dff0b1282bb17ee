/** The desk's reads: its context, a guest's loyalty (by account or reservation), member search and the cache's sync feed. */
import * as v from 'valibot';
import * as s from '../../../../lib/contract';
import { defineRoute, type RouteDefinition } from '../../http/route';
import type { MemberSearch } from './search';
import { bulkBlock, syncPage } from './sync';
import type { LoyaltyContext } from '../core/deps';
import type { Catalog } from '../programs/catalog';
import type { Lookups } from './lookups';
import type { DeskScope } from '../core/desk-scope';

const tags = ['loyalty'];

export function createGuestsRoutes({ ctx, catalog, lookups, search, scope }: { ctx: LoyaltyContext; catalog: Catalog; lookups: Lookups; search: MemberSearch; scope: DeskScope }): RouteDefinition[] {
  /** A sync page or bulk block with only the device's chain's members (a portfolio token sees several chains). */
  const ownChain = async (device: Parameters<typeof scope.keepMembers>[0], page: s.SyncPage): Promise<s.SyncPage> => ({
    ...page,
    members: await scope.keepMembers(device, page.members),
    deleted: await scope.keepMembershipIds(device, page.deleted),
  });

  return [
    defineRoute({
      method: 'get', path: '/v1/context', tags, auth: 'desk',
      summary: 'Enterprise, chain, programs with tiers, and this device',
      responses: { 200: { description: 'The desk context', schema: s.DeskContextSchema } },
      handler: async (c, { device }) => c.json(await catalog.deskContext(device)),
    }),
    defineRoute({
      method: 'get', path: '/v1/accounts/:accountId/loyalty', tags, auth: 'desk', params: s.AccountParams,
      summary: 'A guest and their memberships',
      responses: { 200: { description: 'Guest loyalty', schema: s.GuestLoyaltySchema }, 404: { description: 'No such customer in Mews' } },
      handler: async (c, { params, device }) => {
        await scope.requireAccount(device, params.accountId);
        return c.json(await lookups.accountLoyalty(params.accountId));
      },
    }),
    defineRoute({
      method: 'get', path: '/v1/reservations/:reservationId/loyalty', tags, auth: 'desk', params: s.ReservationParams,
      summary: "The reservation owner's memberships",
      responses: {
        200: { description: 'Guest loyalty', schema: s.GuestLoyaltySchema },
        404: { description: 'No such reservation or customer' },
        409: { description: `A company owns the reservation (problem type ${s.COMPANY_RESERVATION_PROBLEM}): no guest loyalty to show` },
      },
      handler: async (c, { params, device }) => {
        await scope.requireReservation(device, params.reservationId);
        return c.json(await lookups.reservationLoyalty(params.reservationId));
      },
    }),
    defineRoute({
      method: 'get', path: '/v1/members/search', tags, auth: 'desk', query: s.SearchQuery,
      summary: 'Members by name prefix, email or membership number',
      responses: { 200: { description: 'Matching members (at most 50)', schema: v.object({ members: v.array(s.MemberRecordSchema) }) } },
      handler: async (c, { query, device }) => c.json({ members: await search(query.q, device) }),
    }),
    defineRoute({
      method: 'get', path: '/v1/sync', tags, auth: 'desk', query: s.SyncQuery,
      summary: 'Members changed since a cursor, for the extension cache',
      responses: { 200: { description: 'One page of changes', schema: s.SyncPageSchema } },
      async handler(c, { query, device }) {
        return c.json(await ownChain(device, await syncPage(ctx, catalog, query.cursor)));
      },
    }),
    defineRoute({
      method: 'get', path: '/v1/sync/bulk', tags, auth: 'desk', query: s.SyncQuery,
      summary: "A new desk's first download: up to 10,000 members a block, gzip-compressed",
      responses: { 200: { description: 'One block of members (Content-Encoding: gzip); continue with /v1/sync from the last cursor', schema: s.MemberBlockSchema } },
      async handler(c, { query, device }) {
        const body = await bulkBlock(ctx, catalog, query.cursor, (block) => ownChain(device, block));
        return c.body(body, 200, { 'content-type': 'application/json', 'content-encoding': 'gzip', vary: 'accept-encoding' });
      },
    }),
  ];
}
