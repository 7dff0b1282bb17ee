// @vitest-environment node
/**
 * prepared-query.ts: a query compiled once per store runs with each call's values, on SQLite and
 * PostgreSQL, inside a transaction too; a query whose shape depends on an argument is refused.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../server/proxy/store/db';
import { preparedQuery } from '../../server/proxy/store/prepared-query';
import { tempDir } from './support/harness';
import { openTestPgStore, pgAvailable } from './support/postgres';

const customer = (id: string, lastName: string) => ({
  id, first_name: null, last_name: lastName, email: null, search_name: lastName.toLowerCase(),
  updated_at: '2026-01-01T00:00:00.000Z', fetched_at: '2026-01-01T00:00:00.000Z', change_seq: 1,
});

const byLastName = preparedQuery((db, lastName: string, limit: number) =>
  db.selectFrom('customers').select(['id']).where('last_name', '=', lastName).where('change_seq', '>', 0).orderBy('id').limit(limit),
);

const stores: { name: string; open: () => Promise<Store & { cleanup?: () => void }> }[] = [
  {
    name: 'sqlite',
    async open() {
      const temp = tempDir('keycard-prepared-');
      const store = await openStore(`sqlite:${join(temp.dir, 'keycard.sqlite')}`);
      return Object.assign(store, { cleanup: temp.remove });
    },
  },
  ...(pgAvailable ? [{ name: 'postgres', open: () => openTestPgStore() }] : []),
];

describe.each(stores)('preparedQuery on $name', ({ open }) => {
  let store: (Store & { cleanup?: () => void }) | undefined;
  afterEach(async () => {
    await store?.close();
    store?.cleanup?.();
  });

  it('answers each call with its own values (compiled once), in a transaction as well', async () => {
    store = await open();
    await store.db.insertInto('customers').values([customer('a', 'Novák'), customer('b', 'Novák'), customer('c', 'Dvořák')]).execute();
    expect(await byLastName(store.db, 'Novák', 10)).toEqual([{ id: 'a' }, { id: 'b' }]);
    expect(await byLastName(store.db, 'Dvořák', 10)).toEqual([{ id: 'c' }]);
    expect(await byLastName(store.db, 'Novák', 1)).toEqual([{ id: 'a' }]);
    const inside = await store.db.transaction().execute((trx) => byLastName(trx, 'Dvořák', 5));
    expect(inside).toEqual([{ id: 'c' }]);
  });

  it("never answers from another caller's open transaction: it waits for the commit", async () => {
    store = await open();
    const db = store.db;
    await db.insertInto('customers').values([customer('a', 'Novák')]).execute();
    let wrote!: () => void;
    const written = new Promise<void>((resolve) => (wrote = resolve));
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    // A write transaction that has written but not yet committed (on SQLite it holds the one connection).
    const writer = db.transaction().execute(async (trx) => {
      await trx.updateTable('customers').set({ last_name: 'Dvořák' }).where('id', '=', 'a').execute();
      wrote();
      await held;
      throw new Error('rolled back');
    });
    await written;
    const read = byLastName(db, 'Dvořák', 10);
    release();
    await expect(writer).rejects.toThrow('rolled back');
    expect(await read).toEqual([]);
    expect(await byLastName(db, 'Novák', 10)).toEqual([{ id: 'a' }]);
  });

  it('refuses a query whose shape would depend on an argument', async () => {
    store = await open();
    const unbound = preparedQuery((db, column: string) => db.selectFrom('customers').select(['id']).orderBy(column as 'id'));
    await expect(unbound(store.db, 'id')).rejects.toThrow(/every argument must be bound as one value/);
  });
});
