/**
 * A program's earning rules, as a manager reads and saves them. Every save is a new version
 * (audited); stays are credited with the version in force at their check-out (rulesAt).
 */
import type { EarningRules, EarningRulesVersion, ProgramEarning } from '../../../../lib/contract';
import { notFound, unprocessable, fieldProblem } from '../../http/problems';
import { recordAudit } from '../../store/audit';
import { currentRules, insertRules } from '../../store/stay-repository';
import type { Actor, LoyaltyContext } from '../core/deps';
import type { Catalog } from '../programs/catalog';

export async function programEarning(ctx: LoyaltyContext, catalog: Catalog, programId: string): Promise<ProgramEarning> {
  if (!(await catalog.program(programId))) throw notFound({ key: 'noProgram', params: { programId: programId } });
  return { earning: (await currentRules(ctx.store.db, programId)) ?? null };
}

/** Saves the rules as the program's next version; a multiplier must name one of its tiers. */
export async function saveEarning(ctx: LoyaltyContext, catalog: Catalog, programId: string, rules: EarningRules, actor: Actor): Promise<ProgramEarning> {
  const program = await catalog.program(programId);
  if (!program) throw notFound({ key: 'noProgram', params: { programId: programId } });
  const tierIds = new Set(program.tiers.map((t) => t.id));
  const strangers = Object.keys(rules.tierMultipliers).filter((id) => !tierIds.has(id));
  if (strangers.length > 0) {
    throw unprocessable(strangers.map((id) => fieldProblem(`/tierMultipliers/${id}`, { key: 'fieldNotATier', params: { tierId: id, program: program.name } })));
  }
  const now = ctx.now();
  const saved = await ctx.store.db.transaction().execute(async (trx) => {
    const before = await currentRules(trx, programId);
    const version = await insertRules(trx, programId, rules, actor.name, now.toISOString());
    await recordAudit(trx, { device: actor, action: 'earning.updated', subjectId: programId, before: before ?? null, after: version, at: now });
    return version;
  });
  return { earning: saved };
}

/**
 * The version a stay checked out at `checkedOutAt` is computed with: the last one saved by
 * then. A program's first version also governs stays before it, so a backfill of stays older
 * than the rules earns by them (there were no other rules to apply).
 */
export function rulesAt(versions: readonly EarningRulesVersion[], programId: string, checkedOutAt: string): EarningRulesVersion | undefined {
  const own = versions.filter((v) => v.programId === programId);
  const inForce = own.filter((v) => v.savedAt <= checkedOutAt).at(-1);
  return inForce ?? own[0];
}
