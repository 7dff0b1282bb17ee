/**
 * Guest lookups for the desk panel: answered from the mirror while it is fresh, otherwise
 * fetched from Mews in coalesced batches (one `loyaltyMemberships/getAll` and one
 * `customers/getAll` per batch of up to 1000 accounts) and written back to the mirror.
 */
import { COMPANY_RESERVATION_PROBLEM, type GuestLoyalty } from '../../../../lib/contract';
import { ProblemError, notFound } from '../../http/problems';
import { collectAll } from '../../mews/paginate';
import type { Catalog } from '../programs/catalog';
import type { LoyaltyContext } from '../core/deps';
import { budgetAwareWindow, Coalescer } from './coalescer';
import { upsertCustomers, upsertMemberships } from '../../store/mirror-repository';
import { mirroredGuestLoyalty, staysThisYearSince } from '../../store/guest-loyalty-repository';
import { withNextTiers } from '../programs/tiers';

const RESERVATION_CACHE_MS = 10 * 60_000;
const RESERVATION_CACHE_MAX = 10_000;

export interface Lookups {
  /** The guest and their memberships; 404 problem when Mews has no such customer. */
  accountLoyalty(accountId: string): Promise<GuestLoyalty>;
  reservationLoyalty(reservationId: string): Promise<GuestLoyalty>;
  /**
   * Fetches these accounts from Mews now (batched) and mirrors them; resolves with the ids
   * Mews knows as customers.
   */
  refreshAccounts(accountIds: readonly string[]): Promise<Set<string>>;
  /** Batches sent to Mews so far (tests, metrics). */
  readonly batches: number;
}

/** Who owns a reservation: a guest, or a company (whose AccountId is no customer). */
interface Owner {
  accountId: string;
  company: boolean;
  number: string | null;
}

/**
 * A company owns the reservation: it has no loyalty membership, and its id is no customer, so
 * "not found" would mislead the desk. The guest staying has a profile of their own.
 */
function bookedByCompany(number: string | null): ProblemError {
  return new ProblemError(409, 'Booked by a company', number ? { key: 'bookedByCompanyNumber', params: { number } } : { key: 'bookedByCompany' }, {
    type: COMPANY_RESERVATION_PROBLEM,
  });
}

export function createLookups(ctx: LoyaltyContext, catalog: Catalog): Lookups {
  const { db } = ctx.store;
  const { mews, config } = ctx;

  /** One batch: both Mews calls in parallel, then one mirror write. */
  async function loadAccounts(accountIds: string[]): Promise<Map<string, true>> {
    const asOf = Date.now();
    const [memberships, customers] = await Promise.all([
      collectAll(mews, 'loyaltyMemberships/getAll', { AccountIds: accountIds, ActivityStates: ['Active'] }, 'LoyaltyMemberships'),
      collectAll(mews, 'customers/getAll', { CustomerIds: accountIds, Extent: { Customers: true } }, 'Customers'),
    ]);
    const now = ctx.now().toISOString();
    const found = new Set(customers.map((c) => c.Id));
    await upsertCustomers(db, customers, now);
    await upsertMemberships(db, memberships, now, { completeForAccounts: [...found], asOf });
    return new Map(accountIds.filter((id) => found.has(id)).map((id) => [id, true as const]));
  }

  const window = budgetAwareWindow(config.coalesceWindowMs, mews.limiter);
  const accounts = new Coalescer<string, true>({
    windowMs: window,
    maxBatch: Math.min(1000, config.coalesceMaxIds),
    load: loadAccounts,
  });

  const reservationOwners = new Map<string, Owner & { at: number }>();
  const reservations = new Coalescer<string, Owner>({
    windowMs: window,
    maxBatch: 1000,
    async load(ids) {
      const found = await collectAll(mews, 'reservations/getAll/2023-06-06', { ReservationIds: ids }, 'Reservations');
      return new Map(found.map((r) => [r.Id, { accountId: r.AccountId, company: r.AccountType === 'Company', number: r.Number ?? null }]));
    },
  });

  /** The guest, their memberships and what each earned from stays this year (the card shows it): one query. */
  async function fromMirror(accountId: string, freshSince: string | null): Promise<GuestLoyalty | null> {
    const found = await mirroredGuestLoyalty(db, accountId, staysThisYearSince(ctx.now()));
    if (!found || (freshSince !== null && found.fetchedAt < freshSince)) return null;
    return { guest: found.guest, memberships: found.memberships, asOf: found.fetchedAt };
  }

  async function accountLoyalty(accountId: string): Promise<GuestLoyalty> {
    const freshSince = new Date(ctx.now().getTime() - config.lookupFreshMs).toISOString();
    const cached = await fromMirror(accountId, freshSince);
    if (cached) return withNextTiers(catalog, cached);
    const known = await accounts.get(accountId);
    const answer = known ? await fromMirror(accountId, null) : null;
    if (!answer) throw notFound({ key: 'noCustomer', params: { customerId: accountId } });
    return withNextTiers(catalog, answer);
  }

  async function reservationLoyalty(reservationId: string): Promise<GuestLoyalty> {
    const cached = reservationOwners.get(reservationId);
    let owner: Owner | undefined = cached && ctx.now().getTime() - cached.at < RESERVATION_CACHE_MS ? cached : undefined;
    if (!owner) {
      owner = await reservations.get(reservationId);
      if (!owner) throw notFound({ key: 'noReservation', params: { reservationId: reservationId } });
      if (reservationOwners.size >= RESERVATION_CACHE_MAX) reservationOwners.clear();
      reservationOwners.set(reservationId, { ...owner, at: ctx.now().getTime() });
    }
    if (owner.company) throw bookedByCompany(owner.number);
    return accountLoyalty(owner.accountId);
  }

  async function refreshAccounts(accountIds: readonly string[]): Promise<Set<string>> {
    const results = await Promise.all([...new Set(accountIds)].map(async (id) => [id, await accounts.get(id)] as const));
    return new Set(results.filter(([, known]) => known).map(([id]) => id));
  }

  return {
    accountLoyalty,
    reservationLoyalty,
    refreshAccounts,
    get batches() {
      return accounts.batches;
    },
  };
}
