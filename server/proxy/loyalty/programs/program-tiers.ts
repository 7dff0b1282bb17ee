/**
 * Tier administration (manager): tiers are Mews's (name, code, ordering); the points
 * threshold `minPoints` is Keycard's, kept in `tier_rules`. Every write is audited and
 * refreshes the catalog.
 */
import type { Tier } from '../../../../lib/contract';
import { recordAudit } from '../../store/audit';
import { ProblemError, notFound } from '../../http/problems';
import type { MewsLoyaltyTier } from '../../mews/connector-types';
import { forgetTierRule, saveMinPoints } from '../../store/program-rules-repository';
import type { Catalog } from './catalog';
import type { Actor, LoyaltyContext } from '../core/deps';
import { existingProgram } from './programs';

export interface NewTier {
  name: string;
  code: string;
  ordering: number;
  minPoints?: number | null;
  chainId?: string;
}

export interface TierPatch {
  name?: string;
  code?: string;
  ordering?: number;
  minPoints?: number | null;
}

const tierFacts = (t: Tier) => ({ name: t.name, code: t.code, ordering: t.ordering, minPoints: t.minPoints });

async function refreshedTier(catalog: Catalog, programId: string, mews: MewsLoyaltyTier, minPoints: number | null): Promise<Tier> {
  catalog.invalidate();
  const program = await catalog.program(programId);
  return program?.tiers.find((t) => t.id === mews.Id) ?? {
    id: mews.Id, programId, name: mews.Name, code: mews.Code, ordering: mews.Ordering, minPoints,
  };
}

/** A tier of the program, or 404 naming both. */
async function existingTier(catalog: Catalog, programId: string, tierId: string): Promise<Tier> {
  const program = await existingProgram(catalog, programId);
  const tier = program.tiers.find((t) => t.id === tierId);
  if (!tier) throw notFound({ key: 'noTier', params: { programId: programId, tierId: tierId } });
  return tier;
}

export async function createTier(ctx: LoyaltyContext, catalog: Catalog, programId: string, input: NewTier, device: Actor, resumed: boolean): Promise<Tier> {
  if (resumed) catalog.invalidate();
  const program = await existingProgram(catalog, programId);
  const earlier = resumed ? program.tiers.find((t) => t.code === input.code) : undefined;
  let added: MewsLoyaltyTier | undefined = earlier
    ? { Id: earlier.id, LoyaltyProgramId: programId, Name: earlier.name, Code: earlier.code, Ordering: earlier.ordering }
    : undefined;
  if (!added) {
    const { LoyaltyTiers } = await ctx.mews.call('loyaltyTiers/add', {
      LoyaltyTiers: [{ LoyaltyProgramId: programId, Name: input.name, Code: input.code, Ordering: input.ordering }],
      ChainId: input.chainId ?? program.chainId,
    });
    added = LoyaltyTiers[0];
    if (!added) throw new ProblemError(502, 'Bad gateway', { key: 'mewsReturnedNoTier' });
  }
  const tierId = added.Id;
  const minPoints = input.minPoints ?? null;
  const now = ctx.now();
  await ctx.store.db.transaction().execute(async (trx) => {
    if (input.minPoints !== undefined) await saveMinPoints(trx, tierId, programId, minPoints);
    await recordAudit(trx, {
      device, action: 'tier.created', subjectId: tierId, before: null,
      after: { programId, name: input.name, code: input.code, ordering: input.ordering, minPoints }, at: now,
    });
  });
  return refreshedTier(catalog, programId, added, minPoints);
}

export async function updateTier(ctx: LoyaltyContext, catalog: Catalog, programId: string, tierId: string, patch: TierPatch, device: Actor): Promise<Tier> {
  const before = await existingTier(catalog, programId, tierId);
  let mews: MewsLoyaltyTier = { Id: tierId, LoyaltyProgramId: programId, Name: before.name, Code: before.code, Ordering: before.ordering };
  if (patch.name !== undefined || patch.code !== undefined || patch.ordering !== undefined) {
    const { LoyaltyTiers } = await ctx.mews.call('loyaltyTiers/update', {
      LoyaltyTierUpdates: [{
        LoyaltyTierId: tierId,
        ...(patch.name !== undefined ? { Name: { Value: patch.name } } : {}),
        ...(patch.code !== undefined ? { Code: { Value: patch.code } } : {}),
        ...(patch.ordering !== undefined ? { Ordering: { Value: patch.ordering } } : {}),
      }],
    });
    mews = LoyaltyTiers.find((t) => t.Id === tierId) ?? mews;
  }
  const now = ctx.now();
  const minPoints = patch.minPoints !== undefined ? patch.minPoints : before.minPoints;
  if (patch.minPoints !== undefined) await saveMinPoints(ctx.store.db, tierId, programId, patch.minPoints);
  const after = await refreshedTier(catalog, programId, mews, minPoints);
  await recordAudit(ctx.store.db, { device, action: 'tier.updated', subjectId: tierId, before: tierFacts(before), after: tierFacts(after), at: now });
  return after;
}

/** Mews refuses to delete a tier memberships still hold (403 → 422 with its message). */
export async function deleteTier(ctx: LoyaltyContext, catalog: Catalog, programId: string, tierId: string, device: Actor, resumed: boolean): Promise<void> {
  if (resumed) catalog.invalidate();
  const program = await existingProgram(catalog, programId);
  const before = program.tiers.find((t) => t.id === tierId);
  if (!before) {
    if (resumed) return;
    throw notFound({ key: 'noTier', params: { programId: programId, tierId: tierId } });
  }
  await ctx.mews.call('loyaltyTiers/delete', { LoyaltyTierIds: [tierId] });
  catalog.invalidate();
  const now = ctx.now();
  await ctx.store.db.transaction().execute(async (trx) => {
    await forgetTierRule(trx, tierId);
    await recordAudit(trx, { device, action: 'tier.deleted', subjectId: tierId, before: { programId, ...tierFacts(before) }, after: null, at: now });
  });
}
