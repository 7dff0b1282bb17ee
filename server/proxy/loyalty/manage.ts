/**
 * `PATCH /v1/memberships/{id}` (manager): state, tier, expiry, primary flag, written to Mews
 * and mirrored, with an audit entry. Points never change here: they move only through the
 * ledger.
 */
import type { Membership, MembershipState } from '../../../lib/domain/types';
import { recordAudit } from '../audit';
import { notFound, unprocessable } from '../http/problems';
import type { LoyaltyMembershipUpdateParameters } from '../mews/types';
import { withMembershipSessionLock } from '../store/transaction';
import type { Catalog } from './catalog';
import type { LoyaltyContext } from './deps';
import { readMewsMembership, type Actor } from './ledger';
import { membershipFromRow, writeMemberships } from './mirror';
import { toProblem } from './problems';

export interface MembershipPatch {
  state?: MembershipState;
  tierId?: string | null;
  expiresAt?: string | null;
  isPrimary?: boolean;
}

export async function patchMembership(
  ctx: LoyaltyContext,
  catalog: Catalog,
  membershipId: string,
  patch: MembershipPatch,
  device: Actor,
): Promise<Membership> {
  const { db, dialect } = ctx.store;
  try {
    return await withMembershipSessionLock(db, dialect, membershipId, async (conn) => {
      const current = await readMewsMembership(ctx, membershipId);
      if (!current || current.ActivityState === 'Deleted') throw notFound(`Mews has no loyalty membership ${membershipId}.`);
      if (patch.tierId) {
        const program = await catalog.program(current.LoyaltyProgramId, conn);
        if (!program?.tiers.some((t) => t.id === patch.tierId)) {
          throw unprocessable([{ pointer: '/tierId', detail: 'Not a tier of this membership\'s program.' }]);
        }
      }
      const update: LoyaltyMembershipUpdateParameters = { LoyaltyMembershipId: membershipId };
      if (patch.state !== undefined) update.State = { Value: patch.state };
      if (patch.tierId !== undefined) update.LoyaltyTierId = { Value: patch.tierId };
      if (patch.expiresAt !== undefined) update.ExpirationDate = { Value: patch.expiresAt };
      if (patch.isPrimary !== undefined) update.IsPrimary = { Value: patch.isPrimary };
      const { LoyaltyMemberships } = await ctx.mews.call('loyaltyMemberships/update', {
        LoyaltyMembershipUpdates: [update],
        ChainId: current.ChainId,
      });
      const updated = LoyaltyMemberships.find((m) => m.Id === membershipId) ?? current;
      const now = ctx.now();
      await conn.transaction().execute(async (trx) => {
        await writeMemberships(trx, [updated], now.toISOString());
        await recordAudit(trx, {
          device,
          action: 'membership.updated',
          subjectId: membershipId,
          before: { state: current.State, tierId: current.LoyaltyTierId ?? null, expiresAt: current.ExpirationDate ?? null, isPrimary: current.IsPrimary },
          after: { state: updated.State, tierId: updated.LoyaltyTierId ?? null, expiresAt: updated.ExpirationDate ?? null, isPrimary: updated.IsPrimary },
          at: now,
        });
      });
      const row = await conn.selectFrom('memberships').selectAll().where('id', '=', membershipId).executeTakeFirstOrThrow();
      return membershipFromRow(row);
    });
  } catch (error) {
    throw toProblem(error);
  }
}
