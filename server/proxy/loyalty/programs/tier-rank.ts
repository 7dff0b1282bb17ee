/**
 * Which tier ranks above which. Mews tiers carry an `Ordering`, but the docs never say whether a
 * higher one is a higher tier (their own example has Platinum = 1, Silver = 2; the sandbox's
 * seed has Silver = 1). So Keycard ranks by what it knows: Keycard's points thresholds where two
 * tiers have them, else the direction a manager confirmed for the program (`tierOrder`). With
 * neither, it does not guess: no entry tier on enrollment, no "N points to" and no promotion
 * past a tier without a threshold.
 */
import type { Program, Tier, TierOrder } from '../../../../lib/contract';

type Ranked = Pick<Program, 'tiers'> & { tierOrder?: TierOrder | null };

/** > 0 when `a` ranks above `b`, < 0 below, 0 the same tier; undefined when Keycard cannot tell. */
export function compareTiers(program: Ranked, a: Tier, b: Tier): number | undefined {
  if (a.id === b.id) return 0;
  if (a.minPoints !== null && b.minPoints !== null && a.minPoints !== b.minPoints) return a.minPoints - b.minPoints;
  if (program.tierOrder === 'ascending') return a.ordering - b.ordering;
  if (program.tierOrder === 'descending') return b.ordering - a.ordering;
  return undefined;
}

/** Whether every two of the program's tiers can be ranked. */
export function rankKnown(program: Ranked): boolean {
  return !!program.tierOrder || program.tiers.every((t) => t.minPoints !== null);
}

/**
 * The tiers lowest first, as `/v1/context` lists them: by rank where it is known, else by
 * `Ordering` (for display only; nothing is decided from that order).
 */
export function rankedTiers<T extends Tier>(program: Pick<Program, 'tierOrder'> & { tiers: T[] }): T[] {
  return [...program.tiers].sort((a, b) => compareTiers(program, a, b) || a.ordering - b.ordering || a.id.localeCompare(b.id));
}

/** The tier a new member starts in: the lowest, when the rank is known. */
export function entryTier(program: Ranked): Tier | undefined {
  return rankKnown(program) ? rankedTiers(program)[0] : undefined;
}
