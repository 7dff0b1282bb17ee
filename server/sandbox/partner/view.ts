/**
 * The "Loyalty" section of the look-alike guest profile as JSON: the Connector-API memberships
 * the sandbox stores for the customer (what Keycard writes with loyaltyMemberships/add|update)
 * and the partner memberships linked to the customer, one row each, plus the matches the member
 * search suggested. Plain data; the page renders it as text.
 */
import { TIME_ZONE } from '../core/enterprise.ts';
import type { Store } from '../core/store.ts';
import { iso } from '../core/validate.ts';
import type { PartnerLinks } from './links.ts';
import type { PartnerMember, PartnerProgram } from './wire.ts';

/** One row of the section's table. */
export interface LoyaltyRow {
  /** `data-partner-row`: the Connector membership id, or the providerMembershipId. */
  key: string;
  source: 'mews' | 'partner';
  /** Program name and code, as Mews shows "Choice Privileges (CP)". */
  name: string;
  primary: boolean;
  number: string | null;
  points: number | null;
  tier: string | null;
  /** ISO 8601; the page shows its date. */
  expires: string | null;
  /** Shown beside the name when the membership is not enrolled (e.g. `Pending`). */
  status: string;
  url: string | null;
}

/** A match of the member search, as the desk picks from it. */
export interface MemberMatch {
  providerMembershipId: string;
  name: string;
  email: string | null;
  phoneNumber: string | null;
  city: string | null;
  membershipNumber: string | null;
  tier: string | null;
  points: number | null;
  status: string;
}

export interface LoyaltyView {
  customerId: string;
  /** False when SANDBOX_PARTNER_URL/SANDBOX_PARTNER_TOKEN are not set: no Add, no Find. */
  configured: boolean;
  /** When the rows were last read (ISO 8601); the page shows it in `timeZone`, the hotel's. */
  lastUpdated: string;
  timeZone: string;
  rows: LoyaltyRow[];
  suggestions: MemberMatch[];
  /** Why the partner rows may be stale (the last refresh failed), or null. */
  notice: string | null;
}

/** `enrolled` → `Enrolled`: partner states read like Mews's own. */
const stateName = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const named = (name: string, code: string) => (code ? `${name} (${code})` : name);

/** A search hit as the page lists it. */
export function memberMatch(m: PartnerMember): MemberMatch {
  const ms = m.membership;
  return {
    providerMembershipId: ms.providerMembershipId, name: [m.firstName, m.lastName].filter(Boolean).join(' '),
    email: m.email, phoneNumber: m.phoneNumber, city: m.city, membershipNumber: ms.membershipNumber,
    tier: ms.tier, points: ms.points, status: stateName(ms.status),
  };
}

function mewsRows(store: Store, customerId: string): LoyaltyRow[] {
  return store.activeMembershipsOf(customerId).map((m) => {
    const program = store.programs.get(m.LoyaltyProgramId);
    const tier = m.LoyaltyTierId ? store.tiers.get(m.LoyaltyTierId) : undefined;
    return {
      key: m.Id, source: 'mews', name: program ? named(program.Name, program.Code) : 'Loyalty program',
      primary: m.IsPrimary, number: m.MembershipNumber, points: m.Points, tier: tier?.Name ?? null,
      expires: m.ExpirationDate === null ? null : iso(m.ExpirationDate), status: m.State, url: m.Url,
    };
  });
}

/**
 * The section for one customer. `programs` are the partner's programs as last listed: a row
 * names its program when the sandbox knows it (enrolled here, or the partner said), or when the
 * partner has only one.
 */
export function loyaltyView(input: {
  store: Store; links: PartnerLinks; customerId: string; configured: boolean; programs: readonly PartnerProgram[]; now: number;
}): LoyaltyView {
  const { store, links, customerId, programs } = input;
  const rows = mewsRows(store, customerId);
  const partnerLinks = links.linksOf(customerId);
  const nameOf = (programId: string | null) => {
    const p = programs.find((x) => x.providerProgramId === programId) ?? (programs.length === 1 ? programs[0] : undefined);
    return p ? named(p.name, p.code) : 'Loyalty partner';
  };
  // One primary per profile, as Mews keeps one per account: Mews's own, else the first link.
  let primaryTaken = rows.some((r) => r.primary);
  for (const link of partnerLinks) {
    const m = link.membership;
    rows.push({
      key: link.providerMembershipId, source: 'partner', name: nameOf(link.providerProgramId ?? m?.providerProgramId ?? null),
      primary: !primaryTaken, number: m?.membershipNumber ?? null, points: m?.points ?? null, tier: m?.tier ?? null,
      expires: m?.expiresAt ?? null, status: stateName(m?.status ?? 'pending'), url: m?.deeplinkUrl ?? null,
    });
    primaryTaken = true;
  }
  const heard = partnerLinks.length ? links.lastHeard(customerId) : null;
  return {
    customerId, configured: input.configured, lastUpdated: iso(heard ?? input.now), timeZone: TIME_ZONE, rows,
    suggestions: (links.suggestionsOf(customerId)?.members ?? []).map(memberMatch),
    notice: partnerLinks.length ? links.failureOf(customerId) : null,
  };
}
