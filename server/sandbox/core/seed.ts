/**
 * Deterministic seed data (and, re-exported, the fixed identities of enterprise.ts).
 *
 * Same options → same data on every start: a seeded PRNG makes the ids, and seed timestamps
 * are counted back from the fixed {@link SEED_NOW} (later API writes use the real clock).
 */
import { CHAIN_ID, SERVICE_ID, STAFF_PROFILE_ID } from './enterprise.ts';
import { DAY } from './hotel-time.ts';
import { asciiFold, EMAIL_DOMAINS, POOLS, SPECIAL_GUESTS } from './names.ts';
import type { CustomerRecord, MembershipRecord, OrderItemRecord, ProfileData, ReservationRecord } from './records.ts';
import { cancelItems, closeItems, nightItems } from './stays.ts';
import { FIRST_RESERVATION_NUMBER, type Store } from './store.ts';

export * from './enterprise.ts';

export const KEYCARD_PROGRAM_ID = 'f701dafb-5765-4cf4-b1dd-1f602a740ae5';
export const PARTNER_PROGRAM_ID = 'da34b396-41f7-47f6-8847-aecf00a3f19e';
export const TIER_IDS = {
  silver: '69eedfd2-6f25-42fc-b3c8-39df70f85e37',
  gold: '7a1c2e3f-4b5d-4e6f-8a9b-0c1d2e3f4a5b',
  platinum: '8b2d3f4a-5c6e-4f7a-9b0c-1d2e3f4a5b6c',
} as const;

/**
 * A program whose tiers run the way the docs' own example does, Ordering 1 the top tier
 * (loyaltytiers.md: Platinum 1, Silver 2), the opposite of Keycard Rewards. It has no members:
 * it is there so tests prove Keycard ranks tiers by what it knows, not by Ordering.
 */
export const DOCS_ORDER_PROGRAM_ID = '3b9e6c1d-2f4a-4e5b-9c8d-7a6f5e4d3c2b';
export const DOCS_ORDER_TIER_IDS = {
  platinum: '4c0f7d2e-3a5b-4f6c-8d9e-8b7a6f5e4d3c',
  gold: '5d1a8e3f-4b6c-4a7d-9e0f-9c8b7a6f5e4d',
  silver: '6e2b9f4a-5c7d-4b8e-8f1a-0d9c8b7a6f5e',
} as const;

/** The fixed "now" of the seed: every seeded timestamp lies before it. */
export const SEED_NOW = Date.UTC(2026, 9, 1, 12, 0, 0);
/** Default number of seeded customers (override with `customers` or `SANDBOX_CUSTOMERS`). */
export const DEFAULT_CUSTOMERS = 2000;

const SEED_PROFILE: ProfileData = { Discriminator: 'Enterprise', EnterpriseProfile: { ProfileId: STAFF_PROFILE_ID } };

/** mulberry32: tiny, fast, good enough for fixtures, and identical on every platform. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** A version-4-shaped GUID drawn from `rand` (table-driven: 100k+ of these are made per seed). */
export function seededGuid(rand: () => number): string {
  const b: number[] = [];
  for (let i = 0; i < 4; i++) {
    const w = Math.floor(rand() * 4294967296);
    b.push(w >>> 24, (w >>> 16) & 255, (w >>> 8) & 255, w & 255);
  }
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.map((x) => HEX[x]!);
  h.splice(10, 0, '-');
  h.splice(8, 0, '-');
  h.splice(6, 0, '-');
  h.splice(4, 0, '-');
  // join makes one flat string; a template literal made a tree of ~16 cons-strings per id,
  // several hundred bytes each, which at 250k+ seeded ids cost most of the seed's memory.
  return h.join('');
}

/** Names come from small pools, so their ASCII folds are computed once each. */
const folded = new Map<string, string>();
function foldOnce(s: string): string {
  let f = folded.get(s);
  if (f === undefined) folded.set(s, (f = asciiFold(s)));
  return f;
}

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)]!;
}

/** Tier for a points balance: Silver < 10k ≤ Gold < 30k ≤ Platinum. */
export function tierForPoints(points: number): string {
  return points >= 30_000 ? TIER_IDS.platinum : points >= 10_000 ? TIER_IDS.gold : TIER_IDS.silver;
}

