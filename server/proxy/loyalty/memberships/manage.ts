/**
 * The membership lifecycle (manager): `PATCH /v1/memberships/{id}` (state, tier, expiry,
 * primary flag, program) and `DELETE /v1/memberships/{id}`, written to Mews and mirrored,
 * with an audit entry. Points never change here: they move only through the ledger.
 *
 * Primary: a guest has one primary membership per chain, the one "against which points
 * should be allocated". Making one primary unsets the others in the same Mews update batch;
 * unsetting the primary flag alone is refused (make another one primary instead). Deleting
 * the primary hands the flag to the guest's best remaining membership of that chain, so
 * points never lose the membership they are allocated to.
 */
import type { Membership, MembershipState } from '../../../../lib/contract';
import { recordAudit } from '../../store/audit';
import { notFound, unprocessable, fieldProblem } from '../../http/problems';
import type { LoyaltyMembershipUpdateParameters, MewsLoyaltyMembership } from '../../mews/connector-types';
import { withMembershipSessionLock } from '../../store/transaction';
import type { Catalog } from '../programs/catalog';
import type { LoyaltyContext } from '../core/deps';
import { readMewsMembership, type Actor } from '../points/ledger';
import { idempotentWrite } from '../core/idempotent-write';
import { membershipFromRow, writeMemberships, writtenMembership } from '../../store/mirror-repository';
import { withNextTier } from '../programs/tiers';
import { entryTier } from '../programs/tier-rank';

export interface MembershipPatch {
  state?: MembershipState;
  tierId?: string | null;
  expiresAt?: string | null;
  isPrimary?: boolean;
  /** Moves the membership to another program of its chain; the tier resets unless `tierId` is given. */
  programId?: string;
}

const facts = (m: MewsLoyaltyMembership) => ({
  programId: m.LoyaltyProgramId, state: m.State, tierId: m.LoyaltyTierId ?? null, expiresAt: m.ExpirationDate ?? null, isPrimary: m.IsPrimary,
});

/** The guest's other active memberships in the same chain, as Mews has them now. */
async function siblings(ctx: LoyaltyContext, current: MewsLoyaltyMembership): Promise<MewsLoyaltyMembership[]> {
  const { LoyaltyMemberships } = await ctx.mews.call('loyaltyMemberships/getAll', {
    AccountIds: [current.AccountId],
    ChainIds: [current.ChainId],
    ActivityStates: ['Active'],
    Limitation: { Count: 1000 },
  });
  return LoyaltyMemberships.filter((m) => m.Id !== current.Id && m.ChainId === current.ChainId && m.ActivityState !== 'Deleted');
}

/** The guest's other primary memberships in the same chain. */
const otherPrimaries = async (ctx: LoyaltyContext, current: MewsLoyaltyMembership) =>
  (await siblings(ctx, current)).filter((m) => m.IsPrimary);

/** Living states first: a canceled membership inherits the primary flag only when nothing else is left. */
const STATE_RANK: Record<string, number> = { Enrolled: 0, Pending: 1, New: 2, Declined: 3, Canceled: 4 };

/**
 * Who takes over as primary when the primary is deleted: the remaining membership in the
 * liveliest state, then the one with most points, then by id (Mews's membership has no
 * creation time): a stable, explainable choice a manager can change afterwards.
 */
export function successorOf(remaining: readonly MewsLoyaltyMembership[]): MewsLoyaltyMembership | null {
  const ranked = [...remaining].sort(
    (a, b) =>
      (STATE_RANK[a.State] ?? 5) - (STATE_RANK[b.State] ?? 5) ||
      (b.Points ?? 0) - (a.Points ?? 0) ||
      a.Id.localeCompare(b.Id),
  );
  return ranked[0] ?? null;
}

/** Mews's update parameters for `patch`, checked against the catalog (422 naming the field). */
async function updateFor(
  catalog: Catalog,
  conn: Parameters<Catalog['program']>[1],
  current: MewsLoyaltyMembership,
  patch: MembershipPatch,
): Promise<LoyaltyMembershipUpdateParameters> {
  const moving = patch.programId !== undefined && patch.programId !== current.LoyaltyProgramId;
  const programId = patch.programId ?? current.LoyaltyProgramId;
  const program = await catalog.program(programId, conn);
  if (moving && (!program || program.chainId !== current.ChainId)) {
    throw unprocessable([fieldProblem('/programId', { key: 'fieldProgramOfChain' })]);
  }
  if (patch.tierId && !program?.tiers.some((t) => t.id === patch.tierId)) {
    throw unprocessable([fieldProblem('/tierId', { key: 'fieldTierOfProgram' })]);
  }
  if (patch.isPrimary === false && current.IsPrimary) {
    throw unprocessable([fieldProblem('/isPrimary', { key: 'fieldOnePrimary' })]);
  }
  const update: LoyaltyMembershipUpdateParameters = { LoyaltyMembershipId: current.Id };
  if (moving) update.LoyaltyProgramId = { Value: programId };
  if (patch.state !== undefined) update.State = { Value: patch.state };
  if (patch.tierId !== undefined) update.LoyaltyTierId = { Value: patch.tierId };
  else if (moving) update.LoyaltyTierId = { Value: (program && entryTier(program)?.id) ?? null };
  if (patch.expiresAt !== undefined) update.ExpirationDate = { Value: patch.expiresAt };
  if (patch.isPrimary !== undefined) update.IsPrimary = { Value: patch.isPrimary };
  return update;
}

