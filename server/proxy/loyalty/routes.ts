/**
 * The loyalty routes of Proxy API v1, declared with the platform's `defineRoute` (auth,
 * validation and OpenAPI come from the declaration). Handlers are thin: each calls one
 * service and turns Mews failures into problems.
 */
import * as v from 'valibot';
import * as s from '../../../lib/contract';
import { defineRoute, type RouteDefinition } from '../http/route';
import { IDEMPOTENCY_KEY_HEADER, readJsonBody, requireIdempotencyKey } from '../http/validate';
import { adjustPoints } from './adjustments';
import type { Catalog } from './catalog';
import type { LoyaltyContext } from './deps';
import { enroll } from './enrollment';
import { adjustmentFromRow, ledgerCursor, listLedger } from './ledger';
import type { Lookups } from './lookups';
import { updateMembership } from './manage';
import { searchMembers } from './search';
import { syncPage } from './sync';
import type { WebhookReceiver } from './webhooks';

export interface LoyaltyServices {
  ctx: LoyaltyContext;
  catalog: Catalog;
  lookups: Lookups;
  webhooks: WebhookReceiver;
}

const tags = ['loyalty'];

export function createLoyaltyRoutes({ ctx, catalog, lookups, webhooks }: LoyaltyServices): RouteDefinition[] {
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
      handler: async (c, { params }) => c.json(await lookups.accountLoyalty(params.accountId)),
    }),
    defineRoute({
      method: 'get', path: '/v1/reservations/:reservationId/loyalty', tags, auth: 'desk', params: s.ReservationParams,
      summary: "The reservation owner's memberships",
      responses: { 200: { description: 'Guest loyalty', schema: s.GuestLoyaltySchema }, 404: { description: 'No such reservation or customer' } },
      handler: async (c, { params }) => c.json(await lookups.reservationLoyalty(params.reservationId)),
    }),
    defineRoute({
      method: 'get', path: '/v1/members/search', tags, auth: 'desk', query: s.SearchQuery,
      summary: 'Members by name prefix, email or membership number',
      responses: { 200: { description: 'Matching members (at most 50)', schema: v.object({ members: v.array(s.MemberRecordSchema) }) } },
      handler: async (c, { query }) => c.json({ members: await searchMembers(ctx, catalog, query.q) }),
    }),
    defineRoute({
      method: 'post', path: '/v1/memberships', tags, auth: 'desk', idempotent: true, body: s.EnrollBody,
      summary: 'Enroll a guest in a program',
      responses: {
        201: { description: 'Enrolled', schema: s.MembershipSchema },
        409: { description: 'Already a member (the problem carries `membership`)' },
      },
      async handler(c, { body, device, idempotencyKey }) {
        const result = await enroll(ctx, catalog, lookups, body, device, idempotencyKey);
        return c.json(result.body, result.status as 201);
      },
    }),
    defineRoute({
      method: 'post', path: '/v1/memberships/:id/adjustments', tags, auth: 'desk', idempotent: true,
      params: s.MembershipParams, body: s.AdjustBody,
      summary: 'Add or remove points',
      description: 'Applied exactly once per Idempotency-Key. Desk devices are limited to `deskAdjustmentLimit` points per adjustment.',
      responses: {
        201: { description: 'Applied', schema: v.object({ adjustment: s.AdjustmentSchema, membership: s.MembershipSchema }) },
        403: { description: 'Over the desk limit' },
        409: { description: 'Redemption below zero, or the same key is in progress or needs review' },
        502: { description: 'Mews failed; retry with the same Idempotency-Key' },
      },
      async handler(c, { params, body, device, idempotencyKey }) {
        const result = await adjustPoints(ctx, catalog, { membershipId: params.id, ...body }, device, idempotencyKey);
        return c.json(result.body, result.status as 201);
      },
    }),
    defineRoute({
      method: 'get', path: '/v1/memberships/:id/adjustments', tags, auth: 'desk', params: s.MembershipParams, query: s.LedgerQuery,
      summary: 'The ledger of one membership, newest first',
      responses: { 200: { description: 'Ledger page', schema: v.object({ adjustments: v.array(s.AdjustmentSchema), nextBefore: v.nullable(v.string()) }) } },
      async handler(c, { params, query }) {
        const limit = query.limit ?? 50;
        const rows = await listLedger(ctx.store.db, params.id, { limit, before: query.before });
        const last = rows.at(-1);
        return c.json({ adjustments: rows.map(adjustmentFromRow), nextBefore: rows.length === limit && last ? ledgerCursor(last) : null });
      },
    }),
    defineRoute({
      method: 'patch', path: '/v1/memberships/:id', tags, auth: 'manager', params: s.MembershipParams, body: s.PatchMembershipBody,
      summary: 'Change state, tier, expiry, primary flag or program',
      description: 'Making a membership primary unsets the guest\'s other primary in the chain (one Mews batch). '
        + 'Moving to another program resets the tier to its lowest unless `tierId` is given. '
        + 'An optional Idempotency-Key is honoured like on the other writes.',
      responses: { 200: { description: 'Updated', schema: s.MembershipSchema }, 422: { description: 'Invalid fields, or Mews refused (detail: the Mews message)' } },
      async handler(c, { params, body, device }) {
        const key = c.req.header(IDEMPOTENCY_KEY_HEADER) === undefined ? undefined : requireIdempotencyKey(c);
        return c.json(await updateMembership(ctx, catalog, params.id, body, device, key));
      },
    }),
    defineRoute({
      method: 'get', path: '/v1/sync', tags, auth: 'desk', query: s.SyncQuery,
      summary: 'Members changed since a cursor, for the extension cache',
      responses: { 200: { description: 'One page of changes', schema: s.SyncPageSchema } },
      async handler(c, { query }) {
        return c.json(await syncPage(ctx, catalog, query.cursor));
      },
    }),
    defineRoute({
      method: 'post', path: '/mews/webhooks', tags: ['mews'], auth: 'none', hidden: true,
      summary: 'Mews general webhook receiver',
      responses: { 202: { description: 'Accepted; processed after answering' } },
      async handler(c) {
        const token = c.req.query('token') ?? c.req.query('Token');
        // Check the secret before reading the body: strangers learn nothing about the payload shape.
        webhooks.accept(token, { Events: [] });
        const accepted = webhooks.accept(token, await readJsonBody(c).catch(() => null));
        return c.json({ accepted: true, queued: accepted.queued }, 202);
      },
    }),
  ];
}
