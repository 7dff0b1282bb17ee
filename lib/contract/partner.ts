/**
 * The Mews Loyalty Partner API as Keycard serves it under `/partner/v1` (Mews calls Keycard).
 * The objects follow the documented glossary (LP/glossary.md: Customer, Member, Membership,
 * camelCase); the OpenAPI file itself is not public, so the request envelopes below are
 * Keycard's reading of the workflow pages. Every such assumption is listed in the README
 * ("Connect Mews's Loyalty section"), and this file is where to change them once the spec is
 * in hand. A manager's switch of a program's connection is in `ConnectionRequestSchema`.
 */
import * as v from 'valibot';
import { PROGRAM_CONNECTIONS } from './vocabulary';

const text = (max: number) => v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(max));
const id = v.pipe(v.string(), v.minLength(1), v.maxLength(100));

export const PARTNER_STATUSES = ['pending', 'enrolled', 'canceled', 'declined', 'notFound'] as const;
export type PartnerStatus = (typeof PARTNER_STATUSES)[number];

export const PartnerAddressSchema = v.object({
  line1: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(255)))),
  line2: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(255)))),
  city: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(255)))),
  postalCode: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(50)))),
  countryCode: v.optional(v.nullable(v.pipe(v.string(), v.regex(/^[A-Za-z]{2}$/, 'A two-letter ISO 3166 country code.')))),
  countrySubdivisionCode: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(10)))),
});

export const PartnerCustomerSchema = v.object({
  firstName: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(255)))),
  lastName: text(255),
  email: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(255), v.email()))),
  birthday: v.optional(v.nullable(v.pipe(v.string(), v.isoDate()))),
  phoneNumber: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(50)))),
  address: v.optional(v.nullable(PartnerAddressSchema)),
});
export type PartnerCustomer = v.InferOutput<typeof PartnerCustomerSchema>;

/** The membership as Mews shows it; `pending` and `notFound` carry only the id and status. */
export const PartnerMembershipSchema = v.object({
  providerMembershipId: v.string(),
  status: v.picklist(PARTNER_STATUSES),
  membershipNumber: v.optional(v.nullable(v.string())),
  tier: v.optional(v.nullable(v.string())),
  points: v.optional(v.number()),
  expiresAt: v.optional(v.nullable(v.string())),
  deeplinkUrl: v.optional(v.nullable(v.string())),
});
export type PartnerMembership = v.InferOutput<typeof PartnerMembershipSchema>;

export const PartnerMemberSchema = v.object({
  firstName: v.nullable(v.string()),
  lastName: v.nullable(v.string()),
  email: v.nullable(v.string()),
  birthday: v.optional(v.nullable(v.string())),
  phoneNumber: v.optional(v.nullable(v.string())),
  address: v.optional(v.nullable(PartnerAddressSchema)),
  membership: PartnerMembershipSchema,
});
export type PartnerMember = v.InferOutput<typeof PartnerMemberSchema>;

/** The search fields (LP: memberFilter); which combinations are valid is checked by the proxy. */
export const MemberFilterSchema = v.object({
  providerMembershipId: v.optional(id),
  membershipNumber: v.optional(text(50)),
  email: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(255), v.email())),
  firstName: v.optional(text(255)),
  lastName: v.optional(text(255)),
  phoneNumber: v.optional(text(50)),
  city: v.optional(text(255)),
  postalCode: v.optional(text(50)),
  countryCode: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z]{2}$/, 'A two-letter ISO 3166 country code.'))),
});
export type MemberFilter = v.InferOutput<typeof MemberFilterSchema>;

const enterprise = {
  mewsEnterpriseId: id,
  providerEnterpriseId: v.optional(v.nullable(id)),
};

export const MemberSearchRequestSchema = v.object({ ...enterprise, memberFilter: MemberFilterSchema });
export const EnrollRequestSchema = v.object({ ...enterprise, providerProgramId: id, mewsCustomerId: id, customer: PartnerCustomerSchema });
export const MembershipListRequestSchema = v.object({
  ...enterprise,
  providerMembershipIds: v.pipe(v.array(id), v.minLength(1, 'Send 1 to 100 ids.'), v.maxLength(100, 'Send 1 to 100 ids.')),
});
export const LinkRequestSchema = v.object({ ...enterprise, providerMembershipId: id, mewsCustomerId: id, action: v.picklist(['link', 'unlink']) });

export const PartnerProgramSchema = v.object({ providerProgramId: v.string(), name: v.string(), code: v.string() });

/** `PUT /v1/programs/{id}/connection` (manager). */
export const ConnectionRequestSchema = v.object({ connection: v.picklist(PROGRAM_CONNECTIONS) });
export const ConnectionReportSchema = v.object({
  programId: v.string(),
  connection: v.picklist(PROGRAM_CONNECTIONS),
  moved: v.number(),
  remaining: v.number(),
});
export type ConnectionReport = v.InferOutput<typeof ConnectionReportSchema>;
