/**
 * The stays' tables: earning-rules versions, what each stay earned per program, and the
 * ledger rows that credited it. Callers pass the connection that holds the membership's lock
 * where a read decides a write.
 */
import type { Kysely, Selectable } from 'kysely';
import type { EarningRules, EarningRulesVersion } from '../../../lib/contract';
import type { LedgerRow } from './ledger-repository';
import type { Database, EarningRulesTable, StaysTable } from './schema';

export type StayRow = Selectable<StaysTable>;

function versionFromRow(row: Selectable<EarningRulesTable>): EarningRulesVersion {
  return { programId: row.program_id, version: row.version, rules: JSON.parse(row.rules_json) as EarningRules, savedAt: row.saved_at, savedBy: row.saved_by };
}

/** Every saved version of every program's rules, oldest first (a handful per program). */
export async function allRuleVersions(db: Kysely<Database>): Promise<EarningRulesVersion[]> {
  const rows = await db.selectFrom('earning_rules').selectAll().orderBy('program_id').orderBy('version').execute();
  return rows.map(versionFromRow);
}

/** The program's rules in force now, or undefined when it earns nothing from stays. */
export async function currentRules(db: Kysely<Database>, programId: string): Promise<EarningRulesVersion | undefined> {
  const row = await db.selectFrom('earning_rules').selectAll().where('program_id', '=', programId).orderBy('version', 'desc').limit(1).executeTakeFirst();
  return row ? versionFromRow(row) : undefined;
}

/**
 * Saves a new version (the next number). Two managers saving at once: the primary key refuses
 * the second insert of a number, and the caller's transaction fails rather than overwrite.
 */
export async function insertRules(db: Kysely<Database>, programId: string, rules: EarningRules, savedBy: string, savedAt: string): Promise<EarningRulesVersion> {
  const last = await db.selectFrom('earning_rules').select((eb) => eb.fn.max('version').as('version')).where('program_id', '=', programId).executeTakeFirst();
  const row = { program_id: programId, version: Number(last?.version ?? 0) + 1, rules_json: JSON.stringify(rules), saved_at: savedAt, saved_by: savedBy };
  await db.insertInto('earning_rules').values(row).execute();
  return versionFromRow(row);
}

export function stayRow(db: Kysely<Database>, reservationId: string, programId: string): Promise<StayRow | undefined> {
  return db.selectFrom('stays').selectAll().where('reservation_id', '=', reservationId).where('program_id', '=', programId).executeTakeFirst();
}

export function stayRowsOf(db: Kysely<Database>, reservationIds: readonly string[]): Promise<StayRow[]> {
  if (reservationIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('stays').selectAll().where('reservation_id', 'in', [...reservationIds]).execute();
}

/** Records what a stay earns in a program (or why nothing), replacing the earlier record. */
export async function saveStay(db: Kysely<Database>, row: StayRow): Promise<void> {
  const { reservation_id: _r, program_id: _p, ...rest } = row;
  await db.insertInto('stays').values(row).onConflict((oc) => oc.columns(['reservation_id', 'program_id']).doUpdateSet(rest)).execute();
}

/** The ledger rows that credited (or corrected, or reversed) a stay on a membership. */
export function stayEntries(db: Kysely<Database>, stayId: string, membershipId: string): Promise<LedgerRow[]> {
  return db.selectFrom('ledger').selectAll().where('stay_id', '=', stayId).where('membership_id', '=', membershipId).orderBy('created_at').execute();
}
