/**
 * Reading what crediting stays needs from Mews, in as few calls as Mews allows: order items
 * of the checked-out stays by ServiceOrderIds, and the owners' memberships by AccountIds,
 * each in batches of 1,000 ids (pages of 1,000 items).
 */
import type { EarningRulesVersion } from '../../../../lib/contract';
import type { MewsLoyaltyMembership, MewsOrderItem, MewsReservation } from '../../mews/connector-types';
import { chunk, collectAll } from '../../mews/paginate';
import { allRuleVersions, stayRowsOf, type StayRow } from '../../store/stay-repository';
import type { LoyaltyContext } from '../core/deps';
import type { Catalog } from '../programs/catalog';
import { settleStay, type StayOutcome } from './credit-stay';

/** The order item types stay points read (the rest, e.g. city tax, never earn). */
export const EARNING_TYPES = ['SpaceOrder', 'NightRebate', 'ProductOrder', 'ProductOrderRebate'];

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

export interface StaysReport {
  outcomes: StayOutcome[];
  /** Stays that could not be finished now (Mews down, a fenced membership): seen again later. */
  failed: string[];
}

/**
 * Works out every stay among `reservations` that has something to credit, correct or reverse:
 * checked out, or credited before (and now canceled or reverted). Stays are settled one by
 * one; a failure leaves that stay for the next look and goes on with the others.
 */
export async function settleStays(
  ctx: LoyaltyContext,
  catalog: Catalog,
  reservations: readonly MewsReservation[],
  options: { dryRun?: boolean; versions?: readonly EarningRulesVersion[] } = {},
): Promise<StaysReport> {
  const versions = options.versions ?? (await allRuleVersions(ctx.store.db));
  const records: StayRow[] = [];
  for (const ids of chunk(reservations.map((r) => r.Id))) records.push(...(await stayRowsOf(ctx.store.db, ids)));
  const recordsOf = groupBy(records, (row) => row.reservation_id);
  const credited = (id: string) => recordsOf.get(id)?.some((row) => row.status === 'credited') ?? false;
  const relevant = reservations.filter((r) => r.State === 'Processed' || credited(r.Id));
  if (relevant.length === 0) return { outcomes: [], failed: [] };
  const checkedOut = relevant.filter((r) => r.State === 'Processed' && r.AccountType !== 'Company');
  const items: MewsOrderItem[] = [];
  for (const ids of chunk(checkedOut.map((r) => r.Id))) {
    items.push(...(await collectAll(ctx.mews, 'orderItems/getAll', { ServiceOrderIds: ids, Types: EARNING_TYPES }, 'OrderItems')));
  }
  const memberships: MewsLoyaltyMembership[] = [];
  const accounts = [...new Set(relevant.filter((r) => r.AccountType !== 'Company').map((r) => r.AccountId))];
  for (const ids of chunk(accounts)) {
    memberships.push(...(await collectAll(ctx.mews, 'loyaltyMemberships/getAll', { AccountIds: ids, ActivityStates: ['Active'] }, 'LoyaltyMemberships')));
  }
  const itemsOf = groupBy(items, (i) => i.ServiceOrderId);
  const membershipsOf = groupBy(memberships, (m) => m.AccountId);
  const report: StaysReport = { outcomes: [], failed: [] };
  for (const reservation of relevant) {
    try {
      // Records are read again per stay (settleStay), not passed from the start of the pass: a
      // webhook may credit a stay while a long pass runs, and its terms must be the stored ones.
      const seen = { reservation, items: itemsOf.get(reservation.Id) ?? [], memberships: membershipsOf.get(reservation.AccountId) ?? [] };
      report.outcomes.push(...(await settleStay(ctx, catalog, versions, seen, options)));
    } catch (error) {
      report.failed.push(reservation.Id);
      ctx.log.warn({ reservationId: reservation.Id, err: error instanceof Error ? error.message : String(error) }, 'stay not settled yet; will retry');
    }
  }
  return report;
}
