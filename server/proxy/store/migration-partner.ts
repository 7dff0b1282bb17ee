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

/**
 * Partner programs (0007): a program is connected either through the Connector API (Mews holds
 * its memberships, Keycard mirrors them) or as a partner program (Keycard holds them and Mews
 * asks through the Loyalty Partner API). `memberships.home` says where a row's truth lives, so
 * a program can move its rows one by one; `member_profiles` is what a loyalty provider keeps of
 * its members for Mews's searches (the address Mews sends at enrollment; the mirror has none).
 */
export const partnerProgramsMigration: Migration = {
  async up(db) {
    await db.schema
      .createTable('program_connections')
      .addColumn('program_id', 'text', (c) => c.primaryKey())
      .addColumn('mode', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.alterTable('memberships').addColumn('home', 'text', (c) => c.notNull().defaultTo('mews')).execute();
    await db.schema.alterTable('memberships').addColumn('unlinked', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    await db.schema
      .createTable('member_profiles')
      .addColumn('membership_id', 'text', (c) => c.primaryKey())
      .addColumn('first_name', 'text')
      .addColumn('last_name', 'text')
      .addColumn('email', 'text')
      .addColumn('phone', 'text')
      .addColumn('birthday', 'text')
      .addColumn('line1', 'text')
      .addColumn('city', 'text')
      .addColumn('postal_code', 'text')
      .addColumn('country_code', 'text')
      .addColumn('first_key', 'text')
      .addColumn('last_key', 'text')
      .addColumn('city_key', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('member_profiles_email').on('member_profiles').column('email').execute();
    await db.schema.createIndex('member_profiles_last_key').on('member_profiles').column('last_key').execute();
    await db.schema.createIndex('memberships_home').on('memberships').columns(['home', 'program_id']).execute();
  },
};
