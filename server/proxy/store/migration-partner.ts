/**
 * Partner tokens (0006): what Mews presents when it calls Keycard's Loyalty Partner API. Kept
 * apart from desk devices: a partner is an integration, not a browser, and two of its tokens
 * are valid at once while Mews rotates from one to the next.
 */
import type { Migration } from 'kysely/migration';

export const partnerTokensMigration: Migration = {
  async up(db) {
    await db.schema
      .createTable('partner_tokens')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('last_used_at', 'text')
      .addColumn('revoked_at', 'text')
      .execute();
  },
};
