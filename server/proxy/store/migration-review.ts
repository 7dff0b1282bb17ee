/**
 * After the security review (0007, issue 17):
 * - pairing codes are hashed with a key outside the store (auth/secrets.ts): codes stored
 *   under plain SHA-256 would never match again, and live 15 minutes at most, so they go;
 * - a code counts the wrong tries made while it is live, and is burnt after too many;
 * - failed pairing attempts are kept (briefly) in the store, so every proxy instance on one
 *   PostgreSQL enforces one cap.
 * (Idempotency records are swept by `created_at`, indexed since 0001.)
 */
import type { Migration } from 'kysely/migration';

export const securityReviewMigration: Migration = {
  async up(db) {
    await db.deleteFrom('pairing_codes').execute();
    await db.schema.alterTable('pairing_codes').addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    await db.schema
      .createTable('pairing_failures')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('pairing_failures_at').on('pairing_failures').column('at').execute();
  },
};
