/**
 * The manager's routes of Proxy API v1: program and tier administration, membership
 * deletion and the ledger export. Reading programs is open to desks (the same list
 * `/v1/context` carries); every write needs a manager device and an `Idempotency-Key`.
 */
import * as v from 'valibot';
import {
  CreateProgramBody, CreateTierBody, ExportQuery, MembershipParams, PatchProgramBody, PatchTierBody, ProgramParams, ProgramSchema, TierParams, TierSchema,
} from '../../../lib/contract';
import { defineRoute, type RouteDefinition } from '../http/route';
import type { Catalog } from './catalog';
import type { LoyaltyContext } from './deps';
import { idempotentWrite } from './idempotent-write';
import { exportRange, ledgerCsv, MAX_EXPORT_DAYS } from './ledger-export';
import { deleteMembership } from './manage';
import { createTier, deleteTier, updateTier } from './program-tiers';
import { createProgram, deleteProgram, updateProgram } from './programs';

const tags = ['administration'];
const refusals = {
  404: { description: 'No such program or tier' },
  422: { description: 'Invalid fields, or Mews refused the change (detail: the Mews message)' },
};
/** Runs a delete and answers 204 with no body (stored as null for replays). */
const deleted = async (run: Promise<void>) => {
  await run;
  return { status: 204, body: null };
};