/** Fills an empty store. `customers` is clamped to at least 1. */
export function seedStore(store: Store, opts: { customers?: number; seed?: number } = {}): void {
  const seed = opts.seed ?? 20260101;
  const rand = prng(seed);
  const n = Math.max(1, Math.floor(opts.customers ?? DEFAULT_CUSTOMERS));
  const origin = Date.UTC(2024, 0, 10, 9, 0, 0);
  const base = { DeletedUtc: null, CreatedUtc: origin, UpdatedUtc: origin };
  seedDocsOrderProgram(store, origin - 60_000);
  store.programs.add({ ...base, Id: KEYCARD_PROGRAM_ID, ChainId: CHAIN_ID, Name: 'Keycard Rewards', Code: 'KCR', Type: 'Hotel', Subscription: 'Free' });
  store.programs.add({ ...base, CreatedUtc: origin + 1000, UpdatedUtc: origin + 1000, Id: PARTNER_PROGRAM_ID, ChainId: CHAIN_ID, Name: 'Partner Miles', Code: 'PMX', Type: 'ExternalPartner', Subscription: 'Free' });
  const tiers = [['Silver', 'SILVER', TIER_IDS.silver], ['Gold', 'GOLD', TIER_IDS.gold], ['Platinum', 'PLATINUM', TIER_IDS.platinum]] as const;
  tiers.forEach(([Name, Code, Id], i) =>
    store.tiers.add({ ...base, CreatedUtc: origin + 2000 + i * 1000, UpdatedUtc: origin + 2000 + i * 1000, Id, LoyaltyProgramId: KEYCARD_PROGRAM_ID, Name, Code, Ordering: i + 1 }));

  const customers = seedCustomers(store, rand, n);
  seedMemberships(store, rand, customers);
  seedReservations(store, rand, prng(seed ^ 0x17e45), customers);
}

/**
 * The docs-order program, older than the others, so it comes last in the Mews order (newest
 * first) and no desk's default choice changes; named to sort last by name too (the options page). Fixed ids, no randomness: the rest of the seed
 * is the same as before it was added.
 */
function seedDocsOrderProgram(store: Store, at: number): void {
  store.programs.add({ Id: DOCS_ORDER_PROGRAM_ID, ChainId: CHAIN_ID, Name: 'Tower Club', Code: 'TWR', Type: 'Hotel', Subscription: 'Free', DeletedUtc: null, CreatedUtc: at, UpdatedUtc: at });
  const tiers = [['Platinum', 'P1', DOCS_ORDER_TIER_IDS.platinum], ['Gold', 'G1', DOCS_ORDER_TIER_IDS.gold], ['Silver', 'S1', DOCS_ORDER_TIER_IDS.silver]] as const;
  tiers.forEach(([Name, Code, Id], i) =>
    store.tiers.add({ Id, LoyaltyProgramId: DOCS_ORDER_PROGRAM_ID, Name, Code, Ordering: i + 1, DeletedUtc: null, CreatedUtc: at + (i + 1) * 1000, UpdatedUtc: at + (i + 1) * 1000 }));
}

