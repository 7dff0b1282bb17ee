/**
 * Desk caps (0010): every desk adjustment counts what its device gave in the last 24 hours
 * (loyalty/points/caps.ts), so the ledger is read by device and time; by membership and time
 * it already is (`ledger_membership_created`).
 */
import type { Migration } from 'kysely/migration';

export const deskCapsMigration: Migration = {
  async up(db) {
    await db.schema.createIndex('ledger_device_created').on('ledger').columns(['device_id', 'created_at']).execute();
  },
  async down(db) {
    await db.schema.dropIndex('ledger_device_created').ifExists().execute();
  },
};
