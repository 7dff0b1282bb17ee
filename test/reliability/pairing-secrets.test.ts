// @vitest-environment node
/**
 * Security review, issue 17 row 8: pairing codes (~40 bits) were stored as plain SHA-256, so
 * anyone holding a copy of the store could try all 31^8 codes offline in minutes and pair as a
 * manager while a code was live; and the store's files were created 0644, readable by every
 * account on the server. Codes must be stored under a keyed hash whose key is not in the
 * store, and the store's files (SQLite, -wal, -shm, the key file) must be 0600.
 */
import { createHash } from 'node:crypto';
import { chmodSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Migrator } from 'kysely/migration';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PairingError, redeemPairingCode } from '../../server/proxy/auth/pairing';
import { openStore, type Store } from '../../server/proxy/store/db';
import { migrate, migrations } from '../../server/proxy/store/migrations';
import { tempDir } from '../proxy/support/harness';
import { runKeycard } from '../proxy/support/keycard-cli';
import { openTestPgStore, pgAvailable } from '../proxy/support/postgres';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

let temp: ReturnType<typeof tempDir>;
let databaseUrl: string;
beforeEach(() => {
  temp = tempDir('keycard-secrets-');
  databaseUrl = `sqlite:${join(temp.dir, 'keycard.sqlite')}`;
});
afterEach(() => temp.remove());

/** Mints a code with the real CLI, as a manager would. */
function mintWithCli(env: Record<string, string> = {}): string {
  const out = runKeycard(databaseUrl, ['pair', '--name', 'Desk 1', '--role', 'manager'], env);
  expect(out.code, out.stderr).toBe(0);
  return /^Pairing code: (\S+)$/m.exec(out.stdout)![1]!;
}

/** Permission bits of every file in the store's folder. */
const modes = (dir: string) => Object.fromEntries(readdirSync(dir).map((name) => [name, (statSync(join(dir, name)).mode & 0o777).toString(8)]));

describe('pairing codes are stored under a keyed hash', () => {
  it('a stolen store cannot confirm a guess with plain SHA-256; the proxy still pairs the code', async () => {
    const code = mintWithCli();
    const store = await openStore(databaseUrl);
    try {
      const [row] = await store.db.selectFrom('pairing_codes').select('code_hash').execute();
      for (const guess of [code, code.replace('-', ''), code.toLowerCase()]) expect(row!.code_hash).not.toBe(sha256(guess));
      // The key is shared through the server's files, not the database: CLI and proxy agree.
      const { device } = await redeemPairingCode(store, { code });
      expect(device).toMatchObject({ name: 'Desk 1', role: 'manager' });
    } finally {
      await store.close();
    }
  }, 60_000);

  it('PAIRING_SECRET is the key when set: a store with another key does not know the code', async () => {
    const code = mintWithCli({ PAIRING_SECRET: 'a'.repeat(43) });
    const other = await openStore(databaseUrl, { pairingSecret: 'b'.repeat(43) });
    try {
      await expect(redeemPairingCode(other, { code })).rejects.toBeInstanceOf(PairingError);
    } finally {
      await other.close();
    }
    const same = await openStore(databaseUrl, { pairingSecret: 'a'.repeat(43) });
    try {
      expect((await redeemPairingCode(same, { code })).device.role).toBe('manager');
    } finally {
      await same.close();
    }
  }, 60_000);
});

describe('the store\'s files are readable by the proxy\'s account only', () => {
  it('the SQLite file, its -wal and -shm, and the key file are created 0600, and a loose one is tightened', async () => {
    mintWithCli();
    const store = await openStore(databaseUrl);
    await store.db.selectFrom('devices').selectAll().execute(); // -wal and -shm exist while open
    const created = modes(temp.dir);
    await store.close();
    expect(Object.keys(created)).toEqual(expect.arrayContaining(['keycard.sqlite', 'keycard.sqlite-wal', 'keycard.sqlite-shm']));
    for (const [name, mode] of Object.entries(created)) expect(mode, name).toBe('600');

    // A store made by an older Keycard (0644) is tightened when opened.
    chmodSync(join(temp.dir, 'keycard.sqlite'), 0o644);
    const reopened = await openStore(databaseUrl);
    await reopened.close();
    for (const [name, mode] of Object.entries(modes(temp.dir))) expect(mode, name).toBe('600');
  }, 60_000);
});

/** A pairing code row as Keycard stored it before: plain SHA-256 of the code. */
async function olderStoreWithCode(store: Store & { schema?: string }): Promise<void> {
  // As migrate() does: on PostgreSQL, Kysely's bookkeeping in this store's own schema.
  const schema = store.schema ? { migrationTableSchema: store.schema } : {};
  const migrator = new Migrator({ db: store.db, provider: { getMigrations: async () => migrations }, ...schema });
  const { error } = await migrator.migrateTo('0006_partner_tokens');
  if (error) throw error;
  const now = new Date();
  await store.db.insertInto('pairing_codes').values({
    code_hash: sha256('K7QM3XPA'), device_name: 'Desk 1', role: 'manager', created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + 10 * 60_000).toISOString(), used_at: null,
  } as never).execute();
}

const dialects = (['sqlite', 'postgres'] as const).filter((d) => d === 'sqlite' || pgAvailable);
describe.each(dialects)('the migration to keyed codes (%s)', (dialect) => {
  it('drops the codes stored under plain SHA-256: they would never match again, and they are minutes-lived', async () => {
    const store = dialect === 'postgres' ? await openTestPgStore({ skipMigrations: true }) : await openStore(databaseUrl, { skipMigrations: true });
    try {
      await olderStoreWithCode(store);
      await migrate(store.db);
      expect(await store.db.selectFrom('pairing_codes').selectAll().execute()).toEqual([]);
      await expect(redeemPairingCode(store, { code: 'K7QM-3XPA' })).rejects.toBeInstanceOf(PairingError);
    } finally {
      await store.close();
    }
  });
});
