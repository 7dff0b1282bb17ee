// @vitest-environment node
/**
 * The membership lifecycle and the ledger for managers, against the Mews sandbox over real
 * HTTP on SQLite and PostgreSQL: primary switch, expiry, cancel, move to another program,
 * delete (seen by /v1/sync), the per-membership ledger and the CSV export.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Adjustment, Membership, SyncPage } from '../../lib/contract';
import { exportRange, ledgerCsv, startOfHotelDay } from '../../server/proxy/loyalty/points/ledger-export';
import { KEYCARD_PROGRAM_ID, PARTNER_PROGRAM_ID, TIER_IDS } from '../../server/sandbox/core/seed';
import { pgAvailable } from './support/postgres';
import { startLoyaltyEnv, type LoyaltyEnv } from './support/loyalty-env';

const dialects = (['sqlite', 'postgres'] as const).filter((d) => d === 'sqlite' || pgAvailable);
if (!pgAvailable) describe.skip('manager memberships on PostgreSQL (no PostgreSQL: see the warning above)', () => { it('skipped', () => {}); });

/** RFC 4180 parser, enough for the export: quoted cells, doubled quotes, CRLF records. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (ch === '"') quoted = false; else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(cell); cell = ''; } else if (ch === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; } else cell += ch;
  }
  return rows;
}

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe('ledger export ranges are the hotel\'s calendar days', () => {
  it('turns hotel dates into UTC instants, across daylight-saving changes', () => {
    expect(exportRange('2026-07-01', '2026-07-31', 'Europe/Prague')).toEqual({ startIso: '2026-06-30T22:00:00.000Z', endIso: '2026-07-31T22:00:00.000Z' });
    expect(exportRange('2026-01-15', '2026-01-15', 'Europe/Prague')).toEqual({ startIso: '2026-01-14T23:00:00.000Z', endIso: '2026-01-15T23:00:00.000Z' });
    // 29 March 2026: Prague moves from +01:00 to +02:00 at 02:00, a 23-hour day.
    expect(exportRange('2026-03-29', '2026-03-29', 'Europe/Prague')).toEqual({ startIso: '2026-03-28T23:00:00.000Z', endIso: '2026-03-29T22:00:00.000Z' });
    expect(exportRange('2026-07-01', '2026-07-01', 'America/New_York')).toEqual({ startIso: '2026-07-01T04:00:00.000Z', endIso: '2026-07-02T04:00:00.000Z' });
    expect(exportRange('2026-07-01', '2026-07-01')).toEqual({ startIso: '2026-07-01T00:00:00.000Z', endIso: '2026-07-02T00:00:00.000Z' });
    expect(new Date(startOfHotelDay(Date.parse('2026-07-01T00:00:00Z'), 'Asia/Kolkata')).toISOString()).toBe('2026-06-30T18:30:00.000Z');
  });
});

describe.each(dialects)('manager: membership lifecycle and ledger (%s)', (dialect) => {
  let env: LoyaltyEnv;
  let desk: string;
  let deskId: string;
  let manager: string;
  let guestId: string;
  let keycard: Membership;
  let partner: Membership;

  beforeAll(async () => {
    env = await startLoyaltyEnv(dialect, { customers: 60 });
    const paired = await env.harness.pair('desk', 'Desk 7');
    desk = paired.token;
    deskId = paired.device.id;
    manager = (await env.harness.pair('manager')).token;
    guestId = (await env.mews('customers/add', { LastName: '@Novák, "Jr."', FirstName: '=Jan', Email: `jan.${randomUUID()}@example.com`, OverwriteExisting: false })).Id;
    const enroll = async (programId: string) => {
      const res = await send('POST', '/v1/memberships', { accountId: guestId, programId }, desk);
      expect(res.status).toBe(201);
      return (await res.json()) as Membership;
    };
    keycard = await enroll(KEYCARD_PROGRAM_ID);
    partner = await enroll(PARTNER_PROGRAM_ID);
  });
  afterAll(() => env?.close());

  const send = (method: string, path: string, json?: unknown, token = manager, key: string | null = randomUUID()) =>
    env.harness.request(path, { method, token, ...(json !== undefined ? { json } : {}), headers: key ? { 'Idempotency-Key': key } : {} });
  const inMews = async (accountId = guestId, states = ['Active']) =>
    (await env.mews('loyaltyMemberships/getAll', { AccountIds: [accountId], ActivityStates: states, Limitation: { Count: 100 } })).LoyaltyMemberships as Record<string, any>[];
  const one = async (id: string) => (await inMews()).find((m) => m.Id === id)!;

  it('switches the primary membership: exactly one primary in Mews and in the mirror, audited', async () => {
    expect([keycard.isPrimary, partner.isPrimary]).toEqual([true, false]);
    const res = await send('PATCH', `/v1/memberships/${partner.id}`, { isPrimary: true });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: partner.id, isPrimary: true });
    const mews = await inMews();
    expect(mews.filter((m) => m.IsPrimary).map((m) => m.Id)).toEqual([partner.id]);
    const mirror = await env.store.db.selectFrom('memberships').select(['id', 'is_primary']).where('account_id', '=', guestId).execute();
    expect(mirror.filter((m) => m.is_primary === 1).map((m) => m.id)).toEqual([partner.id]);
    const moved = await env.store.db.selectFrom('audit_log').selectAll().where('subject_id', '=', keycard.id).where('action', '=', 'membership.primary-moved').execute();
    expect(moved).toHaveLength(1);
    expect(moved[0]).toMatchObject({ role: 'manager' });

    const unset = await send('PATCH', `/v1/memberships/${partner.id}`, { isPrimary: false });
    expect(unset.status).toBe(422);
    expect(((await unset.json()) as { errors: { pointer: string }[] }).errors[0]!.pointer).toBe('/isPrimary');
    const back = await send('PATCH', `/v1/memberships/${keycard.id}`, { isPrimary: true });
    expect(back.status).toBe(200);
    expect((await inMews()).filter((m) => m.IsPrimary).map((m) => m.Id)).toEqual([keycard.id]);
  });

  it('sets and clears the expiry (null), and replays a PATCH sent with an Idempotency-Key', async () => {
    const key = randomUUID();
    const set = await send('PATCH', `/v1/memberships/${keycard.id}`, { expiresAt: '2031-06-30T00:00:00Z' }, manager, key);
    expect(set.status).toBe(200);
    const first = (await set.json()) as Membership;
    expect(first.expiresAt).toBe('2031-06-30T00:00:00Z');
    expect((await one(keycard.id)).ExpirationDate).toBe('2031-06-30T00:00:00Z');
    const replay = await send('PATCH', `/v1/memberships/${keycard.id}`, { expiresAt: '2031-06-30T00:00:00Z' }, manager, key);
    expect(await replay.json()).toMatchObject({ expiresAt: '2031-06-30T00:00:00Z', updatedAt: first.updatedAt });
    expect((await send('PATCH', `/v1/memberships/${keycard.id}`, { expiresAt: null }, manager, key)).status).toBe(422);

    const cleared = await send('PATCH', `/v1/memberships/${keycard.id}`, { expiresAt: null });
    expect(cleared.status).toBe(200);
    expect(((await cleared.json()) as Membership).expiresAt).toBeNull();
    expect((await one(keycard.id)).ExpirationDate ?? null).toBeNull();
  });

  it('cancels a membership: State Canceled in Mews, audited with before and after', async () => {
    const res = await send('PATCH', `/v1/memberships/${partner.id}`, { state: 'Canceled' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Membership).state).toBe('Canceled');
    expect((await one(partner.id)).State).toBe('Canceled');
    const audit = await env.store.db.selectFrom('audit_log').selectAll().where('subject_id', '=', partner.id).where('action', '=', 'membership.updated').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(JSON.parse(audit.before_json!)).toMatchObject({ state: 'Enrolled' });
    expect(JSON.parse(audit.after_json!)).toMatchObject({ state: 'Canceled' });
  });

  it('moves a membership to another program; the tier resets to the new program\'s lowest', async () => {
    // The lowest tier by the direction a manager confirmed (the Mews docs leave it open).
    expect((await send('PATCH', `/v1/programs/${KEYCARD_PROGRAM_ID}`, { tierOrder: 'ascending' })).status).toBe(200);
    const other = (await env.mews('customers/add', { LastName: 'Mover', Email: `mover.${randomUUID()}@example.com`, OverwriteExisting: false })).Id as string;
    const enrolled = (await (await send('POST', '/v1/memberships', { accountId: other, programId: PARTNER_PROGRAM_ID }, desk)).json()) as Membership;
    expect(enrolled.tierId).toBeNull();
    const res = await send('PATCH', `/v1/memberships/${enrolled.id}`, { programId: KEYCARD_PROGRAM_ID });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ programId: KEYCARD_PROGRAM_ID, tierId: TIER_IDS.silver });
    const mews = (await inMews(other))[0]!;
    expect(mews).toMatchObject({ LoyaltyProgramId: KEYCARD_PROGRAM_ID, LoyaltyTierId: TIER_IDS.silver });

    const back = await send('PATCH', `/v1/memberships/${enrolled.id}`, { programId: PARTNER_PROGRAM_ID });
    expect(await back.json()).toMatchObject({ programId: PARTNER_PROGRAM_ID, tierId: null });
    const bad = await send('PATCH', `/v1/memberships/${enrolled.id}`, { programId: randomUUID() });
    expect(bad.status).toBe(422);
    // Already a member there: Mews refuses, the manager reads why.
    const clash = await send('PATCH', `/v1/memberships/${partner.id}`, { programId: KEYCARD_PROGRAM_ID });
    expect(clash.status).toBe(422);
    expect(((await clash.json()) as { detail: string }).detail).toBe('The guest is already a member of this loyalty program.');
  });

  it('lists the ledger with who, when, reason, note and before → after', async () => {
    await send('POST', `/v1/memberships/${keycard.id}/adjustments`, { delta: 300, reason: 'stay', note: 'Three nights, room 12' }, desk);
    await send('POST', `/v1/memberships/${keycard.id}/adjustments`, { delta: -120, reason: 'redemption', note: '=HYPERLINK("http://evil","x")' }, desk);
    await send('POST', `/v1/memberships/${keycard.id}/adjustments`, { delta: 5, reason: 'goodwill', note: 'line one\nline "two", done' }, manager);
    const res = await env.harness.request(`/v1/memberships/${keycard.id}/adjustments`, { token: desk });
    const { adjustments } = (await res.json()) as { adjustments: Adjustment[] };
    expect(adjustments.map((a) => [a.deviceName, a.reason, a.pointsBefore, a.pointsAfter])).toEqual([
      ['Manager', 'goodwill', 180, 185], ['Desk 7', 'redemption', 300, 180], ['Desk 7', 'stay', 0, 300],
    ]);
    expect(adjustments[2]).toMatchObject({ note: 'Three nights, room 12', delta: 300, status: 'applied' });
    expect(Date.parse(adjustments[0]!.createdAt)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('exports the ledger as formula-safe RFC 4180 CSV, paged through the store', async () => {
    const res = await env.harness.request(`/v1/ledger/export.csv?from=${day(-1)}&to=${day(1)}`, { token: manager });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toContain('attachment');
    const text = await res.text();
    expect(text.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(text);
    // 'device id' (security review, issue 17 #6): names are not unique, and a row must say which device wrote it.
    expect(rows[0]).toEqual(['date', 'membership id', 'membership number', 'guest name', 'delta', 'reason', 'note', 'before', 'after', 'status', 'device', 'device id']);
    const mine = rows.filter((r) => r[1] === keycard.id);
    expect(mine).toHaveLength(3);
    const [stay, redemption, goodwill] = mine;
    // Issue 18 #9: the hotel's wall clock with its offset, as the panel shows it, not UTC.
    for (const row of mine) expect(row[0]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
    expect(stay).toEqual([expect.any(String), keycard.id, keycard.number, "'=Jan @Novák, \"Jr.\"", '300', 'stay', 'Three nights, room 12', '0', '300', 'applied', 'Desk 7', deskId]);
    expect(redemption!.slice(4, 9)).toEqual(['-120', 'redemption', `'=HYPERLINK("http://evil","x")`, '300', '180']);
    expect(goodwill![6]).toBe('line one\nline "two", done');
    expect(text).toContain(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(text).toContain(',-120,');

    // Paging: two rows per store query gives the same bytes.
    const zone = (await env.mews('configuration/get', {})).Enterprise.TimeZoneIdentifier as string;
    const paged = await new Response(ledgerCsv(env.store.db, exportRange(day(-1), day(1), zone), 2, zone)).text();
    expect(paged).toBe(text);
    const empty = await (await env.harness.request('/v1/ledger/export.csv?from=2020-01-01&to=2020-01-31', { token: manager })).text();
    expect(parseCsv(empty)).toHaveLength(1);
  });

  it('refuses export ranges over 366 days or out of order, naming the field', async () => {
    const get = (q: string) => env.harness.request(`/v1/ledger/export.csv?${q}`, { token: manager });
    const long = await get('from=2024-01-01&to=2025-01-01'); // 367 days
    expect(long.status).toBe(422);
    expect(((await long.json()) as { errors: { pointer: string }[] }).errors[0]!.pointer).toBe('/to');
    expect((await get('from=2024-01-01&to=2024-12-31')).status).toBe(200); // 366 days (leap year)
    const reversed = await get('from=2025-02-01&to=2025-01-01');
    expect(((await reversed.json()) as { errors: { pointer: string }[] }).errors[0]!.pointer).toBe('/to');
    const bad = await get('from=2025-02-30&to=2025-03-01');
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { errors: { pointer: string }[] }).errors[0]!.pointer).toBe('/from');
    expect((await get('to=2025-03-01')).status).toBe(422);
    expect((await get('from=2025-01-01&to=2025-01-02').then((r) => r.status))).toBe(200);
    expect((await env.harness.request('/v1/ledger/export.csv?from=2025-01-01&to=2025-01-02', { token: desk })).status).toBe(403);
  });

  it('deletes a membership: Mews shows it Deleted, /v1/sync reports it, the lookup drops it', async () => {
    const cursor = ((await (await env.harness.request('/v1/sync', { token: desk })).json()) as SyncPage).cursor;
    const key = randomUUID();
    const res = await send('DELETE', `/v1/memberships/${partner.id}`, undefined, manager, key);
    expect(res.status).toBe(204);
    expect((await send('DELETE', `/v1/memberships/${partner.id}`, undefined, manager, key)).status).toBe(204);
    expect((await inMews()).map((m) => m.Id)).not.toContain(partner.id);
    expect((await inMews(guestId, ['Deleted'])).map((m) => m.Id)).toEqual([partner.id]);

    const sync = (await (await env.harness.request(`/v1/sync?cursor=${cursor}`, { token: desk })).json()) as SyncPage;
    expect(sync.deleted).toEqual([partner.id]);
    const lookup = (await (await env.harness.request(`/v1/accounts/${guestId}/loyalty`, { token: desk })).json()) as { memberships: Membership[] };
    expect(lookup.memberships.map((m) => m.id)).toEqual([keycard.id]);
    const audit = await env.store.db.selectFrom('audit_log').selectAll().where('subject_id', '=', partner.id).where('action', '=', 'membership.deleted').execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.before_json!)).toMatchObject({ programId: PARTNER_PROGRAM_ID, state: 'Canceled' });
    // Another key, already gone in Mews: still 204, nothing new to audit.
    expect((await send('DELETE', `/v1/memberships/${partner.id}`)).status).toBe(204);
    expect((await send('DELETE', `/v1/memberships/${randomUUID()}`)).status).toBe(404);
  });

  it('deleting the primary hands the flag to the guest\'s remaining membership, in Mews, the mirror and the audit log', async () => {
    const guest = (await env.mews('customers/add', { LastName: 'Heir', Email: `heir.${randomUUID()}@example.com`, OverwriteExisting: false })).Id as string;
    const enroll = async (programId: string) =>
      (await (await send('POST', '/v1/memberships', { accountId: guest, programId }, desk)).json()) as Membership;
    const first = await enroll(KEYCARD_PROGRAM_ID);
    const second = await enroll(PARTNER_PROGRAM_ID);
    expect([first.isPrimary, second.isPrimary]).toEqual([true, false]);

    expect((await send('DELETE', `/v1/memberships/${first.id}`)).status).toBe(204);
    expect((await inMews(guest)).map((m) => [m.Id, m.IsPrimary])).toEqual([[second.id, true]]);
    const lookup = (await (await env.harness.request(`/v1/accounts/${guest}/loyalty`, { token: desk })).json()) as { memberships: Membership[] };
    expect(lookup.memberships.map((m) => [m.id, m.isPrimary])).toEqual([[second.id, true]]);
    const moved = await env.store.db.selectFrom('audit_log').selectAll().where('subject_id', '=', second.id).where('action', '=', 'membership.primary-moved').execute();
    expect(moved.map((row) => JSON.parse(row.after_json!))).toEqual([{ isPrimary: true, previousPrimaryId: first.id, why: 'primary deleted' }]);

    // The last membership goes: nobody to promote, nothing else changes.
    expect((await send('DELETE', `/v1/memberships/${second.id}`)).status).toBe(204);
    expect(await inMews(guest)).toEqual([]);
  });
});
