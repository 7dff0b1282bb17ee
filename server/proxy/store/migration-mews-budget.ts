/**
 * One Mews budget across instances (0013, PostgreSQL only): a slot per Mews request, counted per
 * access token within the window, and one function that takes slots atomically (mews/shared-budget.ts
 * explains the rules; store/mews-budget-repository.ts calls it). SQLite runs one instance, whose
 * budget stays in process (mews/limiter.ts): it gets the table, unused, so both engines keep one
 * schema (schema.ts), and no function.
 *
 * Why a function: taking a slot must read the window and write the slot under one lock, and the
 * proxy asks once per Mews request; a function does it in one round trip. Times are the
 * database's clock, so instances whose clocks differ still count one window.
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;

export const mewsBudgetMigration: Migration = {
  async up(db) {
    if (!isPostgres(db)) {
      await sql`create table mews_budget_slots (id integer primary key, token_key text not null, device text, expires_at text not null)`.execute(db);
      return;
    }
    await sql`create table mews_budget_slots (
      id bigserial primary key,
      token_key text not null,
      device text,
      expires_at timestamptz not null
    )`.execute(db);
    await sql`create index mews_budget_slots_token on mews_budget_slots (token_key, expires_at)`.execute(db);
    // p_released: slots whose answers came; they leave the window `p_window_ms` from now (they
    // were taken with `p_window_ms + p_held_ms`, the longest a request may be on its way).
    // Returns the slots taken (up to p_want; none when the window or the device's share is
    // full), the slots counted in the window, how many of those belong to desks at their share
    // (held back, they cannot take more: the rest of the window is open to the others), and
    // when to ask again if none were taken.
    await sql.raw(`create or replace function keycard_take_mews_slots(
      p_token text, p_device text, p_want integer, p_limit integer, p_device_limit integer,
      p_window_ms integer, p_held_ms integer, p_released bigint[])
    returns table (slot_ids bigint[], used integer, held_back integer, retry_ms integer, device_full boolean)
    language plpgsql as $fn$
    declare
      v_now timestamptz := clock_timestamp();
      v_used integer;
      v_mine integer := 0;
      v_room integer;
      v_ids bigint[];
      v_next timestamptz;
      v_device_next timestamptz;
      v_held_back integer;
    begin
      perform pg_advisory_xact_lock(hashtext('keycard.mews_budget'), hashtext(p_token));
      if cardinality(p_released) > 0 then
        update mews_budget_slots set expires_at = least(expires_at, v_now + p_window_ms * interval '1 millisecond')
          where id = any(p_released);
      end if;
      delete from mews_budget_slots where token_key = p_token and expires_at <= v_now;
      select count(*) into v_used from mews_budget_slots where token_key = p_token;
      v_room := least(p_want, p_limit - v_used);
      if p_device is not null then
        select count(*) into v_mine from mews_budget_slots where token_key = p_token and device = p_device;
        v_room := least(v_room, p_device_limit - v_mine);
      end if;
      if v_room > 0 then
        with taken as (
          insert into mews_budget_slots (token_key, device, expires_at)
          select p_token, p_device, v_now + (p_window_ms + p_held_ms) * interval '1 millisecond' from generate_series(1, v_room)
          returning id)
        select array_agg(id) into v_ids from taken;
        v_used := v_used + v_room;
      end if;
      select coalesce(sum(n), 0) into v_held_back from (
        select count(*) as n from mews_budget_slots where token_key = p_token and device is not null
        group by device having count(*) >= p_device_limit) as at_share;
      if v_room > 0 or p_want <= 0 then
        return query select coalesce(v_ids, '{}'::bigint[]), v_used, v_held_back, 0, false;
        return;
      end if;
      -- Full: the slots that must leave first, for the window and for the device's share.
      if v_used >= p_limit then
        select expires_at into v_next from mews_budget_slots where token_key = p_token
          order by expires_at offset (v_used - p_limit) limit 1;
      end if;
      if p_device is not null and v_mine >= p_device_limit then
        select expires_at into v_device_next from mews_budget_slots where token_key = p_token and device = p_device
          order by expires_at offset (v_mine - p_device_limit) limit 1;
      end if;
      return query select '{}'::bigint[], v_used, v_held_back,
        greatest(1, ceil(extract(epoch from (greatest(v_next, v_device_next) - v_now)) * 1000))::integer,
        v_device_next is not null and (v_next is null or v_device_next >= v_next);
    end
    $fn$`).execute(db);
  },
  async down(db) {
    if (isPostgres(db)) await sql`drop function if exists keycard_take_mews_slots`.execute(db);
    await sql`drop table if exists mews_budget_slots`.execute(db);
  },
};
