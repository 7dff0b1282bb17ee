/**
 * The Loyalty Partner API under `/partner/v1` (Mews calls these with a partner token; answers
 * and problems in Mews's camelCase vocabulary, see http/partner-problems.ts), and the manager's
 * switch of a program between the Connector API and partner.
 */
import * as v from 'valibot';
import * as s from '../../../../lib/contract';
import { defineRoute, type RouteDefinition } from '../../http/route';
import type { MewsClient } from '../../mews/client';
import { idempotentWrite } from '../core/idempotent-write';
import type { LoyaltyContext } from '../core/deps';
import type { Catalog } from '../programs/catalog';
import { partnerActor } from '../../auth/partner-tokens';
import { connectProgram } from './connection';
import type { PartnerMembers } from './members';

const tags = ['partner'];
const membershipAnswer = v.object({ membership: s.PartnerMembershipSchema });

export function createPartnerRoutes(
  { ctx, catalog, partner, connectorMews }: { ctx: LoyaltyContext; catalog: Catalog; partner: PartnerMembers; connectorMews: MewsClient },
): RouteDefinition[] {
  return [
    defineRoute({
      method: 'get', path: '/partner/v1/programs', tags, auth: 'partner',
      summary: 'Partner programs Mews may offer when staff add a membership (Keycard\'s addition)',
      responses: { 200: { description: 'Programs', schema: v.object({ programs: v.array(s.PartnerProgramSchema) }) } },
      handler: async (c) => c.json({
        programs: (await partner.programs()).map((p) => ({ providerProgramId: p.id, name: p.name, code: p.code })),
      }),
    }),
    defineRoute({
      method: 'post', path: '/partner/v1/members/search', tags, auth: 'partner', body: s.MemberSearchRequestSchema,
      summary: 'Search members',
      description: 'One documented filter combination: email; membershipNumber; providerMembershipId; firstName + lastName; lastName + city + countryCode.',
      responses: { 200: { description: 'Matching members (at most 50)', schema: v.object({ members: v.array(s.PartnerMemberSchema) }) } },
      handler: async (c, { body }) => c.json({ members: await partner.search(body.memberFilter) }),
    }),
    defineRoute({
      method: 'post', path: '/partner/v1/members', tags, auth: 'partner', body: s.EnrollRequestSchema,
      summary: 'Enroll a customer (an enrolled one gets their existing membership)',
      responses: { 200: { description: 'The membership', schema: membershipAnswer } },
      handler: async (c, { body }) => c.json({ membership: await partner.enroll(body, partnerActor(c.get('partner'))) }),
    }),
    defineRoute({
      method: 'post', path: '/partner/v1/memberships/list', tags, auth: 'partner', body: s.MembershipListRequestSchema,
      summary: 'List memberships by providerMembershipId (Refresh, and the nightly job for next-day arrivals)',
      responses: { 200: { description: 'One membership per id, in order; unknown ids as notFound', schema: v.object({ memberships: v.array(s.PartnerMembershipSchema) }) } },
      handler: async (c, { body }) => c.json({ memberships: await partner.list(body.providerMembershipIds) }),
    }),
    defineRoute({
      method: 'put', path: '/partner/v1/memberships/link', tags, auth: 'partner', body: s.LinkRequestSchema,
      summary: 'Link a membership to a Mews customer, or unlink it',
      responses: { 200: { description: 'The membership', schema: membershipAnswer } },
      handler: async (c, { body }) => c.json({ membership: await partner.link(body, partnerActor(c.get('partner'))) }),
    }),
    defineRoute({
      method: 'put', path: '/v1/programs/:id/connection', tags: ['administration'], auth: 'manager', idempotent: true,
      params: s.ProgramParams, body: s.ConnectionRequestSchema,
      summary: 'Connect a program through the Connector API or as a partner program',
      description: 'To partner: each membership moves into Keycard\'s store and its Connector copy is deleted in Mews; `remaining` > 0 means run it again. Back to connector: refused (409) while the program holds memberships.',
      responses: { 200: { description: 'What moved', schema: s.ConnectionReportSchema }, 404: { description: 'No such program' }, 409: { description: 'The program holds partner memberships' } },
      async handler(c, { params, body, device, idempotencyKey }) {
        await catalog.requireProgramOf(device, params.id);
        const answer = await idempotentWrite(ctx, { device, key: idempotencyKey, route: 'PUT /v1/programs/:id/connection', body: { ...body, id: params.id } },
          async () => ({ status: 200, body: await connectProgram(ctx, catalog, connectorMews, params.id, body.connection, device) }));
        return c.json(answer.body, answer.status as 200);
      },
    }),
  ];
}
