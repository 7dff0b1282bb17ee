/**
 * A guest's answer from the mirror in one statement: the customer, their live memberships
 * (primary first, as the panel lists them) and what each membership earned from stays since a
 * date. The warm lookup is the desk's hottest path: three queries were three trips through
 * Kysely's compiler and the driver, for what the store can answer at once; the statement is
 * compiled once (prepared-query.ts).
 */
import type { Kysely } from 'kysely';
import type { GuestSummary, Membership, MembershipState } from '../../../lib/contract';
import { preparedQuery } from './prepared-query';
import type { Database } from './schema';

export interface MirroredGuestLoyalty {
  guest: GuestSummary;
  /** When the proxy last confirmed the guest with Mews (freshness of the answer). */
  fetchedAt: string;
  memberships: Membership[];
}

const guestRows = preparedQuery((db, accountId: string, staysSince: string) =>
  db
    .selectFrom('customers as c')
    .leftJoin('memberships as m', (join) => join.onRef('m.account_id', '=', 'c.id').on('m.deleted', '=', 0))
    .select((eb) => [
      'c.id as guest_id', 'c.first_name', 'c.last_name', 'c.email', 'c.fetched_at as guest_fetched_at',
      'm.id', 'm.account_id', 'm.program_id', 'm.state', 'm.is_primary', 'm.number', 'm.points', 'm.tier_id',
      'm.expires_at', 'm.url', 'm.updated_at',
      eb.selectFrom('stays as s')
        .select((stays) => stays.fn.sum<number | string | null>('s.points').as('sum'))
        .whereRef('s.membership_id', '=', 'm.id')
        .where('s.status', '=', 'credited')
        .where('s.checked_out_at', '>=', staysSince)
        .as('stay_points'),
    ])
    .where('c.id', '=', accountId)
    .orderBy('m.is_primary', 'desc')
    .orderBy('m.id'),
);

/** Where "this year" starts for the card's stay points: 1 January, UTC. */
export function staysThisYearSince(now: Date): string {
  return `${now.getUTCFullYear()}-01-01T00:00:00.000Z`;
}

/**
 * Undefined when the mirror has no such customer.
 *
 * @example
 * const answer = await mirroredGuestLoyalty(db, accountId, '2026-01-01T00:00:00.000Z');
 * answer?.memberships[0]?.stayPointsThisYear; // credited stay points since that date
 */
export async function mirroredGuestLoyalty(db: Kysely<Database>, accountId: string, staysSince: string): Promise<MirroredGuestLoyalty | undefined> {
  const rows = await guestRows(db, accountId, staysSince);
  const first = rows[0];
  if (!first) return undefined;
  const memberships: Membership[] = [];
  for (const row of rows) {
    if (row.id === null) continue; // the guest has no live membership: one row of customer columns
    memberships.push({
      id: row.id,
      accountId: row.account_id as string,
      programId: row.program_id as string,
      state: row.state as MembershipState,
      isPrimary: row.is_primary === 1,
      number: row.number,
      points: row.points as number,
      tierId: row.tier_id,
      expiresAt: row.expires_at,
      url: row.url,
      updatedAt: row.updated_at as string,
      // PostgreSQL sums to a bigint, which node-postgres hands over as a string.
      stayPointsThisYear: Number(row.stay_points ?? 0),
    });
  }
  return {
    guest: { id: first.guest_id, firstName: first.first_name, lastName: first.last_name, email: first.email },
    fetchedAt: first.guest_fetched_at,
    memberships,
  };
}
