/**
 * Two stores over one database, as two proxy instances have them: one PostgreSQL schema opened
 * twice, or one SQLite file opened twice (two processes on one host).
 */
import { join } from 'node:path';
import { openStore, type Store } from '../../../server/proxy/store/db';
import { tempDir } from '../../proxy/support/harness';
import { openPgStoreOn, openTestPgStore } from '../../proxy/support/postgres';

export async function twoStoresOnOneDatabase(dialect: 'sqlite' | 'postgres'): Promise<{ stores: [Store, Store]; close(): Promise<void> }> {
  if (dialect === 'postgres') {
    const first = await openTestPgStore();
    const second = await openPgStoreOn(first.schema);
    // The first store's close drops the schema: close the second before it.
    return { stores: [first, second], close: async () => { await second.close(); await first.close(); } };
  }
  const temp = tempDir('keycard-shared-');
  const url = `sqlite:${join(temp.dir, 'keycard.sqlite')}`;
  const first = await openStore(url);
  const second = await openStore(url);
  return { stores: [first, second], close: async () => { await second.close(); await first.close(); temp.remove(); } };
}
