/** Program and tier administration (managers); reading programs is open to desks, as `/v1/context` carries them. */
import * as v from 'valibot';
import * as s from '../../../../lib/contract';
import { defineRoute, type RouteDefinition } from '../../http/route';
import { deleted, idempotentWrite } from '../core/idempotent-write';
import { createTier, deleteTier, updateTier } from './program-tiers';
import { createProgram, deleteProgram, updateProgram } from './programs';
import type { LoyaltyContext } from '../core/deps';
import type { Catalog } from './catalog';

const tags = ['administration'];
const refusals = {
  404: { description: 'No such program or tier' },
  422: { description: 'Invalid fields, or Mews refused the change (detail: the Mews message)' },
};

export function createProgramsRoutes({ ctx, catalog }: { ctx: LoyaltyContext; catalog: Catalog }): RouteDefinition[] {
  return [
    defineRoute({
      method: 'get', path: '/v1/programs', tags, auth: 'desk',
      summary: 'Loyalty programs with their tiers, thresholds and re-tier mode',
      responses: { 200: { description: 'Programs', schema: v.object({ programs: v.array(s.ProgramSchema) }) } },
      handler: async (c, { device }) => c.json({ programs: await catalog.programsFor(device) }),
    }),
    defineRoute({
      method: 'post', path: '/v1/programs', tags, auth: 'manager', idempotent: true, body: s.CreateProgramBody,
      summary: 'Create a loyalty program in Mews',
      description: 'In the token\'s chain (configuration/get); portfolio tokens name `chainId`.',
      responses: { 201: { description: 'Created', schema: s.ProgramSchema }, 422: refusals[422] },
      async handler(c, { body, device, idempotencyKey }) {
        await catalog.requireOwnChain(device, body.chainId);
        const answer = await idempotentWrite(ctx, { device, key: idempotencyKey, route: 'POST /v1/programs', body },
          async (resumed) => ({ status: 201, body: await createProgram(ctx, catalog, body, device, resumed) }));
        return c.json(answer.body, answer.status as 201);
      },
    }),
    defineRoute({
      method: 'patch', path: '/v1/programs/:id', tags, auth: 'manager', idempotent: true, params: s.ProgramParams, body: s.PatchProgramBody,
      summary: 'Rename or retype a program, or change its re-tier mode',
      responses: { 200: { description: 'Updated', schema: s.ProgramSchema }, ...refusals },
      async handler(c, { params, body, device, idempotencyKey }) {
        await catalog.requireProgramOf(device, params.id);
        const answer = await idempotentWrite(ctx, { device, key: idempotencyKey, route: 'PATCH /v1/programs/:id', body: { ...body, id: params.id } },
          async () => ({ status: 200, body: await updateProgram(ctx, catalog, params.id, body, device) }));
        return c.json(answer.body, answer.status as 200);
      },
    }),
    defineRoute({
      method: 'delete', path: '/v1/programs/:id', tags, auth: 'manager', idempotent: true, params: s.ProgramParams,
      summary: 'Delete a program (Mews refuses while it has memberships)',
      responses: { 204: { description: 'Deleted' }, ...refusals },
      async handler(c, { params, device, idempotencyKey }) {
        await catalog.requireProgramOf(device, params.id);
        const answer = await idempotentWrite(ctx, { device, key: idempotencyKey, route: 'DELETE /v1/programs/:id', body: { id: params.id } },
          (resumed) => deleted(deleteProgram(ctx, catalog, params.id, device, resumed)));
        return c.body(null, answer.status as 204);
      },
    }),
    defineRoute({
      method: 'post', path: '/v1/programs/:id/tiers', tags, auth: 'manager', idempotent: true, params: s.ProgramParams, body: s.CreateTierBody,
      summary: 'Add a tier to a program, with its points threshold',
      responses: { 201: { description: 'Created', schema: s.TierSchema }, ...refusals },
      async handler(c, { params, body, device, idempotencyKey }) {
        await catalog.requireProgramOf(device, params.id);
        const answer = await idempotentWrite(ctx, { device, key: idempotencyKey, route: 'POST /v1/programs/:id/tiers', body: { ...body, id: params.id } },
          async (resumed) => ({ status: 201, body: await createTier(ctx, catalog, params.id, body, device, resumed) }));
        return c.json(answer.body, answer.status as 201);
      },
    }),
    defineRoute({
      method: 'patch', path: '/v1/programs/:id/tiers/:tierId', tags, auth: 'manager', idempotent: true, params: s.TierParams, body: s.PatchTierBody,
      summary: 'Change a tier: name, code, ordering, points threshold',
      responses: { 200: { description: 'Updated', schema: s.TierSchema }, ...refusals },
      async handler(c, { params, body, device, idempotencyKey }) {
        await catalog.requireProgramOf(device, params.id);
        const answer = await idempotentWrite(ctx, { device, key: idempotencyKey, route: 'PATCH /v1/programs/:id/tiers/:tierId', body: { ...body, ...params } },
          async () => ({ status: 200, body: await updateTier(ctx, catalog, params.id, params.tierId, body, device) }));
        return c.json(answer.body, answer.status as 200);
      },
    }),
    defineRoute({
      method: 'delete', path: '/v1/programs/:id/tiers/:tierId', tags, auth: 'manager', idempotent: true, params: s.TierParams,
      summary: 'Delete a tier (Mews refuses while memberships hold it)',
      responses: { 204: { description: 'Deleted' }, ...refusals },
      async handler(c, { params, device, idempotencyKey }) {
        await catalog.requireProgramOf(device, params.id);
        const answer = await idempotentWrite(ctx, { device, key: idempotencyKey, route: 'DELETE /v1/programs/:id/tiers/:tierId', body: params },
          (resumed) => deleted(deleteTier(ctx, catalog, params.id, params.tierId, device, resumed)));
        return c.body(null, answer.status as 204);
      },
    }),
  ];
}
