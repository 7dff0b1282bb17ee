/**
 * In-memory state of the sandbox "Mews": one append-ordered collection per entity plus the
 * indexes that keep id/account/number lookups O(1) even with 100,000+ customers.
 *
 * Records are internal shapes (epoch-ms timestamps, soft-delete marker); operations turn them
 * into the documented wire objects. Nothing is ever removed: deletes set `DeletedUtc`, so
 * `ActivityStates: ["Deleted"]` can still find them.
 */
import { fail } from './validate.ts';

/** Fields every stored record has. */
export interface BaseRecord {
  Id: string;
  CreatedUtc: number;
  UpdatedUtc: number;
  /** Set when soft-deleted; the record is then "Deleted" for ActivityStates. */
  DeletedUtc: number | null;
}

/** A loyalty program (chain level). */
export interface ProgramRecord extends BaseRecord {
  ChainId: string;
  Name: string;
  Code: string;
  Type: string;
  Subscription: string;
}

/** A loyalty tier of one program. */
export interface TierRecord extends BaseRecord {
  LoyaltyProgramId: string;
  Name: string;
  Code: string;
  Ordering: number;
}

/** Mews "Profile data": who created or last changed a record. */
export interface ProfileData {
  Discriminator: 'Personal' | 'Enterprise' | 'Platform' | 'Static' | 'Integration';
  EnterpriseProfile: { ProfileId: string } | null;
}

/** A loyalty membership of one account (customer) in one program. */
export interface MembershipRecord extends BaseRecord {
  ChainId: string;
  AccountId: string;
  LoyaltyProgramId: string;
  State: string;
  IsPrimary: boolean;
  ProviderMembershipId: string | null;
  MembershipNumber: string | null;
  Points: number | null;
  ExpirationDate: number | null;
  Url: string | null;
  LoyaltyTierId: string | null;
  CreatorProfile: ProfileData | null;
  UpdaterProfile: ProfileData | null;
}

/**
 * A customer. The common fields are typed; anything else a client set through add/update
 * (Notes, Occupation, ...) lives in `extra`, so 100k seeded customers stay small in memory.
 */
export interface CustomerRecord extends BaseRecord {
  ChainId: string;
  Number: string;
  Title: string | null;
  Sex: string | null;
  FirstName: string | null;
  LastName: string;
  Email: string | null;
  Phone: string | null;
  NationalityCode: string | null;
  PreferredLanguageCode: string | null;
  BirthDate: string | null;
  LoyaltyCode: string | null;
  Classifications: string[];
  Options: string[];
  extra: Record<string, unknown> | null;
  CreatorProfileId: string;
  UpdaterProfileId: string;
}

/** A reservation (2023-06-06 shape, internal timestamps in ms). */
export interface ReservationRecord extends BaseRecord {
  ServiceId: string;
  AccountId: string;
  Number: string;
  State: string;
  GroupId: string;
  RateId: string;
  RequestedResourceCategoryId: string;
  AssignedResourceId: string | null;
  ScheduledStartUtc: number;
  ScheduledEndUtc: number;
  ActualStartUtc: number | null;
  ActualEndUtc: number | null;
  CancelledUtc: number | null;
  Adults: number;
  ProfileId: string;
}

/** One page of a cursor-paginated read. */
export interface Page<T> {
  items: T[];
  /** Id of the last (oldest) returned item; null when nothing came back. */
  cursor: string | null;
}

function older(a: BaseRecord, b: BaseRecord): boolean {
  return a.CreatedUtc < b.CreatedUtc || (a.CreatedUtc === b.CreatedUtc && a.Id < b.Id);
}

/**
 * Records kept oldest-first by (CreatedUtc, Id), so "newest first" pagination walks the array
 * backwards from the cursor's position without sorting. New writes carry the real clock and
 * so are nearly always appended at the end.
 */
export class Collection<T extends BaseRecord> {
  private readonly items: T[] = [];
  /** Id → position in `items`: one map serves both lookups and cursor positions. */
  private pos = new Map<string, number>();

  /** Number of records, deleted ones included. */
  get size(): number {
    return this.items.length;
  }

  /** Adds a record; keeps the order even if the clock went backwards. */
  add(rec: T): void {
    const last = this.items[this.items.length - 1];
    if (!last || older(last, rec)) {
      this.pos.set(rec.Id, this.items.length);
      this.items.push(rec);
      return;
    }
    this.items.push(rec);
    this.items.sort((a, b) => (older(a, b) ? -1 : older(b, a) ? 1 : 0));
    this.pos = new Map(this.items.map((r, i) => [r.Id, i]));
  }

  /** The record with this (lower-case) id, deleted or not. */
  get(id: string): T | undefined {
    const p = this.pos.get(id);
    return p === undefined ? undefined : this.items[p];
  }

  /** All records oldest-first (read-only view, for seeding checks and pages). */
  all(): readonly T[] {
    return this.items;
  }

