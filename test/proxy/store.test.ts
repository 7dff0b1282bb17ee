// @vitest-environment node
/**
 * The store on both engines: migrations create exactly schema.ts, the change sequence
 * counts up, and membership locks really serialize read-modify-write (a control run without
 * the lock loses updates, proving the test can see a race).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../server/proxy/store/db';
import { Migrator } from 'kysely/migration';
import { migrate, migrations } from '../../server/proxy/store/migrations';
import type { Database } from '../../server/proxy/store/schema';
import { currentChangeSeq, nextChangeSeq, withMembershipLock, withMembershipSessionLock } from '../../server/proxy/store/transaction';
import { openPgStoreOn, openTestPgStore, pgAvailable } from './support/postgres';
import { tempDir } from './support/harness';

/** Columns of every table, as schema.ts declares them. */
const EXPECTED_COLUMNS: Record<keyof Database, string[]> = {
  devices: ['id', 'name', 'role', 'token_hash', 'created_at', 'last_seen_at', 'revoked_at', 'enterprise_id'],
  pairing_codes: ['code_hash', 'device_name', 'role', 'created_at', 'expires_at', 'used_at', 'failed_attempts', 'enterprise_id'],
  pairing_failures: ['id', 'at'],
  memberships: ['id', 'chain_id', 'account_id', 'program_id', 'state', 'is_primary', 'number', 'points', 'tier_id', 'expires_at', 'url', 'deleted', 'updated_at', 'fetched_at', 'change_seq', 'as_of_ms', 'home', 'unlinked'],
  customers: ['id', 'first_name', 'last_name', 'email', 'search_name', 'updated_at', 'fetched_at', 'change_seq', 'chain_id'],
  ledger: ['id', 'membership_id', 'idempotency_key', 'delta', 'reason', 'note', 'points_before', 'points_after', 'status', 'kind', 'device_id', 'device_name', 'created_at', 'applied_at', 'fenced_until', 'stay_id', 'rule_version'],
  idempotency: ['key', 'route', 'request_hash', 'status_code', 'response_body', 'created_at'],
  audit_log: ['id', 'at', 'device_id', 'device_name', 'role', 'action', 'subject_id', 'before_json', 'after_json'],
  tier_rules: ['tier_id', 'program_id', 'min_points'],
  program_rules: ['program_id', 'retier_mode', 'tier_order', 'updated_at'],
  sync_state: ['name', 'value'],
  partner_tokens: ['id', 'name', 'token_hash', 'created_at', 'expires_at', 'last_used_at', 'revoked_at'],
  earning_rules: ['program_id', 'version', 'rules_json', 'saved_at', 'saved_by'],
  stays: ['reservation_id', 'program_id', 'membership_id', 'account_id', 'number', 'status', 'skip_reason', 'rule_version', 'tier_id', 'nights', 'revenue_cents', 'points', 'checked_out_at', 'reservation_updated_at', 'updated_at'],
  program_connections: ['program_id', 'mode', 'updated_at'],
  mews_budget_slots: ['id', 'token_key', 'device', 'expires_at'],
  member_profiles: ['membership_id', 'first_name', 'last_name', 'email', 'phone', 'birthday', 'line1', 'city', 'postal_code', 'country_code', 'first_key', 'last_key', 'city_key', 'updated_at'],
};

const COUNTER = 'test_counter';

async function readCounter(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('sync_state').select('value').where('name', '=', COUNTER).executeTakeFirstOrThrow();
  return Number(row.value);
}

/** Read, yield (so others interleave), write +1: loses updates unless serialized. */
async function slowIncrement(db: Kysely<Database>): Promise<void> {
  const value = await readCounter(db);
  await sleep(2);
  await db.updateTable('sync_state').set({ value: String(value + 1) }).where('name', '=', COUNTER).execute();
}

