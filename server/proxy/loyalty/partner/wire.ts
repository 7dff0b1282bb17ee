/**
 * Keycard's memberships in the Loyalty Partner API's words: the one place that maps a row to
 * the documented Membership and Member objects and a memberFilter to a store query. Where the
 * docs are silent this follows the nearest documented object; the README lists each choice.
 */
import type { MemberFilter, PartnerMember, PartnerMembership, PartnerStatus, Program } from '../../../../lib/contract';
import type { MembershipRow } from '../../store/mirror-repository';
import type { MemberProfileRow, ProfileFilter } from '../../store/partner-member-repository';
import { compactNumber, normalizeName } from '../../store/search-name';

const STATUS: Record<string, PartnerStatus> = {
  Enrolled: 'enrolled', New: 'pending', Pending: 'pending', Canceled: 'canceled', Declined: 'declined',
};

/** ISO 8601 with an explicit offset, as the glossary shows (`2025-01-14T17:30:00+02:00`); Keycard keeps UTC. */
export function withOffset(utc: string | null): string | null {
  if (!utc) return null;
  const at = new Date(utc);
  return Number.isNaN(at.getTime()) ? null : at.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** A membership for Mews; a manager's deletion reads as `notFound` (an unlinked one still exists). */
export function partnerMembership(row: MembershipRow | undefined, id: string, programs: readonly Program[]): PartnerMembership {
  if (!row || (row.deleted === 1 && row.unlinked === 0)) return { providerMembershipId: id, status: 'notFound' };
  const status = STATUS[row.state] ?? 'pending';
  if (status === 'pending') return { providerMembershipId: row.id, status };
  const tier = programs.find((p) => p.id === row.program_id)?.tiers.find((t) => t.id === row.tier_id);
  return {
    providerMembershipId: row.id,
    membershipNumber: row.number,
    tier: tier?.name ?? null,
    points: row.points,
    status,
    expiresAt: withOffset(row.expires_at),
    deeplinkUrl: row.url,
  };
}

export function partnerMember(row: MembershipRow, profile: MemberProfileRow | undefined, programs: readonly Program[]): PartnerMember {
  const hasAddress = profile && (profile.line1 || profile.city || profile.postal_code || profile.country_code);
  return {
    firstName: profile?.first_name ?? null,
    lastName: profile?.last_name ?? null,
    email: profile?.email ?? null,
    birthday: profile?.birthday ?? null,
    phoneNumber: profile?.phone ?? null,
    address: hasAddress ? { line1: profile.line1, city: profile.city, postalCode: profile.postal_code, countryCode: profile.country_code } : null,
    membership: partnerMembership(row, row.id, programs),
  };
}

/**
 * The documented filter combinations, most specific first: provider membership id; membership
 * number; email; first + last name; last name + city + country. Undefined: none is complete.
 */
export function profileFilterOf(filter: MemberFilter): ProfileFilter | undefined {
  if (filter.providerMembershipId) return { kind: 'id', id: filter.providerMembershipId };
  if (filter.membershipNumber) return { kind: 'number', number: compactNumber(filter.membershipNumber) };
  if (filter.email) return { kind: 'email', email: filter.email.trim().toLowerCase() };
  if (filter.firstName && filter.lastName) return { kind: 'name', firstKey: normalizeName(filter.firstName), lastKey: normalizeName(filter.lastName) };
  if (filter.lastName && filter.city && filter.countryCode) {
    return { kind: 'place', lastKey: normalizeName(filter.lastName), cityKey: normalizeName(filter.city), countryCode: filter.countryCode.toUpperCase() };
  }
  return undefined;
}
