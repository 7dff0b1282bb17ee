/**
 * What Mews's Loyalty section asks of Keycard (LP workflows): search members, enroll a guest,
 * list memberships (Refresh, and the nightly job for next-day arrivals) and link or unlink a
 * membership. Everything answers from Keycard's store; enrolling goes through the same
 * enrollment as the desk's Enroll button, so numbers, tiers, idempotency and audit are one.
 */
import type {
  MemberFilter, PartnerCustomer, PartnerMember, PartnerMembership, Program,
} from '../../../../lib/contract';
import { ProblemError, notFound, unprocessable } from '../../http/problems';
import { recordAudit } from '../../store/audit';
import {
  heldByIds, heldOfAccountInProgram, profilesOf, saveProfile, searchHeld, setLink,
} from '../../store/partner-member-repository';
import { withMembershipSessionLock } from '../../store/transaction';
import type { Actor, LoyaltyContext } from '../core/deps';
import { enroll } from '../memberships/enrollment';
import type { Lookups } from '../memberships/lookups';
import type { Catalog } from '../programs/catalog';
import { partnerMember, partnerMembership, profileFilterOf } from './wire';

/** At most this many members per search: Mews shows them in a pick list. */
const SEARCH_LIMIT = 50;

export const INVALID_SEARCH_TYPE = 'https://purl.mews.com/problem/loyalty/invalid-member-search-criteria';

export interface PartnerMembers {
  programs(): Promise<Program[]>;
  search(filter: MemberFilter): Promise<PartnerMember[]>;
  enroll(request: { providerProgramId: string; mewsCustomerId: string; customer: PartnerCustomer }, partner: Actor): Promise<PartnerMembership>;
  list(ids: readonly string[]): Promise<PartnerMembership[]>;
  link(request: { providerMembershipId: string; mewsCustomerId: string; action: 'link' | 'unlink' }, partner: Actor): Promise<PartnerMembership>;
}

export function createPartnerMembers(ctx: LoyaltyContext, catalog: Catalog, lookups: Lookups): PartnerMembers {
  const { db, dialect } = ctx.store;
  const partnerPrograms = async () => (await catalog.programs()).filter((p) => p.connection === 'partner');

  async function answer(id: string): Promise<PartnerMembership> {
    const [row] = await heldByIds(db, [id]);
    return partnerMembership(row, id, await catalog.programs());
  }

  async function guestKnown(customerId: string): Promise<void> {
    if (!(await lookups.refreshAccounts([customerId])).has(customerId)) throw notFound(`Mews has no customer ${customerId}.`);
  }

  return {
    programs: partnerPrograms,

    async search(filter) {
      const query = profileFilterOf(filter);
      if (!query) {
        throw new ProblemError(400, 'Invalid member search criteria',
          'Search by email, membership number, provider membership id, first and last name, or last name with city and country code.',
          { type: INVALID_SEARCH_TYPE });
      }
      const rows = await searchHeld(db, query, SEARCH_LIMIT);
      const [profiles, programs] = await Promise.all([profilesOf(db, rows.map((r) => r.id)), catalog.programs()]);
      return rows.map((row) => partnerMember(row, profiles.get(row.id), programs));
    },

    async enroll(request, partner) {
      const program = (await partnerPrograms()).find((p) => p.id === request.providerProgramId);
      if (!program) throw unprocessable([{ pointer: '/providerProgramId', detail: 'No partner loyalty program with this id.' }]);
      // Documented: a customer already enrolled gets 200 with the membership they have.
      const existing = await heldOfAccountInProgram(db, request.mewsCustomerId, program.id);
      const id = existing?.id ?? (await enroll(ctx, catalog, lookups, { accountId: request.mewsCustomerId, programId: program.id }, partner,
        // Mews sends no Idempotency-Key; "enroll this guest in this program" is itself the key.
        `partner-enroll:${program.id}:${request.mewsCustomerId}`)).body.id;
      await saveProfile(db, id, request.customer, ctx.now().toISOString());
      return answer(id);
    },

    async list(ids) {
      const rows = new Map((await heldByIds(db, ids)).map((r) => [r.id, r]));
      const programs = await catalog.programs();
      return ids.map((id) => partnerMembership(rows.get(id), id, programs));
    },

    async link(request, partner) {
      const id = request.providerMembershipId;
      // The answer is read after the lock is released: inside, only the lock's connection.
      await withMembershipSessionLock(db, dialect, id, async (conn) => {
        const [row] = await heldByIds(conn, [id]);
        if (!row || (row.deleted === 1 && row.unlinked === 0)) throw notFound(`Keycard has no membership ${id}.`);
        const linked = row.unlinked === 0;
        if (request.action === 'unlink' ? !linked : linked && row.account_id === request.mewsCustomerId) return;
        if (request.action === 'link') {
          await guestKnown(request.mewsCustomerId);
          const other = await heldOfAccountInProgram(conn, request.mewsCustomerId, row.program_id);
          if (other && other.id !== id) {
            throw unprocessable([{ pointer: '/providerMembershipId', detail: `The customer already has membership ${other.number ?? other.id} in this program.` }]);
          }
        }
        const at = ctx.now();
        await conn.transaction().execute(async (trx) => {
          await setLink(trx, id, request.action === 'link' ? { accountId: request.mewsCustomerId } : null, at.toISOString());
          await recordAudit(trx, {
            device: partner,
            action: request.action === 'link' ? 'membership.linked' : 'membership.unlinked',
            subjectId: id,
            before: { accountId: linked ? row.account_id : null },
            after: { accountId: request.action === 'link' ? request.mewsCustomerId : null },
            at,
          });
        });
      });
      return answer(id);
    },
  };
}
