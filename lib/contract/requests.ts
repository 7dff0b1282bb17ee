/**
 * What desks may send: path parameters, query strings and bodies of the v1 routes, validated
 * at the proxy's edge with these schemas (their messages reach the desk as 422 details).
 */
import * as v from 'valibot';
import { ADJUSTMENT_REASONS, MEMBERSHIP_STATES, REASON_SIGNS, signAgrees, type AdjustmentReason } from './vocabulary';

// Mews ids are GUIDs. Checking the shape here refuses `/`, `..` or junk with a 422 naming the
// parameter; before, it reached Mews, whose 400 ("Invalid AccountIds.") came back as a 502.
export const MewsId = v.pipe(v.string(), v.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a Mews id (a GUID).'));

export const AccountParams = v.object({ accountId: MewsId });
export const ReservationParams = v.object({ reservationId: MewsId });
export const MembershipParams = v.object({ id: MewsId });

export const PairRequestSchema = v.object({
  code: v.pipe(v.string(), v.minLength(1, 'Enter the pairing code.'), v.maxLength(32)),
  /**
   * Accepted for older extensions and ignored: the device is named as its code was minted, so a
   * desk cannot pass itself off as another in the audit log and the ledger (issue 17 #6).
   */
  deviceName: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(80, 'Device names are at most 80 characters.'))),
});
export type PairRequest = v.InferInput<typeof PairRequestSchema>;

export const EnrollBody = v.object({ accountId: MewsId, programId: MewsId });
export type EnrollRequest = v.InferInput<typeof EnrollBody>;

export const AdjustBody = v.pipe(
  v.object({
    delta: v.pipe(
      v.number('delta must be a number.'),
      v.integer('delta must be a whole number.'),
      v.safeInteger('delta must be a safe integer.'),
      v.check((n) => n !== 0, 'delta must not be zero.'),
    ),
    reason: v.picklist(ADJUSTMENT_REASONS, `reason must be one of ${ADJUSTMENT_REASONS.join(', ')}.`),
    note: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(500, 'note is at most 500 characters.')))),
  }),
  // Reported on `delta`: the amount is what the desk typed against the reason it picked.
  v.forward(
    v.check(({ delta, reason }) => signAgrees(reason, delta), (issue) => signMessage(issue.input as { reason: AdjustmentReason })),
    ['delta'],
  ),
);

function signMessage({ reason }: { reason: AdjustmentReason }): string {
  return REASON_SIGNS[reason] === 'removes'
    ? `A ${reason} removes points: delta must be negative.`
    : `A ${reason} adds points: delta must be positive (a correction may remove points).`;
}
export type AdjustRequestBody = v.InferInput<typeof AdjustBody>;

export const PatchMembershipBody = v.pipe(
  v.object({
    state: v.optional(v.picklist(MEMBERSHIP_STATES)),
    tierId: v.optional(v.nullable(MewsId)),
    expiresAt: v.optional(v.nullable(v.pipe(v.string(), v.isoTimestamp()))),
    isPrimary: v.optional(v.boolean()),
    programId: v.optional(MewsId),
  }),
  v.check((b) => Object.values(b).some((x) => x !== undefined), 'Give at least one of state, tierId, expiresAt, isPrimary, programId.'),
);
export type MembershipPatchBody = v.InferInput<typeof PatchMembershipBody>;

const limit = v.optional(v.pipe(v.string(), v.regex(/^\d{1,4}$/, 'limit must be a whole number.'), v.transform(Number), v.minValue(1), v.maxValue(200)));

export const LedgerQuery = v.object({ limit, before: v.optional(v.pipe(v.string(), v.maxLength(200))) });
export const SearchQuery = v.object({ q: v.pipe(v.string(), v.trim(), v.minLength(1, 'q is required.'), v.maxLength(200)) });
export const SyncQuery = v.object({ cursor: v.optional(v.pipe(v.string(), v.maxLength(30))) });