/**
 * PATCH /v1/memberships/:id: once per Idempotency-Key when one is given; answers the
 * membership with its `nextTier`.
 */
export async function updateMembership(
  ctx: LoyaltyContext,
  catalog: Catalog,
  membershipId: string,
  patch: MembershipPatch,
  device: Actor,
  key: string | undefined,
): Promise<Membership> {
  const answer = await idempotentWrite(ctx, { device, key, route: 'PATCH /v1/memberships/:id', body: { ...patch, id: membershipId } },
    async () => ({ status: 200, body: await patchMembership(ctx, catalog, membershipId, patch, device) }));
  const [membership] = await withNextTier(catalog, [answer.body]);
  return membership ?? answer.body;
}

export async function patchMembership(
  ctx: LoyaltyContext,
  catalog: Catalog,
  membershipId: string,
  patch: MembershipPatch,
  device: Actor,
): Promise<Membership> {
  const { db, dialect } = ctx.store;
  return withMembershipSessionLock(db, dialect, membershipId, async (conn) => {
    const current = await readMewsMembership(ctx, membershipId);
    if (!current || current.ActivityState === 'Deleted') throw notFound({ key: 'noMembership', params: { membershipId: membershipId } });
    const update = await updateFor(catalog, conn, current, patch);
    // Always look when asked for primary: this also repairs a guest who has two.
    const demote = patch.isPrimary === true ? await otherPrimaries(ctx, current) : [];
    const { LoyaltyMemberships } = await ctx.mews.call('loyaltyMemberships/update', {
      LoyaltyMembershipUpdates: [...demote.map((m) => ({ LoyaltyMembershipId: m.Id, IsPrimary: { Value: false } })), update],
      ChainId: current.ChainId,
    });
    const returned = new Map(LoyaltyMemberships.map((m) => [m.Id, m]));
    const updated = returned.get(membershipId) ?? current;
    const demoted = demote.map((m) => returned.get(m.Id) ?? { ...m, IsPrimary: false });
    const now = ctx.now();
    await conn.transaction().execute(async (trx) => {
      await writeMemberships(trx, [updated, ...demoted], now.toISOString());
      await recordAudit(trx, {
        device, action: 'membership.updated', subjectId: membershipId, before: facts(current), after: facts(updated), at: now,
      });
      for (const m of demoted) {
        await recordAudit(trx, {
          device, action: 'membership.primary-moved', subjectId: m.Id, before: { isPrimary: true }, after: { isPrimary: false, primaryId: membershipId }, at: now,
        });
      }
    });
    return membershipFromRow(await writtenMembership(conn, membershipId));
  });
}

/**
 * Deletes the membership in Mews and marks the mirror row deleted, so `/v1/sync` tells every
 * cache. Deleting one Mews already reports deleted just brings the mirror up to date.
 * The ledger keeps its rows: the history outlives the membership.
 */
export async function deleteMembership(ctx: LoyaltyContext, membershipId: string, device: Actor): Promise<void> {
  const { db, dialect } = ctx.store;
  await withMembershipSessionLock(db, dialect, membershipId, async (conn) => {
    const current = await readMewsMembership(ctx, membershipId);
    if (!current) throw notFound({ key: 'noMembership', params: { membershipId: membershipId } });
    const already = current.ActivityState === 'Deleted';
    if (!already) await ctx.mews.call('loyaltyMemberships/delete', { LoyaltyMembershipIds: [membershipId], ChainId: current.ChainId });
    const promoted = current.IsPrimary ? await promoteSuccessor(ctx, current) : null;
    const now = ctx.now();
    await conn.transaction().execute(async (trx) => {
      await writeMemberships(trx, [current], now.toISOString(), { deleted: true });
      if (promoted) {
        await writeMemberships(trx, [promoted], now.toISOString());
        await recordAudit(trx, {
          device, action: 'membership.primary-moved', subjectId: promoted.Id,
          before: { isPrimary: false }, after: { isPrimary: true, previousPrimaryId: membershipId, why: 'primary deleted' }, at: now,
        });
      }
      if (!already) {
        await recordAudit(trx, {
          device, action: 'membership.deleted', subjectId: membershipId,
          before: { ...facts(current), accountId: current.AccountId, number: current.MembershipNumber ?? null, points: current.Points ?? 0 },
          after: null, at: now,
        });
      }
    });
  });
}

/**
 * After the primary is deleted: makes the best remaining membership of the chain primary,
 * unless another already is (a retried delete, or a guest Mews left with two). Runs again on a
 * retried DELETE, so a crash between the two Mews calls heals on the retry.
 */
async function promoteSuccessor(ctx: LoyaltyContext, deleted: MewsLoyaltyMembership): Promise<MewsLoyaltyMembership | null> {
  const remaining = await siblings(ctx, deleted);
  if (remaining.some((m) => m.IsPrimary)) return null;
  const successor = successorOf(remaining);
  if (!successor) return null;
  const { LoyaltyMemberships } = await ctx.mews.call('loyaltyMemberships/update', {
    LoyaltyMembershipUpdates: [{ LoyaltyMembershipId: successor.Id, IsPrimary: { Value: true } }],
    ChainId: deleted.ChainId,
  });
  return LoyaltyMemberships.find((m) => m.Id === successor.Id) ?? { ...successor, IsPrimary: true };
}
