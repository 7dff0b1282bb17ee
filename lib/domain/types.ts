/**
 * The loyalty domain as the desk sees it: the proxy's v1 API shapes (camelCase), shared by
 * the extension and the proxy. Mews's own PascalCase shapes live in `server/proxy/mews/`
 * and in the sandbox, never here.
 */

export const MEMBERSHIP_STATES = ['New', 'Pending', 'Enrolled', 'Canceled', 'Declined'] as const;
export type MembershipState = (typeof MEMBERSHIP_STATES)[number];

export const PROGRAM_TYPES = ['Hotel', 'ExternalPartner', 'SoftBrand', 'Unknown'] as const;
export type ProgramType = (typeof PROGRAM_TYPES)[number];

export const SUBSCRIPTIONS = ['Free', 'Paid'] as const;
export type Subscription = (typeof SUBSCRIPTIONS)[number];

/** Why points moved. `redemption` may never take a balance below zero. */
export const ADJUSTMENT_REASONS = ['stay', 'bonus', 'goodwill', 'correction', 'redemption'] as const;
export type AdjustmentReason = (typeof ADJUSTMENT_REASONS)[number];

/** How Keycard re-tiers after points move: `up` only promotes, `both` also demotes. */
export const RETIER_MODES = ['up', 'both'] as const;
export type RetierMode = (typeof RETIER_MODES)[number];

export const DEVICE_ROLES = ['desk', 'manager'] as const;
export type DeviceRole = (typeof DEVICE_ROLES)[number];

export interface Tier {
  id: string;
  programId: string;
  name: string;
  code: string;
  ordering: number;
  /** Keycard's own rule: the points a membership needs to qualify (null: no threshold). */
  minPoints: number | null;
}

export interface Program {
  id: string;
  chainId: string;
  name: string;
  code: string;
  type: ProgramType;
  subscription: Subscription;
  tiers: Tier[];
  /** Keycard's re-tier mode for this program (absent from older proxies; default `up`). */
  retierMode?: RetierMode;
}

/** The next tier a membership can reach by points, for "N points to Gold". */
export interface NextTier {
  tierId: string;
  name: string;
  /** Points still missing (always > 0). */
  pointsNeeded: number;
}

export interface Membership {
  id: string;
  accountId: string;
  programId: string;
  state: MembershipState;
  isPrimary: boolean;
  number: string | null;
  points: number;
  tierId: string | null;
  /** ISO 8601 UTC, or null when the membership never expires. */
  expiresAt: string | null;
  url: string | null;
  /** ISO 8601 UTC of the last change Keycard knows of. */
  updatedAt: string;
  /**
   * The next tier by Keycard's tier rules and how far away it is; null at the top or when the
   * program has no thresholds; absent when the proxy could not tell (e.g. Mews unreachable).
   */
  nextTier?: NextTier | null;
}

/** The few customer facts the desk needs; never the whole Mews profile. */
export interface GuestSummary {
  id: string;
  firstName: string | null;
  lastName: string;
  email: string | null;
}

/** Answer of `GET /v1/accounts/{id}/loyalty` and `/v1/reservations/{id}/loyalty`. */
export interface GuestLoyalty {
  guest: GuestSummary;
  memberships: Membership[];
  /** ISO 8601 UTC: when the proxy last confirmed this with Mews. */
  asOf: string;
}

/** One row of member search and of the sync feed: a membership with its guest. */
export interface MemberRecord {
  guest: GuestSummary;
  membership: Membership;
}

export interface SyncPage {
  members: MemberRecord[];
  /** Membership ids deleted since the cursor. */
  deleted: string[];
  /** Pass back to get the next page; `hasMore` false means caught up. */
  cursor: string;
  hasMore: boolean;
  /** About how many rows (members and deletions) are still to come after this page, for progress bars. */
  remaining?: number;
}

export interface Device {
  id: string;
  name: string;
  role: DeviceRole;
  createdAt: string;
  lastSeenAt: string | null;
  revokedAt: string | null;
}

export interface DeskContext {
  enterprise: { id: string; name: string; timeZone: string; currency: string };
  chain: { id: string; name: string };
  programs: Program[];
  device: Device;
  /** Largest |delta| a desk device may apply in one adjustment. */
  deskAdjustmentLimit: number;
}

export interface Adjustment {
  id: string;
  membershipId: string;
  delta: number;
  reason: AdjustmentReason;
  note: string | null;
  pointsBefore: number | null;
  pointsAfter: number | null;
  /** `pending` until Mews confirmed the write; `review` when reconciliation needs a human. */
  status: 'pending' | 'applied' | 'review';
  deviceId: string;
  deviceName: string;
  createdAt: string;
}

/** RFC 9457 problem details, as every proxy error is returned. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  /** Field-level problems, `pointer` as JSON Pointer (e.g. `/delta`). */
  errors?: { pointer: string; detail: string }[];
  [extension: string]: unknown;
}
