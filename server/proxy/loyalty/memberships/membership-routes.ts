/** Memberships: enroll, adjust points (and read the ledger), change or delete them (managers). */
import * as v from 'valibot';
import * as s from '../../../../lib/contract';
import { defineRoute, type RouteDefinition } from '../../http/route';
import { IDEMPOTENCY_KEY_HEADER, requireIdempotencyKey } from '../../http/validate';
import { adjustPoints } from '../points/adjustments';
import { enroll } from './enrollment';
import { ledgerCursor, listLedger } from '../../store/ledger-repository';
import { adjustmentFromRow } from '../points/ledger';
import { updateMembership, deleteMembership } from './manage';
import { deleted, idempotentWrite } from '../core/idempotent-write';
import type { LoyaltyContext } from '../core/deps';
import type { Catalog } from '../programs/catalog';
import type { Lookups } from './lookups';
import type { DeskScope } from '../core/desk-scope';

const deskTags = ['loyalty'];
const managerTags = ['administration'];

export function createMembershipsRoutes({ ctx, catalog, lookups, scope }: { ctx: LoyaltyContext; catalog: Catalog; lookups: Lookups; scope: DeskScope }): RouteDefinition[] {
  return [
    defineRoute({
      method: 'post', path: '/v1/memberships', tags: deskTags, auth: 'desk', idempotent: true, body: s.EnrollBody,
      summary: 'Enroll a guest in a program',
      responses: {
        201: { description: 'Enrolled', schema: s.MembershipSchema },
        409: { description: 'Already a member (the problem carries `membership`)' },
      },
      async handler(c, { body, device, idempotencyKey }) {
        await scope.requireAccount(device, body.accountId);
        // Another chain's program is no program of this desk's.
        await catalog.requireProgramOf(device, body.programId);
        const result = await enroll(ctx, catalog, lookups, body, device, idempotencyKey);
        return c.json(result.body, result.status as 201);
      },
    }),
    defineRoute({
      method: 'post', path: '/v1/memberships/:id/adjustments', tags: deskTags, auth: 'desk', idempotent: true,
      params: s.MembershipParams, body: s.AdjustBody,
      summary: 'Add or remove points',
      description: 'Applied exactly once per Idempotency-Key. Desk devices are limited to `deskAdjustmentLimit` points per adjustment, '
        + 'and to daily caps on the points they give (per membership and per device, rolling 24 hours); a manager is not capped.',
      responses: {
        201: { description: 'Applied', schema: v.object({ adjustment: s.AdjustmentSchema, membership: s.MembershipSchema }) },
        403: { description: 'Over the desk limit, or past a desk\'s daily cap (type needs-manager-approval, with `cap`, `limit`, `used`, `left`)' },
        409: { description: 'Would take the balance below zero (any reason), or the same key is in progress or needs review' },
        422: { description: 'Invalid fields, e.g. a delta whose sign the reason does not allow (a redemption removes; a stay, bonus or goodwill adds)' },
        502: { description: 'Mews failed; retry with the same Idempotency-Key' },
      },
      async handler(c, { params, body, device, idempotencyKey }) {
        await scope.requireMembership(device, params.id);
        const result = await adjustPoints(ctx, catalog, { membershipId: params.id, ...body }, device, idempotencyKey);
        return c.json(result.body, result.status as 201);
      },
    }),
    defineRoute({
      method: 'get', path: '/v1/memberships/:id/adjustments', tags: deskTags, auth: 'desk', params: s.MembershipParams, query: s.LedgerQuery,
      summary: 'The ledger of one membership, newest first',
      responses: { 200: { description: 'Ledger page', schema: v.object({ adjustments: v.array(s.AdjustmentSchema), nextBefore: v.nullable(v.string()) }) } },
      async handler(c, { params, query, device }) {
        await scope.requireMembership(device, params.id);
        const limit = query.limit ?? 50;
        const rows = await listLedger(ctx.store.db, params.id, { limit, before: query.before });
        const last = rows.at(-1);
        return c.json({ adjustments: rows.map(adjustmentFromRow), nextBefore: rows.length === limit && last ? ledgerCursor(last) : null });
      },
    }),
    defineRoute({
      method: 'patch', path: '/v1/memberships/:id', tags: deskTags, auth: 'manager', params: s.MembershipParams, body: s.PatchMembershipBody,
      summary: 'Change state, tier, expiry, primary flag or program',
      description: 'Making a membership primary unsets the guest\'s other primary in the chain (one Mews batch). '
        + 'Moving to another program resets the tier to its lowest unless `tierId` is given. '
        + 'An optional Idempotency-Key is honoured like on the other writes.',
      responses: { 200: { description: 'Updated', schema: s.MembershipSchema }, 422: { description: 'Invalid fields, or Mews refused (detail: the Mews message)' } },
      async handler(c, { params, body, device }) {
        await scope.requireMembership(device, params.id);
        const key = c.req.header(IDEMPOTENCY_KEY_HEADER) === undefined ? undefined : requireIdempotencyKey(c);
        return c.json(await updateMembership(ctx, catalog, params.id, body, device, key));
      },
    }),
    defineRoute({
      method: 'delete', path: '/v1/memberships/:id', tags: managerTags, auth: 'manager', idempotent: true, params: s.MembershipParams,
      summary: 'Delete a membership in Mews; /v1/sync reports it deleted',
      responses: { 204: { description: 'Deleted (also when Mews already had it deleted)' }, 404: { description: 'No such membership' } },
      async handler(c, { params, device, idempotencyKey }) {
        await scope.requireMembership(device, params.id);
        const answer = await idempotentWrite(ctx, { device, key: idempotencyKey, route: 'DELETE /v1/memberships/:id', body: { id: params.id } },
          () => deleted(deleteMembership(ctx, params.id, device)));
        return c.body(null, answer.status as 204);
      },
    }),
  ];
}
