/**
 * valibot schemas of the loyalty routes: request bodies are validated with them at the edge,
 * response schemas feed `/v1/openapi.json`.
 */
import * as v from 'valibot';
import { ADJUSTMENT_REASONS, MEMBERSHIP_STATES, PROGRAM_TYPES, RETIER_MODES, SUBSCRIPTIONS } from '../../../lib/domain/types';
import { DeviceSchema } from '../auth/routes';

// Mews ids are GUIDs. Checking the shape here refuses `/`, `..` or junk with a 422 naming the
// parameter; before, it reached Mews, whose 400 ("Invalid AccountIds.") came back as a 502.
const id = v.pipe(v.string(), v.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a Mews id (a GUID).'));

export const MembershipSchema = v.object({
  id: v.string(),
  accountId: v.string(),
  programId: v.string(),
  state: v.picklist(MEMBERSHIP_STATES),
  isPrimary: v.boolean(),
  number: v.nullable(v.string()),
  points: v.number(),
  tierId: v.nullable(v.string()),
  expiresAt: v.nullable(v.string()),
  url: v.nullable(v.string()),
  updatedAt: v.string(),
  /** "N points to Gold": the next tier by Keycard's thresholds; absent when unknown. */
  nextTier: v.optional(v.nullable(v.object({ tierId: v.string(), name: v.string(), pointsNeeded: v.number() }))),
});

export const GuestSchema = v.object({
  id: v.string(),
  firstName: v.nullable(v.string()),
  lastName: v.string(),
  email: v.nullable(v.string()),
});

export const GuestLoyaltySchema = v.object({ guest: GuestSchema, memberships: v.array(MembershipSchema), asOf: v.string() });
export const MemberRecordSchema = v.object({ guest: GuestSchema, membership: MembershipSchema });

export const TierSchema = v.object({
  id: v.string(),
  programId: v.string(),
  name: v.string(),
  code: v.string(),
  ordering: v.number(),
  minPoints: v.nullable(v.number()),
});

export const ProgramSchema = v.object({
  id: v.string(),
  chainId: v.string(),
  name: v.string(),
  code: v.string(),
  type: v.picklist(PROGRAM_TYPES),
  subscription: v.picklist(SUBSCRIPTIONS),
  tiers: v.array(TierSchema),
  retierMode: v.optional(v.picklist(RETIER_MODES)),
});

export const DeskContextSchema = v.object({
  enterprise: v.object({ id: v.string(), name: v.string(), timeZone: v.string(), currency: v.string() }),
  chain: v.object({ id: v.string(), name: v.string() }),
  programs: v.array(ProgramSchema),
  device: DeviceSchema,
  deskAdjustmentLimit: v.number(),
});

export const AdjustmentSchema = v.object({
  id: v.string(),
  membershipId: v.string(),
  delta: v.number(),
  reason: v.string(),
  note: v.nullable(v.string()),
  pointsBefore: v.nullable(v.number()),
  pointsAfter: v.nullable(v.number()),
  status: v.picklist(['pending', 'applied', 'review']),
  deviceId: v.string(),
  deviceName: v.string(),
  createdAt: v.string(),
  kind: v.string(),
});

export const SyncPageSchema = v.object({
  members: v.array(MemberRecordSchema),
  deleted: v.array(v.string()),
  cursor: v.string(),
  hasMore: v.boolean(),
  remaining: v.optional(v.number()),
});

export const AccountParams = v.object({ accountId: id });
export const ReservationParams = v.object({ reservationId: id });
export const MembershipParams = v.object({ id });

export const EnrollBody = v.object({ accountId: id, programId: id });

export const AdjustBody = v.object({
  delta: v.pipe(
    v.number('delta must be a number.'),
    v.integer('delta must be a whole number.'),
    v.safeInteger('delta must be a safe integer.'),
    v.check((n) => n !== 0, 'delta must not be zero.'),
  ),
  reason: v.picklist(ADJUSTMENT_REASONS, `reason must be one of ${ADJUSTMENT_REASONS.join(', ')}.`),
  note: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(500, 'note is at most 500 characters.')))),
});

export const PatchMembershipBody = v.pipe(
  v.object({
    state: v.optional(v.picklist(MEMBERSHIP_STATES)),
    tierId: v.optional(v.nullable(id)),
    expiresAt: v.optional(v.nullable(v.pipe(v.string(), v.isoTimestamp()))),
    isPrimary: v.optional(v.boolean()),
    programId: v.optional(id),
  }),
  v.check((b) => Object.values(b).some((x) => x !== undefined), 'Give at least one of state, tierId, expiresAt, isPrimary, programId.'),
);

const limit = v.optional(v.pipe(v.string(), v.regex(/^\d{1,4}$/, 'limit must be a whole number.'), v.transform(Number), v.minValue(1), v.maxValue(200)));

export const LedgerQuery = v.object({ limit, before: v.optional(v.pipe(v.string(), v.maxLength(200))) });
export const SearchQuery = v.object({ q: v.pipe(v.string(), v.trim(), v.minLength(1, 'q is required.'), v.maxLength(200)) });
export const SyncQuery = v.object({ cursor: v.optional(v.pipe(v.string(), v.maxLength(30))) });
