/**
 * Opens the proxy's store: an embedded SQLite file by default, PostgreSQL when
 * `DATABASE_URL` is a `postgres://` URL. Both speak the same Kysely `Database` schema, and
 * `openStore` migrates before it returns, so callers always see the current tables.
 */
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { isPostgres, migrate } from './migrations';
import { pairingKey } from './pairing-key';
import { prepareSqliteFiles } from './private-files';
import { allowDirectReads } from './direct-read';
import type { Database } from './schema';

export type StoreDialect = 'sqlite' | 'postgres';

/** An open store: the query builder, which engine is behind it, and how to close it. */
export interface Store {
  db: Kysely<Database>;
  dialect: StoreDialect;
  /** The key pairing codes are hashed with; kept outside the database (store/pairing-key.ts). */
  pairingKey: Buffer;
  /**
   * PostgreSQL only: hears `announceDeviceChange` from every process on this store (other proxy
   * instances, the CLI) over LISTEN/NOTIFY, until the store closes. `onLost` runs if the
   * listening connection drops (changes may then go unheard). Resolves once listening.
   */
  listenForDeviceChanges?(onChange: (deviceId: string) => void, onLost: () => void): Promise<void>;
  /**
   * PostgreSQL only: a small pool of its own on the same database, for work that must not wait
   * for the main pool (the shared Mews budget: a request holding a pooled connection under a
   * membership lock waits for a Mews slot, so taking the slot from the same pool could deadlock
   * once every connection waits the same way). Closed with the store.
   */
  sidePool?(max: number): Kysely<Database>;
  close(): Promise<void>;
}

/** The NOTIFY channel of device changes, one per schema (test stores share a database). */
const DEVICE_CHANNEL_PREFIX = 'keycard_devices_';

/**
 * Tells every process on this store that a device changed (revoked): PostgreSQL NOTIFY, sent when
 * `db`'s transaction commits. On SQLite, a no-op: other processes find out when their caches expire.
 */
export async function announceDeviceChange(db: Kysely<Database>, deviceId: string): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`select pg_notify(${DEVICE_CHANNEL_PREFIX} || current_schema(), ${deviceId})`.execute(db);
}


export interface OpenStoreOptions {
  /**
   * PostgreSQL only: a schema to create (if missing) and put first on every connection's
   * `search_path`. Tests use a random one per run so parallel runs never collide.
   */
  pgSchema?: string;
  /** PostgreSQL only: pool size (default 10). */
  pgPoolMax?: number;
  /** Skip migrations (default false: migrate on open). */
  skipMigrations?: boolean;
  /** `PAIRING_SECRET`; without it the key is read from (or made in) a 0600 file, see store/pairing-key.ts. */
  pairingSecret?: string | undefined;
}

/** Where the SQLite file lives when `DATABASE_URL` is unset. */
export const DEFAULT_SQLITE_PATH = 'data/keycard.sqlite';

/** What a `DATABASE_URL` points at, without opening anything. */
export type StoreTarget = { dialect: 'postgres'; url: string } | { dialect: 'sqlite'; path: string };

/**
 * Reads a `DATABASE_URL`: `postgres://` or `postgresql://` is PostgreSQL; `sqlite:path`,
 * `sqlite://path`, a plain path, or nothing is a SQLite file (`:memory:` works too).
 *
 * @example
 * parseDatabaseUrl('sqlite:data/dev.sqlite'); // { dialect: 'sqlite', path: 'data/dev.sqlite' }
 */
