/**
 * The Loyalty Partner API's objects as Mews reads them (LP/glossary.md, camelCase), and the
 * checks on what a partner answers: a field of the wrong kind is refused here, so nothing the
 * page shows was guessed.
 */
import { isObject } from '../core/validate.ts';

/** Membership states of the glossary; `pending` and `notFound` carry only the id and the state. */
export const MEMBERSHIP_STATUSES = ['pending', 'enrolled', 'canceled', 'declined', 'notFound'] as const;
export type MembershipStatus = (typeof MEMBERSHIP_STATUSES)[number];

export interface PartnerMembership {
  providerMembershipId: string;
  status: MembershipStatus;
  membershipNumber: string | null;
  tier: string | null;
  points: number | null;
  expiresAt: string | null;
  deeplinkUrl: string | null;
  /** Not in the glossary: read when a partner sends it, so a row can name its program. */
  providerProgramId: string | null;
}

export interface PartnerAddress {
  line1: string;
  line2?: string;
  city: string;
  postalCode: string;
  countryCode: string;
  countrySubdivisionCode?: string;
}

/** A Mews customer as the partner API sees it. */
export interface PartnerCustomer {
  firstName: string | null;
  lastName: string;
  email: string | null;
  birthday?: string;
  phoneNumber?: string;
  address?: PartnerAddress;
}

/** A search hit: the customer's details plus the membership. */
export interface PartnerMember {
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phoneNumber: string | null;
  city: string | null;
  membership: PartnerMembership;
}

/** Keycard's addition: `GET /programs`. */
export interface PartnerProgram {
  providerProgramId: string;
  name: string;
  code: string;
}

/** A partner call that failed: `message` is what the desk reads. */
export class PartnerError extends Error {
  constructor(
    message: string,
    /** The partner's HTTP status, or null when it never answered. */
    readonly partnerStatus: number | null,
    /** The partner's problem type, when it sent one. */
    readonly problemType: string | null = null,
  ) {
    super(message);
  }
}

/** The partner answered 2xx with something that is not the documented shape. */
export function unreadable(why: string): PartnerError {
  return new PartnerError(`The loyalty partner sent an answer the sandbox cannot read (${why}).`, 200);
}

const text = (v: unknown, what: string): string | null => {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') throw unreadable(`${what} is not a string`);
  return v;
};

export function readMembership(v: unknown): PartnerMembership {
  if (!isObject(v) || typeof v.providerMembershipId !== 'string' || v.providerMembershipId === '') {
    throw unreadable('a membership without providerMembershipId');
  }
  const status = v.status;
  if (typeof status !== 'string' || !(MEMBERSHIP_STATUSES as readonly string[]).includes(status)) {
    throw unreadable(`membership ${v.providerMembershipId} has status ${JSON.stringify(status)}`);
  }
  const points = v.points;
  if (points !== undefined && points !== null && (typeof points !== 'number' || !Number.isFinite(points))) {
    throw unreadable(`membership ${v.providerMembershipId} has points ${JSON.stringify(points)}`);
  }
  return {
    providerMembershipId: v.providerMembershipId,
    status: status as MembershipStatus,
    membershipNumber: text(v.membershipNumber, 'membershipNumber'),
    tier: text(v.tier, 'tier'),
    points: typeof points === 'number' ? points : null,
    expiresAt: text(v.expiresAt, 'expiresAt'),
    deeplinkUrl: text(v.deeplinkUrl, 'deeplinkUrl'),
    providerProgramId: text(v.providerProgramId, 'providerProgramId'),
  };
}

export function readMember(v: unknown): PartnerMember {
  if (!isObject(v)) throw unreadable('a member that is not an object');
  const address = isObject(v.address) ? v.address : {};
  return {
    firstName: text(v.firstName, 'firstName'),
    lastName: text(v.lastName, 'lastName'),
    email: text(v.email, 'email'),
    phoneNumber: text(v.phoneNumber, 'phoneNumber'),
    city: text(address.city, 'address.city'),
    membership: readMembership(v.membership),
  };
}

export function readProgram(v: unknown): PartnerProgram {
  if (!isObject(v) || typeof v.providerProgramId !== 'string' || typeof v.name !== 'string') {
    throw unreadable('a program without providerProgramId or name');
  }
  return { providerProgramId: v.providerProgramId, name: v.name, code: text(v.code, 'code') ?? '' };
}
