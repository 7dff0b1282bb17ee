/**
 * Search keys folded anew (0008): `ð`, `ħ`, `ŀ`, `ŧ`, `ŋ` and `ĸ` now fold as a desk types them
 * ("Þórður" → "thordur"), so guests mirrored before keep a key no typed name reaches. Their
 * `search_name` is recomputed with the code's own rule, in pages; rows whose key is unchanged
 * are not written.
 */
import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import { searchNameOf } from './search-name';

const PAGE = 1_000;

export const searchFoldMigration: Migration = {
  async up(db: Kysely<any>) {
    let after = '';
    for (;;) {
      const rows: { id: string; first_name: string | null; last_name: string; search_name: string }[] = await db
        .selectFrom('customers').select(['id', 'first_name', 'last_name', 'search_name'])
        .where('id', '>', after).orderBy('id').limit(PAGE).execute();
      for (const row of rows) {
        const key = searchNameOf(row.first_name, row.last_name);
        if (key !== row.search_name) await db.updateTable('customers').set({ search_name: key }).where('id', '=', row.id).execute();
      }
      if (rows.length < PAGE) return;
      after = rows.at(-1)!.id;
    }
  },
};