export function createAdminRoutes({ ctx, catalog }: { ctx: LoyaltyContext; catalog: Catalog }): RouteDefinition[] {
  return [
    defineRoute({
      method: 'get', path: '/v1/programs', tags, auth: 'desk',
      summary: 'Loyalty programs with their tiers, thresholds and re-tier mode',
      responses: { 200: { description: 'Programs', schema: v.object({ programs: v.array(ProgramSchema) }) } },
      handler: async (c) => c.json({ programs: await catalog.programs() }),
    }),
    defineRoute({
      method: 'post', path: '/v1/programs', tags, auth: 'manager', idempotent: true, body: CreateProgramBody,
      summary: 'Create a loyalty program in Mews',
      description: 'In the token\'s chain (configuration/get); portfolio tokens name `chainId`.',
      responses: { 201: { description: 'Created', schema: ProgramSchema }, 422: refusals[422] },
      async handler(c, { body, device, idempotencyKey }) {
        const answer = await idempotentWrite(ctx, { device, key: idempotencyKey, route: 'POST /v1/programs', body },
          async (resumed) => ({ status: 201, body: await createProgram(ctx, catalog, body, device, resumed) }));
        return c.json(answer.body, answer.status as 201);
      },
    }),
    defineRoute({
      method: 'patch', path: '/v1/programs/:id', tags, auth: 'manager', idempotent: true, params: ProgramParams, body: PatchProgramBody,
      summary: 'Rename or retype a program, or change its re-tier mode',
      responses: { 200: { description: 'Updated', schema: ProgramSchema }, ...refusals },
      async handler(c, { params, body, device, idempotencyKey }) {
        const answer = await idempotentWrite(ctx, { device, key: idempotencyKey, route: 'PATCH /v1/programs/:id', body: { ...body, id: params.id } },
          async () => ({ status: 200, body: await updateProgram(ctx, catalog, params.id, body, device) }));
        return c.json(answer.body, answer.status as 200);
      },
    }),
    defineRoute({
      method: 'delete', path: '/v1/programs/:id', tags, auth: 'manager', idempotent: true, params: ProgramParams,
      summary: 'Delete a program (Mews refuses while it has memberships)',
      responses: { 204: { description: 'Deleted' }, ...refusals },
      async handler(c, { params, device, idempotencyKey }) {
        const answer = await idempotentWrite(ctx, { device, key: idempotencyKey, route: 'DELETE /v1/programs/:id', body: { id: params.id } },
          (resumed) => deleted(deleteProgram(ctx, catalog, params.id, device, resumed)));
        return c.body(null, answer.status as 204);
      },
    }),
    defineRoute({
      method: 'post', path: '/v1/programs/:id/tiers', tags, auth: 'manager', idempotent: true, params: ProgramParams, body: CreateTierBody,
      summary: 'Add a tier to a program, with its points threshold',
      responses: { 201: { description: 'Created', schema: TierSchema }, ...refusals },
      async handler(c, { params, body, device, idempotencyKey }) {
        const answer = await idempotentWrite(ctx, { device, key: idempotencyKey, route: 'POST /v1/programs/:id/tiers', body: { ...body, id: params.id } },
          async (resumed) => ({ status: 201, body: await createTier(ctx, catalog, params.id, body, device, resumed) }));
        return c.json(answer.body, answer.status as 201);
      },
    }),
    defineRoute({
      method: 'patch', path: '/v1/programs/:id/tiers/:tierId', tags, auth: 'manager', idempotent: true, params: TierParams, body: PatchTierBody,
      summary: 'Change a tier: name, code, ordering, points threshold',
      responses: { 200: { description: 'Updated', schema: TierSchema }, ...refusals },
      async handler(c, { params, body, device, idempotencyKey }) {
        const answer = await idempotentWrite(ctx, { device, key: idempotencyKey, route: 'PATCH /v1/programs/:id/tiers/:tierId', body: { ...body, ...params } },
          async () => ({ status: 200, body: await updateTier(ctx, catalog, params.id, params.tierId, body, device) }));
        return c.json(answer.body, answer.status as 200);
      },
    }),
    defineRoute({
      method: 'delete', path: '/v1/programs/:id/tiers/:tierId', tags, auth: 'manager', idempotent: true, params: TierParams,
      summary: 'Delete a tier (Mews refuses while memberships hold it)',
      responses: { 204: { description: 'Deleted' }, ...refusals },
      async handler(c, { params, device, idempotencyKey }) {
        const answer = await idempotentWrite(ctx, { device, key: idempotencyKey, route: 'DELETE /v1/programs/:id/tiers/:tierId', body: params },
          (resumed) => deleted(deleteTier(ctx, catalog, params.id, params.tierId, device, resumed)));
        return c.body(null, answer.status as 204);
      },
    }),
    defineRoute({
      method: 'delete', path: '/v1/memberships/:id', tags, auth: 'manager', idempotent: true, params: MembershipParams,
      summary: 'Delete a membership in Mews; /v1/sync reports it deleted',
      responses: { 204: { description: 'Deleted (also when Mews already had it deleted)' }, 404: { description: 'No such membership' } },
      async handler(c, { params, device, idempotencyKey }) {
        const answer = await idempotentWrite(ctx, { device, key: idempotencyKey, route: 'DELETE /v1/memberships/:id', body: { id: params.id } },
          () => deleted(deleteMembership(ctx, params.id, device)));
        return c.body(null, answer.status as 204);
      },
    }),
    defineRoute({
      method: 'get', path: '/v1/ledger/export.csv', tags, auth: 'manager', query: ExportQuery,
      summary: 'The ledger between two dates (the hotel\'s calendar days, both included) as CSV',
      description: `At most ${MAX_EXPORT_DAYS} days. Columns: date, membership id, membership number, guest name, delta, reason, note, before, after, status, device. Text cells starting with = + - @ are prefixed with '.`,
      responses: { 200: { description: 'RFC 4180 CSV, oldest first', contentType: 'text/csv', schema: v.string() } },
      async handler(c, { query }) {
        exportRange(query.from, query.to); // a bad range is a 422 even while Mews is away
        // The books are kept in hotel days: 23:30 in Prague on the 31st belongs to the 31st.
        const { TimeZoneIdentifier } = await catalog.enterprise();
        const range = exportRange(query.from, query.to, TimeZoneIdentifier);
        return new Response(ledgerCsv(ctx.store.db, range), {
          headers: {
            'Content-Type': 'text/csv; charset=utf-8',
            'Content-Disposition': `attachment; filename="keycard-ledger-${query.from}-${query.to}.csv"`,
            'Cache-Control': 'no-store',
          },
        });
      },
    }),
  ];
}