function seedCustomers(store: Store, rand: () => number, n: number): CustomerRecord[] {
  const first = Date.UTC(2024, 9, 1);
  const step = Math.max(1000, Math.floor((SEED_NOW - 2 * DAY - first) / n));
  // Special guests land among the newest few, so the guest list shows them.
  const special = new Map<number, (typeof SPECIAL_GUESTS)[number]>();
  SPECIAL_GUESTS.forEach((g, k) => special.set(Math.max(0, n - 2 - k * 5), g));
  const out: CustomerRecord[] = [];
  let prev = 0;
  for (let i = 0; i < n; i++) {
    const pool = pick(rand, POOLS);
    const female = rand() < 0.5;
    const s = special.get(i);
    const firstName = s ? s.first : pick(rand, female ? pool.female : pool.male);
    const lastName = s ? s.last : pick(rand, pool.last);
    const created = Math.max(prev + 1000, Math.floor((first + i * step + rand() * step * 0.5) / 1000) * 1000);
    prev = created;
    const updated = created + Math.floor((rand() * (SEED_NOW - created)) / 1000) * 1000;
    const number = String(100_001 + i);
    const local = `${foldOnce(firstName ?? 'guest') || 'guest'}.${foldOnce(lastName).slice(0, 30) || 'guest'}${number.slice(-4)}`;
    const year = 1950 + Math.floor(rand() * 55);
    const c: CustomerRecord = {
      Id: seededGuid(rand), ChainId: CHAIN_ID, Number: number,
      Title: female ? (rand() < 0.5 ? 'Miss' : 'Misses') : 'Mister', Sex: female ? 'Female' : 'Male',
      FirstName: firstName, LastName: lastName,
      Email: rand() < 0.95 || s ? `${local}@${pick(rand, EMAIL_DOMAINS)}` : null,
      Phone: `${pool.phonePrefix} ${String(Math.floor(rand() * 1e9)).padStart(9, '0')}`,
      NationalityCode: pool.nationality, PreferredLanguageCode: pool.language,
      BirthDate: `${year}-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`,
      LoyaltyCode: null, Classifications: [], Options: [], extra: null,
      CreatorProfileId: STAFF_PROFILE_ID, UpdaterProfileId: STAFF_PROFILE_ID,
      CreatedUtc: created, UpdatedUtc: updated, DeletedUtc: null,
    };
    store.addCustomer(c);
    out.push(c);
  }
  return out;
}

function seedMemberships(store: Store, rand: () => number, customers: CustomerRecord[]): void {
  const recs: MembershipRecord[] = [];
  let kSeq = 0;
  let pSeq = 0;
  const make = (c: CustomerRecord, programId: string, primary: boolean): MembershipRecord => {
    const keycard = programId === KEYCARD_PROGRAM_ID;
    const points = Math.floor(rand() * rand() * 50_001);
    const r = rand();
    const state = r < 0.85 ? 'Enrolled' : r < 0.9 ? 'New' : r < 0.95 ? 'Pending' : r < 0.98 ? 'Canceled' : 'Declined';
    // "Consistent-ish": 5% of members sit in a tier their points don't explain (manual upgrades).
    const tier = keycard ? (rand() < 0.05 ? pick(rand, Object.values(TIER_IDS)) : tierForPoints(points)) : null;
    // Unique, random-looking numbers: an affine permutation of a sequence (multiplier coprime to range).
    const number = keycard
      ? `KCR${10_000_000 + ((kSeq++ * 7919 + 12_345) % 90_000_000)}`
      : `PMX-${1_000_000 + ((pSeq++ * 104_729 + 4_321) % 9_000_000)}`;
    const created = c.CreatedUtc + Math.floor((rand() * (SEED_NOW - c.CreatedUtc)) / 1000) * 1000;
    const updated = created + Math.floor((rand() * (SEED_NOW - created)) / 1000) * 1000;
    return {
      Id: seededGuid(rand), ChainId: CHAIN_ID, AccountId: c.Id, LoyaltyProgramId: programId, State: state,
      IsPrimary: primary, ProviderMembershipId: keycard ? null : `PRV-${number.slice(4)}`,
      MembershipNumber: number, Points: points,
      ExpirationDate: keycard && rand() < 0.3 ? Date.UTC(2027 + Math.floor(rand() * 3), 11, 31) : null,
      Url: keycard ? null : `https://partner-miles.example.com/members/${number}`,
      LoyaltyTierId: tier, CreatorProfile: SEED_PROFILE, UpdaterProfile: SEED_PROFILE,
      CreatedUtc: created, UpdatedUtc: updated, DeletedUtc: null,
    };
  };
  for (const c of customers) {
    if (rand() >= 0.4) continue;
    const r = rand();
    if (r < 0.75) recs.push(make(c, KEYCARD_PROGRAM_ID, true));
    else if (r < 0.85) recs.push(make(c, PARTNER_PROGRAM_ID, true));
    else recs.push(make(c, KEYCARD_PROGRAM_ID, true), make(c, PARTNER_PROGRAM_ID, false));
  }
  recs.sort((a, b) => a.CreatedUtc - b.CreatedUtc || (a.Id < b.Id ? -1 : 1));
  for (const m of recs) store.addMembership(m);
}

/** Net price of a night per room category (cents), so seeded revenue differs by room. */
const NIGHTLY_NET_CENTS = [8_900, 11_900, 15_900];