export function parseDatabaseUrl(databaseUrl: string | undefined): StoreTarget {
  const value = databaseUrl?.trim() ?? '';
  if (value === '') return { dialect: 'sqlite', path: DEFAULT_SQLITE_PATH };
  if (/^postgres(ql)?:\/\//i.test(value)) return { dialect: 'postgres', url: value };
  if (/^sqlite:/i.test(value)) {
    const path = value.replace(/^sqlite:(\/\/)?/i, '');
    if (path === '') throw new Error('DATABASE_URL: "sqlite:" needs a file path, e.g. sqlite:data/keycard.sqlite');
    return { dialect: 'sqlite', path };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    throw new Error(`DATABASE_URL: unsupported scheme in "${value.split('://')[0]}://…" (use postgres:// or sqlite:)`);
  }
  return { dialect: 'sqlite', path: value };
}

/**
 * Opens (and by default migrates) the store named by `databaseUrl`.
 *
 * @example
 * const store = await openStore(process.env.DATABASE_URL);
 * const devices = await store.db.selectFrom('devices').selectAll().execute();
 * await store.close();
 */
export async function openStore(databaseUrl: string | undefined, options: OpenStoreOptions = {}): Promise<Store> {
  const target = parseDatabaseUrl(databaseUrl);
  const key = pairingKey({ secret: options.pairingSecret, sqlitePath: target.dialect === 'sqlite' ? target.path : undefined });
  const opened = target.dialect === 'postgres' ? await openPostgres(target.url, options) : openSqlite(target.path);
  const store: Store = { ...opened, pairingKey: key };
  if (!options.skipMigrations) {
    try {
      await migrate(store.db);
    } catch (error) {
      await store.close();
      throw error;
    }
  }
  return store;
}

function openSqlite(path: string): Omit<Store, 'pairingKey'> {
  // Guests, the ledger and device tokens' hashes: 0600, and SQLite gives -wal and -shm the same.
  if (path !== ':memory:') prepareSqliteFiles(path);
  const database = new SqliteDatabase(path);
  const statements = new Map<string, SqliteStatement>();
  // WAL lets the CLI write pairing codes while the proxy runs; busy_timeout makes the
  // second writer wait instead of failing; SQLite leaves foreign keys off unless asked.
  database.pragma('journal_mode = WAL');
  database.pragma('busy_timeout = 5000');
  database.pragma('foreign_keys = ON');
  // FULL, not NORMAL: in WAL mode NORMAL survives a killed process but a power cut can drop
  // the last commits, and a lost idempotency record would let a desk's retry apply its
  // points twice. Points are money; the fsync per commit is cheap at desk write rates.
  database.pragma('synchronous = FULL');
  // Kysely opens transactions with a deferred BEGIN. With a second process writing (the
  // CLI), a deferred transaction that reads, then writes after the other commit, fails at
  // once with SQLITE_BUSY (the busy timeout cannot help). BEGIN IMMEDIATE takes the write
  // lock up front, so it waits instead; in-process it costs nothing (one connection).
  const immediate = {
    prepare: (query: string) => cachedStatement(database, statements, query === 'begin' ? 'begin immediate' : query),
    close: () => database.close(),
  };
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: immediate }) });
  // Prepared reads (prepared-query.ts) skip Kysely's driver unless a transaction is open (direct-read.ts).
  allowDirectReads(db, (query, parameters) => {
    if (database.inTransaction) return undefined;
    const statement = cachedStatement(database, statements, query);
    return statement.reader ? (statement.all(parameters) as unknown[]) : undefined;
  });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

type SqliteStatement = SqliteDatabase.Statement;
/** Distinct SQL texts kept prepared; Kysely's parameterised SQL repeats, `IN (…)` lists vary. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely prepares every query afresh, and preparing cost more than running the query on the
 * warm lookup path (15% of the proxy's CPU in a profile). Statements are reusable in
 * better-sqlite3 unless one is mid-iteration (`busy`), which then gets a fresh one.
 */
function cachedStatement(database: SqliteDatabase.Database, cache: Map<string, SqliteStatement>, sql: string): SqliteStatement {
  const cached = cache.get(sql);
  if (cached && !cached.busy) return cached;
  const statement = database.prepare(sql);
  if (!cached) {
    if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    cache.set(sql, statement);
  }
  return statement;
}

/** Rejects when the store does not answer a trivial query (health checks, opening PostgreSQL). */
export async function pingStore(db: Kysely<Database>): Promise<void> {
  await sql`select 1`.execute(db);
}

/** PostgreSQL type parsers: int8 (COUNT, BIGINT) as a JS number, not a string. */
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20 && format !== 'binary') return (value: string) => Number.parseInt(value, 10);
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

async function openPostgres(url: string, options: OpenStoreOptions): Promise<Omit<Store, 'pairingKey'>> {
  const schema = options.pgSchema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new Error(`pgSchema "${schema}" must be a lower-case SQL identifier`);
  }
  const connection = {
    connectionString: url,
    types: pgTypes,
    // The search_path rides on the startup packet, so every pooled connection has it.
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  };
  const pool = new pg.Pool({ ...connection, max: options.pgPoolMax ?? 10 });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    if (schema) await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
    else await pingStore(db);
  } catch (error) {
    await db.destroy();
    throw new Error(`DATABASE_URL: cannot reach PostgreSQL (${(error as Error).message})`);
  }
  const listeners: pg.Client[] = [];
  const sides: Array<Kysely<Database>> = [];
  return {
    db,
    dialect: 'postgres',
    sidePool(max) {
      const side = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ ...connection, max, allowExitOnIdle: true }) }) });
      sides.push(side);
      return side;
    },
    async listenForDeviceChanges(onChange, onLost) {
      const client = new pg.Client(connection);
      await client.connect();
      listeners.push(client);
      const channel = (await client.query<{ schema: string }>('select current_schema() as schema')).rows[0]!.schema;
      client.on('notification', (message) => {
        if (message.payload) onChange(message.payload);
      });
      client.on('error', onLost);
      client.on('end', onLost);
      await client.query(`listen "${DEVICE_CHANNEL_PREFIX}${channel}"`);
    },
    async close() {
      await Promise.all(listeners.splice(0).map((client) => {
        client.removeAllListeners('end');
        return client.end().catch(() => {});
      }));
      await Promise.all(sides.splice(0).map((side) => side.destroy()));
      await db.destroy();
    },
  };
}
