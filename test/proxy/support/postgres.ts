/**
 * PostgreSQL for the proxy's tests. The URL comes from KEYCARD_TEST_PG_URL (or
 * TEST_DATABASE_URL), else the local default below. When nothing answers, PostgreSQL
 * suites are skipped — loudly, with the commands that enable them.
 *
 * Each store opened here lives in a fresh random schema (dropped afterwards), so parallel
 * or repeated runs never see each other's tables.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openStore, type OpenStoreOptions, type Store } from '../../../server/proxy/store/db';

export const PG_URL =
  process.env.KEYCARD_TEST_PG_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://keycard:keycard@127.0.0.1:5432/keycard_test';

async function probe(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.end().catch(() => {});
  }
}

const failure = await probe(PG_URL);

/** True when a PostgreSQL server answered at {@link PG_URL}. */
export const pgAvailable = failure === undefined;

if (!pgAvailable) {
  console.warn(
    [
      '',
      '⚠️  SKIPPING PostgreSQL proxy tests: cannot connect to ' + PG_URL.replace(/:[^:@/]*@/, ':***@'),
      `   (${failure})`,
      '   To enable them on this machine:',
      '     pg_ctlcluster 15 main start',
      `     su postgres -c "psql -c \\"CREATE ROLE keycard LOGIN PASSWORD 'keycard' CREATEDB\\""`,
      '     su postgres -c "psql -c \'CREATE DATABASE keycard_test OWNER keycard\'"',
      '   or point KEYCARD_TEST_PG_URL at a PostgreSQL database you may create schemas in.',
      '',
    ].join('\n'),
  );
}

/** A migrated store in a fresh schema; `close()` drops the schema. */
export async function openTestPgStore(options: OpenStoreOptions = {}): Promise<Store & { schema: string }> {
  const schema = `kc_test_${randomBytes(6).toString('hex')}`;
  const store = await openStore(PG_URL, { ...options, pgSchema: schema });
  return { ...store, schema, close: async () => {
    await store.close();
    await dropSchema(schema);
  } };
}

/** Another store on an existing schema: a second "process" sharing the database. */
export async function openPgStoreOn(schema: string, options: OpenStoreOptions = {}): Promise<Store> {
  return openStore(PG_URL, { ...options, pgSchema: schema });
}

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}
