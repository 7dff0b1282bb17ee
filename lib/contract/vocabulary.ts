/**
 * The loyalty vocabulary both sides speak: the fixed word lists of the v1 API. Plain constants
 * (no valibot), so the extension's views and forms can import them without the schemas.
 */

export const MEMBERSHIP_STATES = ['New', 'Pending', 'Enrolled', 'Canceled', 'Declined'] as const;
export type MembershipState = (typeof MEMBERSHIP_STATES)[number];

export const PROGRAM_TYPES = ['Hotel', 'ExternalPartner', 'SoftBrand', 'Unknown'] as const;
export type ProgramType = (typeof PROGRAM_TYPES)[number];

/** The program types a manager may create (Mews's `Unknown` is for programs it cannot classify). */
export const EDITABLE_PROGRAM_TYPES = ['Hotel', 'ExternalPartner', 'SoftBrand'] as const;
export type EditableProgramType = (typeof EDITABLE_PROGRAM_TYPES)[number];

export const SUBSCRIPTIONS = ['Free', 'Paid'] as const;
export type Subscription = (typeof SUBSCRIPTIONS)[number];

/** Why points moved. `redemption` may never take a balance below zero. */
export const ADJUSTMENT_REASONS = ['stay', 'bonus', 'goodwill', 'correction', 'redemption'] as const;
export type AdjustmentReason = (typeof ADJUSTMENT_REASONS)[number];

/** How Keycard re-tiers after points move: `up` only promotes, `both` also demotes. */
export const RETIER_MODES = ['up', 'both'] as const;
export type RetierMode = (typeof RETIER_MODES)[number];

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
