/**
 * Points from stays (0005): versioned earning rules per program, one row per stay and program
 * saying what it earned (or why nothing), and the ledger's link from a row to its stay.
 * The ledger stays the truth of what was credited: a stay's credit is the sum of its rows.
 */
import { sql } from 'kysely';
import type { Migration } from 'kysely/migration';

export const staysMigration: Migration = {
  async up(db) {
    await db.schema
      .createTable('earning_rules')
      .addColumn('program_id', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('rules_json', 'text', (c) => c.notNull())
      .addColumn('saved_at', 'text', (c) => c.notNull())
      .addColumn('saved_by', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('earning_rules_pk', ['program_id', 'version'])
      .execute();
    await db.schema
      .createTable('stays')
      .addColumn('reservation_id', 'text', (c) => c.notNull())
      // '' for a stay skipped before any program applied (a company's reservation).
      .addColumn('program_id', 'text', (c) => c.notNull())
      .addColumn('membership_id', 'text')
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('number', 'text')
      .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('credited', 'skipped', 'review')`))
      .addColumn('skip_reason', 'text')
      .addColumn('rule_version', 'integer')
      .addColumn('tier_id', 'text')
      .addColumn('nights', 'integer', (c) => c.notNull())
      .addColumn('revenue_cents', 'bigint', (c) => c.notNull())
      .addColumn('points', 'integer', (c) => c.notNull())
      .addColumn('checked_out_at', 'text')
      // The reservation's UpdatedUtc this record was computed from: an older snapshot never undoes it.
      .addColumn('reservation_updated_at', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('stays_pk', ['reservation_id', 'program_id'])
      .execute();
    await db.schema.createIndex('stays_membership').on('stays').columns(['membership_id', 'checked_out_at']).execute();
    await db.schema.alterTable('ledger').addColumn('stay_id', 'text').execute();
    await db.schema.alterTable('ledger').addColumn('rule_version', 'integer').execute();
    await db.schema.createIndex('ledger_stay').on('ledger').columns(['stay_id', 'membership_id']).execute();
  },
};
