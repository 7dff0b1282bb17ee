/**
 * What the sandbox "Mews" remembers about partner memberships: which providerMembershipIds are
 * linked to which customer (and what the partner last said about each), and the matches the
 * member search found when a customer was created. In memory, like the rest of the sandbox;
 * `POST /_sandbox/reset` starts a fresh one.
 */
import type { PartnerMember, PartnerMembership } from './wire.ts';

/** One membership of the partner linked to one customer. */
export interface PartnerLink {
  providerMembershipId: string;
  /** The program it was enrolled in from this profile, when the sandbox knows it. */
  providerProgramId: string | null;
  linkedAt: number;
  /** What the partner last said about it (null until it said anything). */
  membership: PartnerMembership | null;
}

/** Matches found by the member search when the customer was created. */
export interface Suggestions {
  members: PartnerMember[];
  searchedAt: number;
}

export class PartnerLinks {
  private readonly byCustomer = new Map<string, PartnerLink[]>();
  private readonly suggested = new Map<string, Suggestions>();
  /** When the partner last told the sandbox about a customer's memberships. */
  private readonly heardAt = new Map<string, number>();
  /** The last failed refresh of a customer, shown until one succeeds. */
  private readonly failures = new Map<string, string>();

  /** The customer's links, oldest first. */
  linksOf(customerId: string): readonly PartnerLink[] {
    return this.byCustomer.get(customerId) ?? [];
  }

  /** Links (or refreshes the link of) a membership; the desk's choice ends the suggestions. */
  link(customerId: string, membership: PartnerMembership, providerProgramId: string | null, now: number): void {
    const links = this.byCustomer.get(customerId) ?? [];
    const known = links.find((l) => l.providerMembershipId === membership.providerMembershipId);
    if (known) {
      known.membership = membership;
      known.providerProgramId = providerProgramId ?? known.providerProgramId;
    } else {
      links.push({ providerMembershipId: membership.providerMembershipId, providerProgramId, linkedAt: now, membership });
    }
    this.byCustomer.set(customerId, links);
    this.suggested.delete(customerId);
    this.heard(customerId, now);
  }

  /** Drops a link; false when there was none. */
  unlink(customerId: string, providerMembershipId: string): boolean {
    const links = this.linksOf(customerId);
    const rest = links.filter((l) => l.providerMembershipId !== providerMembershipId);
    if (rest.length === links.length) return false;
    if (rest.length) this.byCustomer.set(customerId, rest);
    else this.byCustomer.delete(customerId);
    return true;
  }

  /**
   * Takes in what `memberships/list` answered: every linked copy of an id gets the new state,
   * and a `notFound` id loses its links. Returns the ids dropped.
   */
  remember(memberships: readonly PartnerMembership[], now: number): string[] {
    const byId = new Map(memberships.map((m) => [m.providerMembershipId, m]));
    const dropped = new Set<string>();
    for (const [customerId, links] of [...this.byCustomer]) {
      let touched = false;
      for (const link of links) {
        const m = byId.get(link.providerMembershipId);
        if (!m) continue;
        touched = true;
        if (m.status === 'notFound') {
          this.unlink(customerId, link.providerMembershipId);
          dropped.add(link.providerMembershipId);
        } else link.membership = m;
      }
      if (touched) this.heard(customerId, now);
    }
    return [...dropped];
  }

  /** Every linked id, each once. */
  allIds(): string[] {
    return [...new Set([...this.byCustomer.values()].flat().map((l) => l.providerMembershipId))];
  }

  /** How many customers have at least one link. */
  get linkedCustomers(): number {
    return this.byCustomer.size;
  }

  /** Keeps the search's matches, leaving out memberships already linked to the customer. */
  suggest(customerId: string, members: readonly PartnerMember[], now: number): void {
    const linked = new Set(this.linksOf(customerId).map((l) => l.providerMembershipId));
    const fresh = members.filter((m) => !linked.has(m.membership.providerMembershipId) && m.membership.status !== 'notFound');
    if (fresh.length) this.suggested.set(customerId, { members: fresh, searchedAt: now });
    else this.suggested.delete(customerId);
  }

  suggestionsOf(customerId: string): Suggestions | null {
    return this.suggested.get(customerId) ?? null;
  }

  /** The partner answered for this customer: any earlier failure is over. */
  heard(customerId: string, now: number): void {
    this.heardAt.set(customerId, now);
    this.failures.delete(customerId);
  }

  lastHeard(customerId: string): number | null {
    return this.heardAt.get(customerId) ?? null;
  }

  failed(customerId: string, message: string): void {
    this.failures.set(customerId, message);
  }

  failureOf(customerId: string): string | null {
    return this.failures.get(customerId) ?? null;
  }
}
