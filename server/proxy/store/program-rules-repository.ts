/**
 * Keycard's own rules on Mews programs and tiers, which Mews has no field for: a program's
 * re-tier mode and tier direction (`program_rules`) and a tier's points threshold (`tier_rules`). The catalog
 * joins them to the Mews lists on every read, so a rule change shows at once. Each takes the
 * Kysely to use: a membership lock's connection, a transaction, or the pool.
 */
import type { Kysely } from 'kysely';
import type { RetierMode, TierOrder } from '../../../lib/contract';
import type { Database } from './schema';

/** Every tier's threshold by tier id (null: the tier has a rule row but no threshold). */
export async function tierThresholds(db: Kysely<Database>): Promise<Map<string, number | null>> {
  return new Map((await db.selectFrom('tier_rules').selectAll().execute()).map((r) => [r.tier_id, r.min_points]));
}

/** Every program's stored re-tier mode by program id; programs without one are absent. */
export async function retierModes(db: Kysely<Database>): Promise<Map<string, RetierMode>> {
  return new Map((await db.selectFrom('program_rules').selectAll().execute()).map((r) => [r.program_id, r.retier_mode]));
}

export async function saveRetierMode(db: Kysely<Database>, programId: string, mode: RetierMode, now: Date): Promise<void> {
  await db.insertInto('program_rules')
    .values({ program_id: programId, retier_mode: mode, updated_at: now.toISOString() })
    .onConflict((oc) => oc.column('program_id').doUpdateSet({ retier_mode: mode, updated_at: now.toISOString() }))
    .execute();
}

/** Every program's confirmed tier direction by program id; programs without one are absent. */
export async function tierOrders(db: Kysely<Database>): Promise<Map<string, TierOrder>> {
  const rows = await db.selectFrom('program_rules').select(['program_id', 'tier_order']).where('tier_order', 'is not', null).execute();
  return new Map(rows.map((r) => [r.program_id, r.tier_order as TierOrder]));
}

/** Stores the tier direction; a program without rules yet gets `retierMode` (the default) with it. */
export async function saveTierOrder(db: Kysely<Database>, programId: string, order: TierOrder, retierMode: RetierMode, now: Date): Promise<void> {
  await db.insertInto('program_rules')
    .values({ program_id: programId, retier_mode: retierMode, tier_order: order, updated_at: now.toISOString() })
    .onConflict((oc) => oc.column('program_id').doUpdateSet({ tier_order: order, updated_at: now.toISOString() }))
    .execute();
}

export async function saveMinPoints(db: Kysely<Database>, tierId: string, programId: string, minPoints: number | null): Promise<void> {
  await db.insertInto('tier_rules')
    .values({ tier_id: tierId, program_id: programId, min_points: minPoints })
    .onConflict((oc) => oc.column('tier_id').doUpdateSet({ min_points: minPoints, program_id: programId }))
    .execute();
}

/** A deleted program's tier thresholds, then its re-tier mode. */
export async function forgetProgramRules(db: Kysely<Database>, programId: string): Promise<void> {
  await db.deleteFrom('tier_rules').where('program_id', '=', programId).execute();
  await db.deleteFrom('program_rules').where('program_id', '=', programId).execute();
}

/** A deleted tier's threshold. */
export async function forgetTierRule(db: Kysely<Database>, tierId: string): Promise<void> {
  await db.deleteFrom('tier_rules').where('tier_id', '=', tierId).execute();
}
