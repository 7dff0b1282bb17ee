/**
 * Program administration (manager): create, rename/retype, delete loyalty programs in Mews,
 * and Keycard's own per-program settings, the re-tier mode and the tier direction (which way
 * the tiers' Ordering runs: Mews does not say, so a manager confirms it). Programs live at chain level: the
 * chain is the token's own (configuration/get) unless a portfolio caller names one.
 * Every write is audited and refreshes the catalog, so `/v1/context` shows it at once.
 */
import type { Kysely } from 'kysely';
import type { Program, ProgramType, RetierMode, Subscription, TierOrder } from '../../../../lib/contract';
import { recordAudit } from '../../store/audit';
import { ProblemError, notFound } from '../../http/problems';
import type { MewsLoyaltyProgram } from '../../mews/connector-types';
import type { Database } from '../../store/schema';
import { forgetProgramRules, saveRetierMode, saveTierOrder } from '../../store/program-rules-repository';
import { DEFAULT_RETIER_MODE, type Catalog } from './catalog';
import type { Actor, LoyaltyContext } from '../core/deps';

export interface NewProgram {
  name: string;
  code: string;
  type: ProgramType;
  subscription: Subscription;
  retierMode?: RetierMode;
  tierOrder?: TierOrder;
  /** Portfolio tokens only: the chain to create the program in. */
  chainId?: string;
}

export interface ProgramPatch {
  name?: string;
  type?: ProgramType;
  subscription?: Subscription;
  retierMode?: RetierMode;
  tierOrder?: TierOrder;
  chainId?: string;
}

/** The program as the audit log keeps it (no tiers: they have their own entries). */
export const programFacts = (p: Program) => ({
  name: p.name, code: p.code, type: p.type, subscription: p.subscription, chainId: p.chainId, retierMode: p.retierMode ?? null,
  tierOrder: p.tierOrder ?? null,
});

/** Keycard's own settings of a program, as given (re-tier mode, tier direction). */
async function saveRules(db: Kysely<Database>, programId: string, rules: Pick<ProgramPatch, 'retierMode' | 'tierOrder'>, now: Date) {
  if (rules.retierMode) await saveRetierMode(db, programId, rules.retierMode, now);
  if (rules.tierOrder) await saveTierOrder(db, programId, rules.tierOrder, rules.retierMode ?? DEFAULT_RETIER_MODE, now);
}

/** A program from the catalog, or 404. */
export async function existingProgram(catalog: Catalog, programId: string): Promise<Program> {
  const program = await catalog.program(programId);
  if (!program) throw notFound({ key: 'noProgram', params: { programId: programId } });
  return program;
}

/** The catalog's view after a write (re-read from Mews), falling back to what Mews answered. */
async function refreshed(catalog: Catalog, mews: MewsLoyaltyProgram): Promise<Program> {
  catalog.invalidate();
  return (await catalog.program(mews.Id)) ?? {
    id: mews.Id, chainId: mews.ChainId, name: mews.Name, code: mews.Code, type: mews.Type, subscription: mews.Subscription, tiers: [],
  };
}

export async function createProgram(ctx: LoyaltyContext, catalog: Catalog, input: NewProgram, device: Actor, resumed: boolean): Promise<Program> {
  // The manager's enterprise's chain: a portfolio's stand-in enterprise has a chain of its own that holds nothing.
  const chainId = input.chainId ?? (await catalog.enterpriseOf(device)).ChainId;
  let added: MewsLoyaltyProgram | undefined;
  if (resumed) {
    // The first attempt may have reached Mews: codes are unique, so look for ours first.
    catalog.invalidate();
    const found = (await catalog.programs()).find((p) => p.code === input.code && p.chainId === chainId);
    if (found) added = { Id: found.id, ChainId: found.chainId, Name: found.name, Code: found.code, Type: found.type, Subscription: found.subscription };
  }
  if (!added) {
    const { LoyaltyPrograms } = await ctx.mews.call('loyaltyPrograms/add', {
      LoyaltyPrograms: [{ Name: input.name, Code: input.code, Type: input.type, Subscription: input.subscription }],
      ChainId: chainId,
    });
    added = LoyaltyPrograms[0];
    if (!added) throw new ProblemError(502, 'Bad gateway', { key: 'mewsReturnedNoProgram' });
  }
  const programId = added.Id;
  const now = ctx.now();
  await ctx.store.db.transaction().execute(async (trx) => {
    await saveRules(trx, programId, input, now);
    await recordAudit(trx, {
      device, action: 'program.created', subjectId: programId, before: null,
      after: {
        name: input.name, code: input.code, type: input.type, subscription: input.subscription, chainId: added.ChainId,
        retierMode: input.retierMode ?? null, tierOrder: input.tierOrder ?? null,
      },
      at: now,
    });
  });
  return refreshed(catalog, added);
}

export async function updateProgram(ctx: LoyaltyContext, catalog: Catalog, programId: string, patch: ProgramPatch, device: Actor): Promise<Program> {
  const before = await existingProgram(catalog, programId);
  let mews: MewsLoyaltyProgram = {
    Id: before.id, ChainId: before.chainId, Name: before.name, Code: before.code, Type: before.type, Subscription: before.subscription,
  };
  if (patch.name !== undefined || patch.type !== undefined || patch.subscription !== undefined) {
    const { LoyaltyPrograms } = await ctx.mews.call('loyaltyPrograms/update', {
      LoyaltyProgramUpdates: [{
        LoyaltyProgramId: programId,
        ...(patch.name !== undefined ? { Name: { Value: patch.name } } : {}),
        ...(patch.type !== undefined ? { Type: { Value: patch.type } } : {}),
        ...(patch.subscription !== undefined ? { Subscription: { Value: patch.subscription } } : {}),
      }],
      ChainId: patch.chainId ?? before.chainId,
    });
    mews = LoyaltyPrograms.find((p) => p.Id === programId) ?? mews;
  }
  const now = ctx.now();
  await saveRules(ctx.store.db, programId, patch, now);
  const after = await refreshed(catalog, mews);
  await recordAudit(ctx.store.db, {
    device, action: 'program.updated', subjectId: programId, before: programFacts(before), after: programFacts(after), at: now,
  });
  return after;
}

/**
 * Deletes a program in Mews. Mews refuses while the program has memberships; that refusal
 * (403) reaches the manager as a 422 problem carrying Mews's own message. A retry after an
 * unknown outcome that finds the program gone counts as done.
 */
export async function deleteProgram(ctx: LoyaltyContext, catalog: Catalog, programId: string, device: Actor, resumed: boolean): Promise<void> {
  if (resumed) catalog.invalidate();
  const before = await catalog.program(programId);
  if (!before) {
    if (resumed) return;
    throw notFound({ key: 'noProgram', params: { programId: programId } });
  }
  // The delete operation documents no ChainId (the ids are global), so none is sent.
  await ctx.mews.call('loyaltyPrograms/delete', { LoyaltyProgramIds: [programId] });
  catalog.invalidate();
  const now = ctx.now();
  await ctx.store.db.transaction().execute(async (trx) => {
    await forgetProgramRules(trx, programId);
    await recordAudit(trx, {
      device, action: 'program.deleted', subjectId: programId,
      before: { ...programFacts(before), tiers: before.tiers.map((t) => ({ id: t.id, name: t.name, minPoints: t.minPoints })) },
      after: null, at: now,
    });
  });
}
