/**
 * The stay on a reservation page (`GET /v1/reservations/{id}/stay`): nights and revenue so
 * far, and per program what it earned or, with today's rules, would earn. Three Mews reads
 * (the reservation, its order items, the owner's memberships), asked only when a desk opens
 * a reservation, not on the guest lookup's hot path.
 */
import type { Stay } from '../../../../lib/contract';
import { notFound } from '../../http/problems';
import { collectAll } from '../../mews/paginate';
import { allRuleVersions, stayEntries } from '../../store/stay-repository';
import type { LoyaltyContext } from '../core/deps';
import { memberOf } from './credit-stay';
import { stayFactsOf, stayPoints } from './stay-points';
import { EARNING_TYPES } from './stays-read';

export async function stayOf(ctx: LoyaltyContext, reservationId: string): Promise<Stay> {
  const { mews } = ctx;
  const [reservation] = await collectAll(mews, 'reservations/getAll/2023-06-06', { ReservationIds: [reservationId] }, 'Reservations');
  if (!reservation) throw notFound({ key: 'noReservation', params: { reservationId: reservationId } });
  const company = reservation.AccountType === 'Company';
  const [items, memberships, versions] = await Promise.all([
    collectAll(mews, 'orderItems/getAll', { ServiceOrderIds: [reservation.Id], Types: EARNING_TYPES }, 'OrderItems'),
    company ? Promise.resolve([]) : collectAll(mews, 'loyaltyMemberships/getAll', { AccountIds: [reservation.AccountId], ActivityStates: ['Active'] }, 'LoyaltyMemberships'),
    allRuleVersions(ctx.store.db),
  ]);
  const facts = stayFactsOf(items);
  const current = new Map(versions.map((v) => [v.programId, v])); // oldest first: the last one wins
  const programs: Stay['programs'] = [];
  for (const [programId, version] of current) {
    const member = memberOf(memberships, programId);
    if (!member) continue;
    const entries = (await stayEntries(ctx.store.db, reservation.Id, member.Id)).filter((e) => e.status === 'applied');
    programs.push({
      programId,
      membershipId: member.Id,
      earned: entries.reduce((sum, e) => sum + e.delta, 0),
      earnedAt: entries[0]?.applied_at ?? null,
      estimate: reservation.State === 'Canceled' ? 0 : stayPoints(version.rules, facts, member.LoyaltyTierId),
    });
  }
  const skipped = company ? 'company' : current.size === 0 ? 'no-rules' : programs.length === 0 ? 'not-a-member' : null;
  return {
    reservationId: reservation.Id,
    number: reservation.Number ?? null,
    state: reservation.State ?? 'Unknown',
    nights: facts.nights,
    revenue: { amount: (facts.space.gross + facts.products.gross) / 100, currency: items[0]?.Amount.Currency ?? '' },
    skipped,
    programs,
  };
}
