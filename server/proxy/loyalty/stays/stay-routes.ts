/** Earning rules per program (managers set them; desks read them for estimates) and the backfill. */
import * as s from '../../../../lib/contract';
import { defineRoute, type RouteDefinition } from '../../http/route';
import type { LoyaltyContext } from '../core/deps';
import { idempotentWrite } from '../core/idempotent-write';
import type { Catalog } from '../programs/catalog';
import { backfill } from './backfill';
import { programEarning, saveEarning } from './earning-rules';
import { stayOf } from './stay-view';
import type { DeskScope } from '../core/desk-scope';

const tags = ['stays'];

export function createStaysRoutes({ ctx, catalog, scope }: { ctx: LoyaltyContext; catalog: Catalog; scope: DeskScope }): RouteDefinition[] {
  return [
    defineRoute({
      method: 'get', path: '/v1/reservations/:reservationId/stay', tags, auth: 'desk', params: s.ReservationParams,
      summary: 'The stay on a reservation: nights, revenue so far, and per program what it earned or would earn',
      responses: { 200: { description: 'The stay', schema: s.StaySchema }, 404: { description: 'No such reservation' } },
      handler: async (c, { params, device }) => {
        await scope.requireReservation(device, params.reservationId);
        return c.json(await stayOf(ctx, params.reservationId));
      },
    }),
    defineRoute({
      method: 'get', path: '/v1/programs/:id/earning', tags, auth: 'desk', params: s.ProgramParams,
      summary: 'The earning rules in force for a program (null: it earns nothing from stays)',
      responses: { 200: { description: 'Rules and their version', schema: s.ProgramEarningSchema }, 404: { description: 'No such program' } },
      handler: async (c, { params, device }) => {
        await catalog.requireProgramOf(device, params.id);
        return c.json(await programEarning(ctx, catalog, params.id));
      },
    }),
    defineRoute({
      method: 'put', path: '/v1/programs/:id/earning', tags, auth: 'manager', idempotent: true, params: s.ProgramParams, body: s.EarningRulesSchema,
      summary: 'Save new earning rules (a new version; stays use the version in force at their check-out)',
      responses: {
        200: { description: 'The saved version', schema: s.ProgramEarningSchema },
        404: { description: 'No such program' },
        422: { description: 'Invalid rules, e.g. a multiplier for a tier of another program' },
      },
      async handler(c, { params, body, device, idempotencyKey }) {
        await catalog.requireProgramOf(device, params.id);
        const answer = await idempotentWrite(ctx, { device, key: idempotencyKey, route: 'PUT /v1/programs/:id/earning', body: { ...body, id: params.id } },
          async () => ({ status: 200, body: await saveEarning(ctx, catalog, params.id, body, device) }));
        return c.json(answer.body, answer.status as 200);
      },
    }),
    defineRoute({
      method: 'post', path: '/v1/accrual/backfill', tags, auth: 'manager', body: s.BackfillBody,
      summary: 'Credit stays checked out in a past date range (dryRun, the default, only reports)',
      description: 'Read in windows of at most 3 months. A second real run credits nothing new: only differences are written.',
      responses: { 200: { description: 'What was (or would be) credited', schema: s.BackfillReportSchema }, 422: { description: 'Invalid range' } },
      handler: async (c, { body }) => c.json(await backfill(ctx, catalog, body)),
    }),
  ];
}
