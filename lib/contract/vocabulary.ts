/**
 * The loyalty vocabulary both sides speak: the fixed word lists of the v1 API. Plain constants
 * (no valibot), so the extension's views and forms can import them without the schemas.
 */

export const MEMBERSHIP_STATES = ['New', 'Pending', 'Enrolled', 'Canceled', 'Declined'] as const;
export type MembershipState = (typeof MEMBERSHIP_STATES)[number];

/**
 * The program's state rule for points: a Canceled or Declined membership is closed, and a desk
 * may not add or remove its points (the proxy refuses with `MEMBERSHIP_CLOSED_PROBLEM`). A
 * manager, who can reinstate it, may still correct its balance. New and Pending memberships
 * take points: they are on their way in.
 */
export const CLOSED_MEMBERSHIP_STATES: readonly MembershipState[] = ['Canceled', 'Declined'];
export const MEMBERSHIP_CLOSED_PROBLEM = 'https://keycard.dev/problems/membership-closed';

export const PROGRAM_TYPES = ['Hotel', 'ExternalPartner', 'SoftBrand', 'Unknown'] as const;
export type ProgramType = (typeof PROGRAM_TYPES)[number];

/** The program types a manager may create (Mews's `Unknown` is for programs it cannot classify). */
export const EDITABLE_PROGRAM_TYPES = ['Hotel', 'ExternalPartner', 'SoftBrand'] as const;
export type EditableProgramType = (typeof EDITABLE_PROGRAM_TYPES)[number];

export const SUBSCRIPTIONS = ['Free', 'Paid'] as const;
export type Subscription = (typeof SUBSCRIPTIONS)[number];

/** Why points moved. No adjustment may take a balance below zero (only a stay's reversal can). */
export const ADJUSTMENT_REASONS = ['stay', 'bonus', 'goodwill', 'correction', 'redemption'] as const;
export type AdjustmentReason = (typeof ADJUSTMENT_REASONS)[number];

/**
 * Which way each reason moves points: a stay, a bonus and a goodwill gesture add, a redemption
 * removes, a correction goes either way. A "bonus" of −500 is a redemption by another name,
 * and its audit trail would lie; both sides refuse it before anything is written.
 */
export const REASON_SIGNS: Record<AdjustmentReason, 'adds' | 'removes' | 'either'> = {
  stay: 'adds',
  bonus: 'adds',
  goodwill: 'adds',
  correction: 'either',
  redemption: 'removes',
};

/**
 * The problem `type` of an adjustment refused because a desk reached its rolling 24-hour cap
 * (a 403 naming the cap and what is left): a manager applies it instead.
 */
export const NEEDS_MANAGER_APPROVAL = 'https://keycard.dev/problems/needs-manager-approval';

/**
 * The problem `type` of a 401 for a device token an administrator revoked. Only the holder of
 * that token sees it (a guessed token gets the plain 401), so the desk can say why it stopped.
 */
export const DEVICE_REVOKED_PROBLEM = 'https://keycard.dev/problems/device-revoked';

/** Whether `delta` moves points the way `reason` says (`signAgrees('bonus', -5)` → false). */
export function signAgrees(reason: AdjustmentReason, delta: number): boolean {
  const sign = REASON_SIGNS[reason];
  return sign === 'either' || (sign === 'adds' ? delta > 0 : delta < 0);
}

/** How Keycard re-tiers after points move: `up` only promotes, `both` also demotes. */
export const RETIER_MODES = ['up', 'both'] as const;
export type RetierMode = (typeof RETIER_MODES)[number];

/**
 * Which way a program's tier `ordering` runs, as a manager confirmed it (the Mews docs do not
 * say): `ascending`, ordering 1 is the entry tier and a higher ordering a higher tier;
 * `descending`, ordering 1 is the top tier (the docs' own example: Platinum 1, Silver 2).
 */
export const TIER_ORDERS = ['ascending', 'descending'] as const;
export type TierOrder = (typeof TIER_ORDERS)[number];

/** The Keycard integration in Mews, as Mews's integration webhooks last said (`enabled` until told otherwise). */
export const MEWS_INTEGRATION_STATES = ['enabled', 'disabled', 'canceled', 'deleted'] as const;
export type MewsIntegrationState = (typeof MEWS_INTEGRATION_STATES)[number];

/** How a program is connected to Mews: the Connector API, or as a Loyalty Partner API program. */
export const PROGRAM_CONNECTIONS = ['connector', 'partner'] as const;
export type ProgramConnection = (typeof PROGRAM_CONNECTIONS)[number];

export const DEVICE_ROLES = ['desk', 'manager'] as const;
export type DeviceRole = (typeof DEVICE_ROLES)[number];

/** `pending` until Mews confirmed the write; `review` when reconciliation needs a human. */
export const ADJUSTMENT_STATUSES = ['pending', 'applied', 'review'] as const;
export type AdjustmentStatus = (typeof ADJUSTMENT_STATUSES)[number];

/** Which revenue a stay's points count: without tax (`net`) or with it (`gross`). */
export const REVENUE_BASES = ['net', 'gross'] as const;
export type RevenueBasis = (typeof REVENUE_BASES)[number];

/**
 * The problem type of `GET /v1/reservations/{id}/loyalty` when a company owns the reservation:
 * a company has no loyalty membership, so the panel says "Booked by a company" (not "not found").
 */
export const COMPANY_RESERVATION_PROBLEM = 'https://keycard.dev/problems/company-reservation';