  /**
   * Newest-first page. `ids` (when given) limits the candidates through the id map instead of
   * a scan; `match` applies the remaining filters. A cursor that is not a record of this
   * collection is a 400, like any other unknown id.
   */
  page(opts: { count: number; cursor?: string; ids?: Iterable<string>; match: (r: T) => boolean }): Page<T> {
    let before = this.items.length;
    if (opts.cursor !== undefined) {
      const p = this.pos.get(opts.cursor);
      if (p === undefined) fail('Limitation.Cursor', 'unknown cursor');
      before = p;
    }
    const out: T[] = [];
    if (opts.ids) {
      const found: number[] = [];
      for (const id of new Set(opts.ids)) {
        const p = this.pos.get(id);
        if (p !== undefined && p < before) found.push(p);
      }
      found.sort((a, b) => b - a);
      for (const p of found) {
        const r = this.items[p]!;
        if (opts.match(r)) out.push(r);
        if (out.length >= opts.count) break;
      }
    } else {
      for (let i = before - 1; i >= 0 && out.length < opts.count; i--) {
        const r = this.items[i]!;
        if (opts.match(r)) out.push(r);
      }
    }
    return { items: out, cursor: out.length ? out[out.length - 1]!.Id : null };
  }
}

/** A key → set-of-ids index. */
export class MultiIndex {
  private readonly map = new Map<string, Set<string>>();

  add(key: string | null | undefined, id: string): void {
    if (key === null || key === undefined) return;
    let s = this.map.get(key);
    if (!s) this.map.set(key, (s = new Set()));
    s.add(id);
  }

  remove(key: string | null | undefined, id: string): void {
    if (key === null || key === undefined) return;
    this.map.get(key)?.delete(id);
  }

  get(key: string): ReadonlySet<string> {
    return this.map.get(key) ?? EMPTY;
  }

  /** Union of the id sets for several keys. */
  union(keys: Iterable<string>): Set<string> {
    const out = new Set<string>();
    for (const k of keys) for (const id of this.get(k)) out.add(id);
    return out;
  }
}

const EMPTY: ReadonlySet<string> = new Set();

/** Everything the operations read and write. */
export class Store {
  readonly programs = new Collection<ProgramRecord>();
  readonly tiers = new Collection<TierRecord>();
  readonly memberships = new Collection<MembershipRecord>();
  readonly customers = new Collection<CustomerRecord>();
  readonly reservations = new Collection<ReservationRecord>();

  /** Lower-cased email → customer ids (duplicates are refused on write, but seeds may share). */
  readonly customersByEmail = new MultiIndex();
  readonly membershipsByAccount = new MultiIndex();
  readonly membershipsByNumber = new MultiIndex();
  readonly membershipsByProgram = new MultiIndex();
  readonly reservationsByAccount = new MultiIndex();
  readonly reservationsByNumber = new MultiIndex();

  /** Adds a customer and indexes it. */
  addCustomer(c: CustomerRecord): void {
    this.customers.add(c);
    this.customersByEmail.add(c.Email?.toLowerCase(), c.Id);
  }

  /** Changes a customer's email and keeps the index right. */
  setCustomerEmail(c: CustomerRecord, email: string | null): void {
    this.customersByEmail.remove(c.Email?.toLowerCase(), c.Id);
    c.Email = email;
    this.customersByEmail.add(email?.toLowerCase(), c.Id);
  }

  /** Adds a membership and indexes it. */
  addMembership(m: MembershipRecord): void {
    this.memberships.add(m);
    this.indexMembership(m);
  }

  /** Call with the record before and after changing AccountId/number/program. */
  unindexMembership(m: MembershipRecord): void {
    this.membershipsByAccount.remove(m.AccountId, m.Id);
    this.membershipsByNumber.remove(m.MembershipNumber, m.Id);
    this.membershipsByProgram.remove(m.LoyaltyProgramId, m.Id);
  }

  /** Puts a membership into the account, number and program indexes. */
  indexMembership(m: MembershipRecord): void {
    this.membershipsByAccount.add(m.AccountId, m.Id);
    this.membershipsByNumber.add(m.MembershipNumber, m.Id);
    this.membershipsByProgram.add(m.LoyaltyProgramId, m.Id);
  }

  /** Adds a reservation and indexes it. */
  addReservation(r: ReservationRecord): void {
    this.reservations.add(r);
    this.reservationsByAccount.add(r.AccountId, r.Id);
    this.reservationsByNumber.add(r.Number, r.Id);
  }

  /** Active (not deleted) memberships of an account. */
  activeMembershipsOf(accountId: string): MembershipRecord[] {
    const out: MembershipRecord[] = [];
    for (const id of this.membershipsByAccount.get(accountId)) {
      const m = this.memberships.get(id);
      if (m && m.DeletedUtc === null) out.push(m);
    }
    return out;
  }
}

/**
 * A write timestamp: the real clock, but always after the record's previous UpdatedUtc, so
 * every write visibly bumps it even within one millisecond.
 */
export function bump(prev: number, now: number = Date.now()): number {
  return Math.max(now, prev + 1);
}
