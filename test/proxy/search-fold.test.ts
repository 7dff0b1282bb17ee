// @vitest-environment node
/** Migration 0008: guests mirrored under the old folding get the key a desk's typing reaches. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../server/proxy/store/db';
import { searchFoldMigration } from '../../server/proxy/store/migration-search-fold';

let store: Store;
beforeAll(async () => {
  store = await openStore('sqlite::memory:');
});
afterAll(() => store.close());

describe('search keys folded anew', () => {
  it('rewrites an old key, leaves current ones alone', async () => {
    const row = (id: string, first: string, last: string, key: string) => ({
      id, first_name: first, last_name: last, email: null, search_name: key, updated_at: 'x', fetched_at: 'x', change_seq: 1,
    });
    await store.db.insertInto('customers').values([
      row('a', 'Þórður', 'Ólafsdóttir', 'olafsdottir thorður|thorður olafsdottir'),
      row('b', 'Jana', 'Nováková', 'novakova jana|jana novakova'),
    ]).execute();
    await searchFoldMigration.up(store.db);
    const keys = await store.db.selectFrom('customers').select(['id', 'search_name']).orderBy('id').execute();
    expect(keys).toEqual([
      { id: 'a', search_name: 'olafsdottir thordur|thordur olafsdottir' },
      { id: 'b', search_name: 'novakova jana|jana novakova' },
    ]);
  });
});
