/**
 * A Kysely query built and compiled once per store, then run with new values: for the few
 * queries on every desk request (the device's token, the guest's answer), where building and
 * compiling the query tree each time cost more than SQLite took to answer it (a profile of
 * warm lookups: a fifth of the proxy's CPU in Kysely's builder and compiler). The driver then
 * reuses its prepared statement for the same SQL text (db.ts keeps them), and on SQLite the
 * statement runs without Kysely's driver when no transaction is open (direct-read.ts).
 *
 * Every argument must be one bound value (a string or number), never a list: the query is
 * compiled with a placeholder per argument, so its shape cannot depend on the values.
 */
import { CompiledQuery, type Compilable, type Kysely } from 'kysely';
import { readDirectly } from './direct-read';
import type { Database } from './schema';

type Slot = { arg: number } | { value: unknown };

/**
 * @example
 * const byHash = preparedQuery((db, hash: string) => db.selectFrom('devices').selectAll().where('token_hash', '=', hash));
 * const [row] = await byHash(store.db, tokenHash);
 */
export function preparedQuery<Args extends readonly (string | number)[], Row>(
  build: (db: Kysely<Database>, ...args: Args) => Compilable<Row>,
): (db: Kysely<Database>, ...args: Args) => Promise<Row[]> {
  // Per Kysely instance: a transaction is its own instance, and SQLite and PostgreSQL differ in SQL.
  const plans = new WeakMap<Kysely<Database>, { sql: string; slots: Slot[] }>();
  return async (db, ...args) => {
    let plan = plans.get(db);
    if (!plan) {
      const markers = args.map((_, i) => `\u0000keycard-argument-${i}\u0000`);
      const compiled = build(db, ...(markers as unknown as Args)).compile();
      const slots = compiled.parameters.map((parameter): Slot => {
        const arg = markers.indexOf(parameter as string);
        return arg >= 0 ? { arg } : { value: parameter };
      });
      const used = new Set(slots.flatMap((slot) => ('arg' in slot ? [slot.arg] : [])));
      // A marker that vanished was not bound as a value (e.g. used in a list): refuse rather than run wrong SQL.
      if (used.size !== args.length) throw new Error('preparedQuery: every argument must be bound as one value');
      plan = { sql: compiled.sql, slots };
      plans.set(db, plan);
    }
    const parameters = plan.slots.map((slot) => ('arg' in slot ? args[slot.arg] : slot.value));
    // SQLite with no transaction open answers at once (direct-read.ts); otherwise through Kysely.
    const direct = readDirectly<Row>(db, plan.sql, parameters);
    if (direct) return direct;
    return (await db.executeQuery<Row>(CompiledQuery.raw(plan.sql, parameters))).rows;
  };
}
