/**
 * In-memory state of the sandbox "Mews": one append-ordered collection per entity plus the
 * indexes the operations look records up by.
 */
import { Collection, MultiIndex } from './collection.ts';
import type {
  CustomerRecord, MembershipRecord, OrderItemRecord, ProgramRecord, ReservationRecord, TierRecord,
} from './records.ts';

/** Confirmation number of the first reservation ever made. */
export const FIRST_RESERVATION_NUMBER = 4_200;

/** The bookable part of the hotel, made up by the seed. */
export interface PropertyLayout {
  rooms: string[];
  categories: string[];
  rateId: string;
}

/** Everything the operations read and write. */
export class Store {
  readonly programs = new Collection<ProgramRecord>();
  readonly tiers = new Collection<TierRecord>();
  readonly memberships = new Collection<MembershipRecord>();
  readonly customers = new Collection<CustomerRecord>();
  readonly reservations = new Collection<ReservationRecord>();
  readonly orderItems = new Collection<OrderItemRecord>();

  /** Lower-cased email → customer ids (duplicates are refused on write, but seeds may share). */
  readonly customersByEmail = new MultiIndex();
  readonly membershipsByAccount = new MultiIndex();
  readonly membershipsByNumber = new MultiIndex();
  readonly membershipsByProgram = new MultiIndex();
  readonly reservationsByAccount = new MultiIndex();
  readonly reservationsByNumber = new MultiIndex();
  /** Reservation → its order items. Accounts reach items through their reservations; bills are scanned. */
  readonly itemsByReservation = new MultiIndex();
  /** Rooms, categories and rate the seed made up; reservations made later use them too. */
  property: PropertyLayout = { rooms: [], categories: [], rateId: '' };
  /** Product name → id, so every sale of "Breakfast" names one product (ids made on first sale). */
  readonly productIds = new Map<string, string>();

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

  /**
   * Adds a reservation and indexes it under its owner and its booker, so `AccountIds` with a
   * guest's id also finds the stays a company owns (the client then sees AccountType Company).
   */
  addReservation(r: ReservationRecord): void {
    this.reservations.add(r);
    this.reservationsByAccount.add(r.AccountId, r.Id);
    if (r.BookerId !== r.AccountId) this.reservationsByAccount.add(r.BookerId, r.Id);
    this.reservationsByNumber.add(r.Number, r.Id);
  }

  /** The next confirmation number: numbers follow booking order and nothing is ever removed. */
  nextReservationNumber(): string {
    return String(FIRST_RESERVATION_NUMBER + this.reservations.size);
  }

  /** Adds an order item and indexes it (an item never moves to another reservation). */
  addOrderItem(i: OrderItemRecord): void {
    this.orderItems.add(i);
    this.itemsByReservation.add(i.ServiceOrderId, i.Id);
  }

  /** A reservation's order items, oldest first. */
  itemsOf(reservationId: string): OrderItemRecord[] {
    return [...this.itemsByReservation.get(reservationId)]
      .map((id) => this.orderItems.get(id)!)
      .sort((a, b) => a.CreatedUtc - b.CreatedUtc || a.StartUtc - b.StartUtc || (a.Id < b.Id ? -1 : 1));
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

