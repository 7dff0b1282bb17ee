/**
 * The store's migrations, in code (no migration folder to ship), one set for SQLite and
 * PostgreSQL. They create exactly the tables of `schema.ts`; portable column types (text,
 * integer, bigint) keep the two engines returning the same JS values.
 *
 * To change the schema, append a migration here (never edit an applied one) and update
 * `schema.ts` in the same commit. Names sort lexically: keep the `NNNN_` prefix.
 */
import { Kysely, PostgresAdapter, sql } from 'kysely';
import { Migrator, type Migration } from 'kysely/migration';
import type { Database } from './schema';
import { searchNameOf } from './search-name';
import { staysMigration } from './migration-stays';
import { partnerProgramsMigration, partnerTokensMigration } from './migration-partner';
import { searchFoldMigration } from './migration-search-fold';
import { securityReviewMigration } from './migration-review';
import { deskCapsMigration } from './migration-desk-caps';
import { mewsBudgetMigration } from './migration-mews-budget';

/** Whether `db` talks to PostgreSQL (the only place the dialects' DDL differs). */
export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

const initial: Migration = {
  async up(db) {
    const pg = isPostgres(db);

    await db.schema
      .createTable('devices')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('desk', 'manager')`))
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('last_seen_at', 'text')
      .addColumn('revoked_at', 'text')
      .execute();

    await db.schema
      .createTable('pairing_codes')
      .addColumn('code_hash', 'text', (c) => c.primaryKey())
      .addColumn('device_name', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('desk', 'manager')`))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('used_at', 'text')
      .execute();

    await db.schema
      .createTable('memberships')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('chain_id', 'text', (c) => c.notNull())
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('program_id', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('is_primary', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('number', 'text')
      .addColumn('points', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('tier_id', 'text')
      .addColumn('expires_at', 'text')
      .addColumn('url', 'text')
      .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('fetched_at', 'text', (c) => c.notNull())
      .addColumn('change_seq', 'bigint', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.createIndex('memberships_account_id').on('memberships').column('account_id').execute();
    await db.schema.createIndex('memberships_program_id').on('memberships').column('program_id').execute();
    await db.schema.createIndex('memberships_number').on('memberships').column('number').execute();
    await db.schema.createIndex('memberships_change_seq').on('memberships').column('change_seq').execute();

    await db.schema
      .createTable('customers')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('first_name', 'text')
      .addColumn('last_name', 'text', (c) => c.notNull())
      .addColumn('email', 'text')
      .addColumn('search_name', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('fetched_at', 'text', (c) => c.notNull())
      .addColumn('change_seq', 'bigint', (c) => c.notNull().defaultTo(0))
      .execute();
    // Prefix search (`search_name like 'smi%'`): PostgreSQL only uses a btree for LIKE
    // under the C collation or with text_pattern_ops; SQLite needs no opclass.
    if (pg) await sql`create index customers_search_name on customers (search_name text_pattern_ops)`.execute(db);
    else await db.schema.createIndex('customers_search_name').on('customers').column('search_name').execute();
    await db.schema.createIndex('customers_email').on('customers').column('email').execute();
    await db.schema.createIndex('customers_change_seq').on('customers').column('change_seq').execute();

    await db.schema
      .createTable('ledger')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('membership_id', 'text', (c) => c.notNull())
      .addColumn('idempotency_key', 'text', (c) => c.notNull())
      .addColumn('delta', 'integer', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('points_before', 'integer')
      .addColumn('points_after', 'integer')
      .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'applied', 'review')`))
      .addColumn('kind', 'text', (c) => c.notNull().defaultTo('adjustment'))
      .addColumn('device_id', 'text', (c) => c.notNull())
      .addColumn('device_name', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('applied_at', 'text')
      .execute();
    await db.schema
      .createIndex('ledger_membership_created')
      .on('ledger')
      .columns(['membership_id', 'created_at'])
      .execute();
    // Reconciliation at start scans for non-applied rows.
    await db.schema.createIndex('ledger_status').on('ledger').column('status').execute();

    await db.schema
      .createTable('idempotency')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('route', 'text', (c) => c.notNull())
      .addColumn('request_hash', 'text', (c) => c.notNull())
      .addColumn('status_code', 'integer')
      .addColumn('response_body', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('idempotency_created_at').on('idempotency').column('created_at').execute();

    await db.schema
      .createTable('audit_log')
      .addColumn('id', pg ? 'serial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('device_id', 'text')
      .addColumn('device_name', 'text')
      .addColumn('role', 'text')
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('subject_id', 'text')
      .addColumn('before_json', 'text')
      .addColumn('after_json', 'text')
      .execute();
    await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
    await db.schema.createIndex('audit_log_subject_id').on('audit_log').column('subject_id').execute();

    await db.schema
      .createTable('tier_rules')
      .addColumn('tier_id', 'text', (c) => c.primaryKey())
      .addColumn('program_id', 'text', (c) => c.notNull())
      .addColumn('min_points', 'integer')
      .execute();
    await db.schema.createIndex('tier_rules_program_id').on('tier_rules').column('program_id').execute();

    await db.schema
      .createTable('sync_state')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .execute();
    // nextChangeSeq() increments this row in place, so it must exist from the start.
    await db.insertInto('sync_state' as never).values({ name: 'change_seq', value: '0' } as never).execute();
  },
  async down(db) {
    for (const table of [
      'sync_state',
      'tier_rules',
      'audit_log',
      'idempotency',
      'ledger',
      'customers',
      'memberships',
      'pairing_codes',
      'devices',
    ]) {
      await db.schema.dropTable(table).ifExists().execute();
    }
  },
};

/** Per-program re-tier mode; a ledger index by time for the manager's CSV export. */
const programRules: Migration = {
  async up(db) {
    await db.schema
      .createTable('program_rules')
      .addColumn('program_id', 'text', (c) => c.primaryKey())
      .addColumn('retier_mode', 'text', (c) => c.notNull().check(sql`retier_mode in ('up', 'both')`))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('ledger_created_id').on('ledger').columns(['created_at', 'id']).execute();
  },
  async down(db) {
    await db.schema.dropIndex('ledger_created_id').ifExists().execute();
    await db.schema.dropTable('program_rules').ifExists().execute();
  },
};

/**
 * Every migration, by name. Append new ones with the next `NNNN_` prefix.
 * Exported so tests (and the loyalty module, if it ever needs a table) can see the list.
 */
/**
 * Name keys now drop apostrophes and split on other punctuation, as the desk's cache does
 * ("o'neil" finds O'Neil). Recomputes every stored key; rows whose key is unchanged stay put.
 */
const searchNameKeys: Migration = {
  async up(db) {
    const store = db as Kysely<Database>;
    let after = '';
    for (;;) {
      const rows = await store
        .selectFrom('customers')
        .select(['id', 'first_name', 'last_name', 'search_name'])
        .where('id', '>', after)
        .orderBy('id')
        .limit(1000)
        .execute();
      if (rows.length === 0) return;
      for (const row of rows) {
        const key = searchNameOf(row.first_name, row.last_name ?? '');
        if (key !== row.search_name) await store.updateTable('customers').set({ search_name: key }).where('id', '=', row.id).execute();
      }
      after = rows.at(-1)!.id;
    }
  },
};

/**
 * The write fence (loyalty/points/fence.ts) needs until when a pending write may still land; the mirror keeps when
 * its facts were known true, so an answer that left Mews earlier cannot overwrite a newer one.
 */
const writeFence: Migration = {
  async up(db) {
    await db.schema.alterTable('ledger').addColumn('fenced_until', 'text').execute();
    await db.schema.alterTable('memberships').addColumn('as_of_ms', 'bigint').execute();
  },
};

/** A program's tier direction (loyalty/programs/tier-rank.ts): the Mews docs leave it open. */
const tierOrder: Migration = {
  async up(db) {
    await db.schema.alterTable('program_rules')
      .addColumn('tier_order', 'text', (c) => c.check(sql`tier_order in ('ascending', 'descending')`)).execute();
  },
};

/**
 * Portfolio Access Tokens (issue 16 #5): each device, and the code that pairs it, belongs to one
 * enterprise; the mirror keeps each guest's chain, so a desk sees only its chain's guests.
 */
const portfolioEnterprises: Migration = {
  async up(db) {
    await db.schema.alterTable('devices').addColumn('enterprise_id', 'text').execute();
    await db.schema.alterTable('pairing_codes').addColumn('enterprise_id', 'text').execute();
    await db.schema.alterTable('customers').addColumn('chain_id', 'text').execute();
  },
};

export const migrations: Record<string, Migration> = {
  '0001_initial': initial,
  '0002_program_rules': programRules,
  '0003_search_name_keys': searchNameKeys,
  '0004_write_fence': writeFence,
  '0005_stays': staysMigration,
  '0006_partner_tokens': partnerTokensMigration,
  '0007_partner_programs': partnerProgramsMigration,
  '0008_search_fold': searchFoldMigration,
  '0009_pairing_keys_and_retention': securityReviewMigration,
  '0010_desk_caps': deskCapsMigration,
  '0011_tier_order': tierOrder,
  '0012_portfolio_enterprises': portfolioEnterprises,
  '0013_mews_budget': mewsBudgetMigration,
};

/**
 * Brings the store to the latest schema. Safe to call from several processes at once:
 * Kysely takes a migration lock (an advisory lock on PostgreSQL, a lock table on SQLite).
 *
 * @example
 * await migrate(store.db); // openStore() already does this unless told not to
 */
export async function migrate(db: Kysely<Database>): Promise<string[]> {
  // Kysely looks for its bookkeeping tables in every schema unless told which: with two
  // Keycard stores in one database (two schemas), the second found the first's lock table,
  // skipped creating its own and failed ("kysely_migration_lock does not exist").
  const schema = isPostgres(db) ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema : undefined;
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations }, ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Store migration ${failed} failed: ${(error as Error).message ?? String(error)}`, {
      cause: error,
    });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