function storeSuite(name: string, open: () => Promise<Store & { second?: () => Promise<Store> }>) {
  describe(name, () => {
    let store: Store & { second?: () => Promise<Store> };
    beforeAll(async () => {
      store = await open();
      await store.db.insertInto('sync_state').values({ name: COUNTER, value: '0' }).execute();
    });
    afterAll(async () => store?.close());

    const reset = () => store.db.updateTable('sync_state').set({ value: '0' }).where('name', '=', COUNTER).execute();

    it('migrations create every table of schema.ts with exactly its columns', async () => {
      // This store's own schema only: other runs' stores share the PostgreSQL database, at other versions.
      const schema = (store as { schema?: string }).schema;
      const tables = (await store.db.introspection.getTables()).filter((t) => schema === undefined || t.schema === schema);
      const byName = new Map(tables.map((t) => [t.name, t.columns.map((c) => c.name).sort()]));
      for (const [table, columns] of Object.entries(EXPECTED_COLUMNS)) {
        expect(byName.get(table), table).toEqual([...columns].sort());
      }
    });

    it('audit_log ids are generated and come back as numbers', async () => {
      const row = await store.db
        .insertInto('audit_log')
        .values({ at: new Date().toISOString(), device_id: null, device_name: null, role: null, action: 'test', subject_id: null, before_json: null, after_json: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      expect(typeof row.id).toBe('number');
    });

    it('nextChangeSeq counts up by one per call, also concurrently', async () => {
      const start = await currentChangeSeq(store.db);
      const seqs = await Promise.all(
        Array.from({ length: 10 }, () => store.db.transaction().execute((trx) => nextChangeSeq(trx))),
      );
      expect([...seqs].sort((a, b) => a - b)).toEqual(Array.from({ length: 10 }, (_, i) => start + i + 1));
      expect(await currentChangeSeq(store.db)).toBe(start + 10);
    });

    it('control: without the lock, concurrent read-modify-write loses updates', async () => {
      await reset();
      await Promise.all(Array.from({ length: 10 }, () => slowIncrement(store.db)));
      expect(await readCounter(store.db)).toBeLessThan(10);
    });

    it('withMembershipLock serializes concurrent increments of one membership', async () => {
      await reset();
      await Promise.all(
        Array.from({ length: 20 }, () => withMembershipLock(store.db, store.dialect, 'm-1', (trx) => slowIncrement(trx))),
      );
      expect(await readCounter(store.db)).toBe(20);
    });

    it('withMembershipLock rolls back when the work throws, and releases the lock', async () => {
      await reset();
      await expect(
        withMembershipLock(store.db, store.dialect, 'm-1', async (trx) => {
          await slowIncrement(trx);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      await withMembershipLock(store.db, store.dialect, 'm-1', (trx) => slowIncrement(trx));
      expect(await readCounter(store.db)).toBe(1);
    });

    it('withMembershipSessionLock serializes work spanning several commits', async () => {
      await reset();
      await Promise.all(
        Array.from({ length: 10 }, () =>
          withMembershipSessionLock(store.db, store.dialect, 'm-2', async (conn) => {
            await conn.transaction().execute((trx) => slowIncrement(trx));
            await sleep(1); // e.g. the Mews call between two commits
            await conn.transaction().execute((trx) => slowIncrement(trx));
          }),
        ),
      );
      expect(await readCounter(store.db)).toBe(20);
    });

    if (name.startsWith('PostgreSQL')) {
      it('serializes across processes: two pools on one database', async () => {
        await reset();
        const other = await store.second!();
        try {
          await Promise.all(
            Array.from({ length: 16 }, (_, i) => {
              const s = i % 2 === 0 ? store : other;
              return withMembershipLock(s.db, s.dialect, 'm-3', (trx) => slowIncrement(trx));
            }),
          );
        } finally {
          await other.close();
        }
        expect(await readCounter(store.db)).toBe(16);
      });
    }
  });
}

storeSuite('SQLite store', async () => {
  const temp = tempDir();
  const store = await openStore(`sqlite:${join(temp.dir, 'nested', 'keycard.sqlite')}`);
  return {
    ...store,
    close: async () => {
      await store.close();
      temp.remove();
    },
  };
});

describe('SQLite store files', () => {
  it('creates the data directory, uses WAL, and migrating twice is harmless', async () => {
    const temp = tempDir();
    try {
      const path = join(temp.dir, 'data', 'keycard.sqlite');
      const first = await openStore(path);
      const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(first.db);
      expect(mode.rows[0]?.journal_mode).toBe('wal');
      const fk = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(first.db);
      expect(fk.rows[0]?.foreign_keys).toBe(1);
      await first.close();
      const second = await openStore(`sqlite:${path}`);
      expect(await currentChangeSeq(second.db)).toBe(0);
      await second.close();
    } finally {
      temp.remove();
    }
  });
});

describe('store migrations over existing data', () => {
  it('0003 rewrites name keys made before apostrophes were dropped, so "oneil" finds O\'Neil', async () => {
    const temp = tempDir();
    try {
      const store = await openStore(join(temp.dir, 'old.sqlite'), { skipMigrations: true });
      const migrator = new Migrator({ db: store.db, provider: { getMigrations: async () => migrations } });
      expect((await migrator.migrateTo('0002_program_rules')).error).toBeUndefined();
      const at = '2026-01-01T00:00:00Z';
      await store.db.insertInto('customers').values([
        { id: 'c-1', first_name: 'Seán', last_name: "O'Neil", email: null, search_name: "o'neil sean|sean o'neil", updated_at: at, fetched_at: at, change_seq: 0 },
        { id: 'c-2', first_name: null, last_name: 'Novák', email: null, search_name: 'novak', updated_at: at, fetched_at: at, change_seq: 0 },
      ] as never).execute();
      expect(await migrate(store.db)).toContain('0003_search_name_keys');
      const keys = await store.db.selectFrom('customers').select(['id', 'search_name']).orderBy('id').execute();
      expect(keys).toEqual([{ id: 'c-1', search_name: 'oneil sean|sean oneil' }, { id: 'c-2', search_name: 'novak' }]);
      await store.close();
    } finally {
      temp.remove();
    }
  });
});

describe('SQLite with a second process writing (the CLI while the proxy runs)', () => {
  it('a read-then-write transaction waits for the other writer instead of failing with SQLITE_BUSY', async () => {
    const temp = tempDir();
    const path = join(temp.dir, 'keycard.sqlite');
    const store = await openStore(path);
    try {
      await store.db.insertInto('sync_state').values({ name: COUNTER, value: '0' }).execute();
      // A separate process that writes once, like `keycard pair` does.
      const script = `
        const Database = require('better-sqlite3');
        const db = new Database(process.argv[1]);
        db.pragma('busy_timeout = 5000');
        console.log('ready');
        setTimeout(() => {
          db.prepare("insert into sync_state (name, value) values ('other_process', '1')").run();
          console.log('wrote');
          db.close();
        }, 50);`;
      let other!: ReturnType<typeof spawn>;
      let output = '';
      await withMembershipLock(store.db, store.dialect, 'm-x', async (trx) => {
        const before = await readCounter(trx);
        other = spawn(process.execPath, ['-e', script, path], { stdio: ['ignore', 'pipe', 'inherit'] });
        other.stdout!.on('data', (d) => (output += d));
        await new Promise<void>((resolve) => other.stdout!.on('data', () => output.includes('ready') && resolve()));
        await sleep(300); // the other process is trying to write now
        await trx.updateTable('sync_state').set({ value: String(before + 1) }).where('name', '=', COUNTER).execute();
      });
      const code = await new Promise<number | null>((resolve) => other.on('exit', resolve));
      expect(code).toBe(0);
      expect(output).toContain('wrote');
      expect(await readCounter(store.db)).toBe(1);
      const row = await store.db.selectFrom('sync_state').select('value').where('name', '=', 'other_process').executeTakeFirst();
      expect(row?.value).toBe('1');
    } finally {
      await store.close();
      temp.remove();
    }
  });
});

describe.skipIf(!pgAvailable)('PostgreSQL', () => {
  storeSuite('PostgreSQL store', async () => {
    const store = await openTestPgStore();
    return { ...store, second: () => openPgStoreOn(store.schema) };
  });
});

describe.skipIf(!pgAvailable)('PostgreSQL: two Keycard stores in one database', () => {
  it('migrates a store in a second schema while the first exists (Kysely once took the first schema\'s lock table for its own)', async () => {
    const first = await openTestPgStore();
    try {
      const second = await openTestPgStore();
      try {
        expect(await currentChangeSeq(second.db)).toBe(0);
        await second.db.insertInto('sync_state').values({ name: COUNTER, value: '1' }).execute();
        expect(await first.db.selectFrom('sync_state').select('name').where('name', '=', COUNTER).execute()).toEqual([]);
      } finally {
        await second.close();
      }
    } finally {
      await first.close();
    }
  });
});