/**
 * Reservations of ~30% of customers, each with its nightly order items. The items draw from
 * their own PRNG (`itemRand`), so adding them left every earlier seeded record unchanged.
 */
function seedReservations(store: Store, rand: () => number, itemRand: () => number, customers: CustomerRecord[]): void {
  const rooms = Array.from({ length: 40 }, () => seededGuid(rand));
  const categories = Array.from({ length: 3 }, () => seededGuid(rand));
  const rate = seededGuid(rand);
  store.property = { rooms, categories, rateId: rate };
  const recs: ReservationRecord[] = [];
  for (const c of customers) {
    if (rand() >= 0.3) continue;
    const count = rand() < 0.8 ? 1 : 2;
    for (let k = 0; k < count; k++) {
      const day = Math.floor(SEED_NOW / DAY) - 120 + Math.floor(rand() * 180);
      const start = day * DAY + 13 * 3_600_000; // 14:00 in Prague (winter), stored as UTC
      const end = start + (1 + Math.floor(rand() * 6)) * DAY - 4 * 3_600_000;
      let state: string;
      const r = rand();
      if (end <= SEED_NOW) state = r < 0.9 ? 'Processed' : 'Canceled';
      else if (start <= SEED_NOW) state = 'Started';
      else state = r < 0.8 ? 'Confirmed' : r < 0.9 ? 'Optional' : 'Canceled';
      const created = Math.min(SEED_NOW - DAY, start - Math.floor(rand() * 60) * DAY - 3_600_000);
      const room = state === 'Canceled' ? null : pick(rand, rooms);
      // Check-in never lies after the seed's "now"; the last change is the latest of the events.
      const actualStart = state === 'Started' || state === 'Processed' ? Math.min(start + 1_800_000, SEED_NOW) : null;
      const actualEnd = state === 'Processed' ? end - 1_800_000 : null;
      const cancelled = state === 'Canceled' ? Math.min(SEED_NOW - 1000, created + DAY) : null;
      recs.push({
        Id: seededGuid(rand), ServiceId: SERVICE_ID, AccountId: c.Id, AccountType: 'Customer', BookerId: c.Id,
        Number: '', State: state, GroupId: seededGuid(rand), RateId: rate, RequestedResourceCategoryId: pick(rand, categories),
        AssignedResourceId: room, ScheduledStartUtc: start, ScheduledEndUtc: end,
        ActualStartUtc: actualStart, ActualEndUtc: actualEnd, CancelledUtc: cancelled,
        Adults: 1 + Math.floor(rand() * 2), ProfileId: STAFF_PROFILE_ID, BillId: seededGuid(itemRand),
        CreatedUtc: created, DeletedUtc: null,
        UpdatedUtc: Math.min(SEED_NOW, Math.max(created, start - DAY, actualStart ?? 0, actualEnd ?? 0, cancelled ?? 0)),
      });
    }
  }
  recs.sort((a, b) => a.CreatedUtc - b.CreatedUtc || (a.Id < b.Id ? -1 : 1));
  // Confirmation numbers follow booking order, as in a real PMS.
  recs.forEach((r, i) => {
    r.Number = String(FIRST_RESERVATION_NUMBER + i);
    store.addReservation(r);
  });
  seedItems(store, recs, categories, () => seededGuid(itemRand));
}

/** Nights posted at booking, closed at check-out or canceled with the reservation. */
function seedItems(store: Store, recs: ReservationRecord[], categories: string[], newId: () => string): void {
  const items: OrderItemRecord[] = [];
  for (const r of recs) {
    const own = nightItems(r, NIGHTLY_NET_CENTS[categories.indexOf(r.RequestedResourceCategoryId)]!, r.CreatedUtc, newId);
    if (r.ActualEndUtc !== null) closeItems(own, r.ActualEndUtc);
    if (r.CancelledUtc !== null) cancelItems(own, r.CancelledUtc);
    items.push(...own);
  }
  // One sort, then appends: adding out of order would re-sort the collection per item.
  items.sort((a, b) => a.CreatedUtc - b.CreatedUtc || (a.Id < b.Id ? -1 : 1));
  for (const i of items) store.addOrderItem(i);
}
