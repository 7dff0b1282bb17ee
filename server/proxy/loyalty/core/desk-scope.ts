/**
 * Which guests a device may see and change. With a Portfolio Access Token (MEWS_ENTERPRISE_IDS,
 * mews/portfolio.ts) each device belongs to one enterprise (`pair --enterprise`), and sees
 * the guests and memberships of that enterprise's chain: the docs put customer profiles and
 * loyalty programs at chain level ("chains are used ... for sharing certain data such as
 * customer profiles", concepts/multi-property.md), so enterprises of one chain share them.
 * Anything of another chain answers exactly as if it did not exist (same 404, same words), so
 * a desk learns nothing of other properties. A single-enterprise token: everything is in scope.
 */
import type { Device, MemberRecord } from '../../../../lib/contract';
import { ProblemError, notFound } from '../../http/problems';
import { UnservedEnterpriseError } from '../../mews/portfolio';
import type { MewsEnterprise } from '../../mews/connector-types';
import { membershipChains, mirroredGuest } from '../../store/mirror-repository';
import type { LoyaltyContext } from './deps';

/** Who is asking: the device's enterprise decides (absent: the proxy's first enterprise). */
export type Asker = Pick<Device, 'enterpriseId'>;

export interface DeskScope {
  /** The device's enterprise; undefined with a single-enterprise token (callers ask Mews as before). */
  enterprise(device: Asker): Promise<MewsEnterprise | undefined>;
  /** The device's chain; undefined with a single-enterprise token (no limit). */
  chainOf(device: Asker): Promise<string | undefined>;
  /** 404 "no such membership" unless the membership is in the device's chain (or unknown: the service answers). */
  requireMembership(device: Asker, membershipId: string): Promise<void>;
  /** 404 "no such customer" unless the guest is in the device's chain. */
  requireAccount(device: Asker, accountId: string): Promise<void>;
  /**
   * 404 "no such reservation" unless the reservation is in an enterprise of the device's chain
   * (reservations/getAll filtered by those `EnterpriseIds`): company-owned stays too.
   */
  requireReservation(device: Asker, reservationId: string): Promise<void>;
  /** The records of the device's chain (search, sync). */
  keepMembers(device: Asker, records: MemberRecord[]): Promise<MemberRecord[]>;
  /** The membership ids of the device's chain (sync's deletions). */
  keepMembershipIds(device: Asker, ids: string[]): Promise<string[]>;
}

export function createDeskScope(ctx: LoyaltyContext): DeskScope {
  const { portfolio } = ctx.mews;

  async function enterprise(device: Asker): Promise<MewsEnterprise | undefined> {
    if (!portfolio) return undefined;
    try {
      return await portfolio.enterprise(device.enterpriseId);
    } catch (error) {
      if (!(error instanceof UnservedEnterpriseError)) throw error;
      throw new ProblemError(403, 'Enterprise not served', { key: 'enterpriseNotServed', params: { enterpriseId: error.enterpriseId } });
    }
  }

  async function chainOf(device: Asker): Promise<string | undefined> {
    return (await enterprise(device))?.ChainId;
  }

  async function membershipChain(id: string): Promise<string | undefined> {
    const mirrored = (await membershipChains(ctx.store.db, [id])).get(id);
    if (mirrored) return mirrored;
    const { LoyaltyMemberships } = await ctx.mews.call('loyaltyMemberships/getAll', {
      LoyaltyMembershipIds: [id], ActivityStates: ['Active', 'Deleted'], Limitation: { Count: 1 },
    });
    return LoyaltyMemberships[0]?.ChainId;
  }

  async function requireMembership(device: Asker, membershipId: string): Promise<void> {
    const chain = await chainOf(device);
    if (chain === undefined) return;
    const actual = await membershipChain(membershipId);
    if (actual !== undefined && actual !== chain) throw notFound({ key: 'noMembership', params: { membershipId: membershipId } });
  }

  async function requireAccount(device: Asker, accountId: string): Promise<void> {
    if (!portfolio) return; // a single-enterprise token: everything is in scope (no await on the warm lookup)
    const chain = await chainOf(device);
    if (chain === undefined) return;
    const mirrored = (await mirroredGuest(ctx.store.db, accountId))?.chain_id;
    if (mirrored === chain) return;
    if (mirrored == null) {
      // Not mirrored (or mirrored before 0012): ask Mews within the desk's chain only.
      const { Customers } = await ctx.mews.call('customers/getAll', {
        ChainIds: [chain], CustomerIds: [accountId], Extent: { Customers: true }, Limitation: { Count: 1 },
      });
      if (Customers.some((c) => c.Id === accountId && c.ChainId === chain)) return;
    }
    throw notFound({ key: 'noCustomer', params: { customerId: accountId } });
  }

  /** Reservations already found in a chain's enterprises (they do not move): chain|id. */
  const reservationsSeen = new Set<string>();

  async function requireReservation(device: Asker, reservationId: string): Promise<void> {
    const chain = await chainOf(device);
    if (chain === undefined || !portfolio || reservationsSeen.has(`${chain}|${reservationId}`)) return;
    const enterprises = await Promise.all(portfolio.enterpriseIds.map((id) => portfolio.enterprise(id)));
    const { Reservations } = await ctx.mews.call('reservations/getAll/2023-06-06', {
      ReservationIds: [reservationId], EnterpriseIds: enterprises.filter((e) => e.ChainId === chain).map((e) => e.Id), Limitation: { Count: 1 },
    });
    if (!Reservations.some((r) => r.Id === reservationId)) throw notFound({ key: 'noReservation', params: { reservationId: reservationId } });
    if (reservationsSeen.size >= 10_000) reservationsSeen.clear();
    reservationsSeen.add(`${chain}|${reservationId}`);
  }

  async function keepMembershipIds(device: Asker, ids: string[]): Promise<string[]> {
    const chain = await chainOf(device);
    if (chain === undefined || ids.length === 0) return ids;
    const chains = await membershipChains(ctx.store.db, ids);
    return ids.filter((id) => chains.get(id) === chain);
  }

  async function keepMembers(device: Asker, records: MemberRecord[]): Promise<MemberRecord[]> {
    const kept = new Set(await keepMembershipIds(device, records.map((r) => r.membership.id)));
    return records.filter((r) => kept.has(r.membership.id));
  }

  return { enterprise, chainOf, requireMembership, requireAccount, requireReservation, keepMembers, keepMembershipIds };
}
