/**
 * The loyalty answers of the proxy's v1 API (camelCase), as valibot schemas: the proxy
 * documents its answers with them (`/v1/openapi.json`) and the extension's types are inferred
 * from them, so a change one side does not follow fails `tsc`. Mews's own PascalCase shapes
 * live in `server/proxy/mews/` and in the sandbox, never here.
 */
import * as v from 'valibot';
import { ADJUSTMENT_REASONS, ADJUSTMENT_STATUSES, MEMBERSHIP_STATES, PROGRAM_TYPES, RETIER_MODES, PROGRAM_CONNECTIONS, SUBSCRIPTIONS, TIER_ORDERS } from './vocabulary';

export const TierSchema = v.object({
  id: v.string(),
  programId: v.string(),
  name: v.string(),
  code: v.string(),
  ordering: v.number(),
  /** Keycard's own rule: the points a membership needs to qualify (null: no threshold). */
  minPoints: v.nullable(v.number()),
});
export type Tier = v.InferOutput<typeof TierSchema>;

export const ProgramSchema = v.object({
  id: v.string(),
  chainId: v.string(),
  name: v.string(),
  code: v.string(),
  type: v.picklist(PROGRAM_TYPES),
  subscription: v.picklist(SUBSCRIPTIONS),
  /**
   * Lowest tier first, by Keycard's thresholds, else by the confirmed `tierOrder`; when neither
   * tells, by `ordering` (display only: then Keycard picks no entry tier and shows no next tier).
   */
  tiers: v.array(TierSchema),
  /** Keycard's re-tier mode for this program (absent from older proxies; default `up`). */
  retierMode: v.optional(v.picklist(RETIER_MODES)),
  /**
   * Which way the tiers' `ordering` runs, as a manager confirmed it; null until then (absent
   * from older proxies). Thresholds (`minPoints`) rank tiers before it does.
   */
  tierOrder: v.optional(v.nullable(v.picklist(TIER_ORDERS))),
  /**
   * How Mews sees the program's memberships: `connector` (Keycard writes them to Mews through
   * the Connector API) or `partner` (Keycard holds them; Mews's Loyalty section asks through the
   * Loyalty Partner API). Absent from older proxies: `connector`.
   */
  connection: v.optional(v.picklist(PROGRAM_CONNECTIONS)),
});
export type Program = v.InferOutput<typeof ProgramSchema>;

/** The next tier a membership can reach by points, for "N points to Gold". */
export const NextTierSchema = v.object({
  tierId: v.string(),
  name: v.string(),
  /** Points still missing (always > 0). */
  pointsNeeded: v.number(),
});
export type NextTier = v.InferOutput<typeof NextTierSchema>;

export const MembershipSchema = v.object({
  id: v.string(),
  accountId: v.string(),
  programId: v.string(),
  state: v.picklist(MEMBERSHIP_STATES),
  isPrimary: v.boolean(),
  number: v.nullable(v.string()),
  points: v.number(),
  tierId: v.nullable(v.string()),
  /** ISO 8601 UTC, or null when the membership never expires. */
  expiresAt: v.nullable(v.string()),
  url: v.nullable(v.string()),
  /** ISO 8601 UTC of the last change Keycard knows of. */
  updatedAt: v.string(),
  /** Points credited from stays checked out this calendar year (UTC); absent where not looked up (search, sync). */
  stayPointsThisYear: v.optional(v.number()),
  /**
   * The next tier by Keycard's tier rules and how far away it is; null at the top or when the
   * program has no thresholds; absent when the proxy could not tell (e.g. Mews unreachable).
   */
  nextTier: v.optional(v.nullable(NextTierSchema)),
});
export type Membership = v.InferOutput<typeof MembershipSchema>;

/** The few customer facts the desk needs; never the whole Mews profile. */
export const GuestSchema = v.object({
  id: v.string(),
  firstName: v.nullable(v.string()),
  lastName: v.string(),
  email: v.nullable(v.string()),
});
export type GuestSummary = v.InferOutput<typeof GuestSchema>;

/** Answer of `GET /v1/accounts/{id}/loyalty` and `/v1/reservations/{id}/loyalty`. */
export const GuestLoyaltySchema = v.object({
  guest: GuestSchema,
  memberships: v.array(MembershipSchema),
  /** ISO 8601 UTC: when the proxy last confirmed this with Mews. */
  asOf: v.string(),
});
export type GuestLoyalty = v.InferOutput<typeof GuestLoyaltySchema>;

/** One row of member search and of the sync feed: a membership with its guest. */
export const MemberRecordSchema = v.object({ guest: GuestSchema, membership: MembershipSchema });
export type MemberRecord = v.InferOutput<typeof MemberRecordSchema>;

export const SyncPageSchema = v.object({
  members: v.array(MemberRecordSchema),
  /** Membership ids deleted since the cursor. */
  deleted: v.array(v.string()),
  /** Pass back to get the next page; `hasMore` false means caught up. */
  cursor: v.string(),
  hasMore: v.boolean(),
  /** About how many rows (members and deletions) are still to come after this page, for progress bars. */
  remaining: v.optional(v.number()),
});
export type SyncPage = v.InferOutput<typeof SyncPageSchema>;

/**
 * One block of a desk's first download (`GET /v1/sync/bulk`): a sync page of up to 10,000
 * members, sent gzip-compressed, that the desk stores as ONE record. Its cursor is a
 * `/v1/sync` cursor: blocks and pages walk the same change numbers, so the incremental sync
 * continues from the last block's cursor.
 */
export const MemberBlockSchema = SyncPageSchema;
export type MemberBlock = SyncPage;

/** One ledger entry. */
export const AdjustmentSchema = v.object({
  id: v.string(),
  membershipId: v.string(),
  delta: v.number(),
  reason: v.picklist(ADJUSTMENT_REASONS),
  note: v.nullable(v.string()),
  pointsBefore: v.nullable(v.number()),
  pointsAfter: v.nullable(v.number()),
  status: v.picklist(ADJUSTMENT_STATUSES),
  deviceId: v.string(),
  deviceName: v.string(),
  createdAt: v.string(),
  /** `adjustment`, or the `retier`/`reversal` rows Keycard adds itself (the proxy always sends it). */
  kind: v.optional(v.string()),
  /** The reservation a stay credit, correction or reversal belongs to (`reason: "stay"` rows Keycard wrote). */
  reservationId: v.optional(v.nullable(v.string())),
});
export type Adjustment = v.InferOutput<typeof AdjustmentSchema>;
