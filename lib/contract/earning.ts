/**
 * Points from stays: a program's earning rules (what a manager sets), the versions Keycard
 * keeps of them, what a stay earned or would earn, and the backfill a manager runs. The
 * arithmetic is stated here, beside the fields, because desk and proxy must agree on it:
 *
 *   stay points = floor((nights × perNight + revenue × perCurrencyUnit + perStay) × tier multiplier)
 *
 * where revenue is the stay's order items in the enterprise currency (net or gross; SpaceOrder
 * always, ProductOrder when `includeProducts`; rebates count against them; never below zero),
 * a stay shorter than `minNights` earns nothing, and a tier without a multiplier counts 1.
 * Rounding is down, once, at the end.
 */
import * as v from 'valibot';
import { REVENUE_BASES } from './vocabulary';

const count = (field: string, max: number) =>
  v.pipe(v.number(`${field} must be a number.`), v.integer(`${field} must be a whole number.`), v.minValue(0, `${field} cannot be negative.`), v.maxValue(max, `${field} is at most ${max}.`));
/** Hundredths at most, so the arithmetic is exact in integers (points per euro 0.25, multiplier 1.5). */
const rate = (field: string, max: number) =>
  v.pipe(
    v.number(`${field} must be a number.`),
    v.minValue(0, `${field} cannot be negative.`),
    v.maxValue(max, `${field} is at most ${max}.`),
    v.check((n) => Number.isInteger(Math.round(n * 100)) && Math.abs(n * 100 - Math.round(n * 100)) < 1e-6, `${field} has at most two decimals.`),
  );

/** Every field may be left out: an absent number is 0, `includeProducts` off, `revenue` net, no multipliers. */
export const EarningRulesSchema = v.object({
  perNight: v.optional(count('perNight', 100_000), 0),
  perCurrencyUnit: v.optional(rate('perCurrencyUnit', 1_000), 0),
  revenue: v.optional(v.picklist(REVENUE_BASES, 'revenue must be net or gross.'), 'net'),
  includeProducts: v.optional(v.boolean('includeProducts must be true or false.'), false),
  perStay: v.optional(count('perStay', 1_000_000), 0),
  minNights: v.optional(count('minNights', 365), 0),
  /** Tier id → multiplier; tiers not listed earn × 1. */
  tierMultipliers: v.optional(v.record(v.pipe(v.string(), v.minLength(1), v.maxLength(100)), rate('tierMultipliers', 100)), {}),
});
export type EarningRules = v.InferOutput<typeof EarningRulesSchema>;

/** A saved version: a stay is computed with the version in force at its check-out. */
export const EarningRulesVersionSchema = v.object({
  programId: v.string(),
  version: v.number(),
  rules: EarningRulesSchema,
  savedAt: v.string(),
  savedBy: v.string(),
});
export type EarningRulesVersion = v.InferOutput<typeof EarningRulesVersionSchema>;

/** `GET|PUT /v1/programs/{id}/earning`: the rules in force, or null when the program earns nothing from stays. */
export const ProgramEarningSchema = v.object({ earning: v.nullable(EarningRulesVersionSchema) });
export type ProgramEarning = v.InferOutput<typeof ProgramEarningSchema>;

const day = (field: string) => v.pipe(v.string(`${field} is required (YYYY-MM-DD).`), v.regex(/^\d{4}-\d{2}-\d{2}$/, `${field} must be YYYY-MM-DD.`));

/** `POST /v1/accrual/backfill`: check-outs from `from` to `to` (inclusive, UTC days). */
export const BackfillBody = v.object({
  from: day('from'),
  to: day('to'),
  dryRun: v.optional(v.boolean('dryRun must be true or false.'), true),
});

export const BackfillReportSchema = v.object({
  dryRun: v.boolean(),
  from: v.string(),
  to: v.string(),
  /** ≤ 3-month windows the range was read in (Mews's limit on time filters). */
  windows: v.number(),
  /** Checked-out stays found in the range. */
  stays: v.number(),
  /** Points credited by this run (a dry run: that a real run would credit now), all programs. */
  points: v.number(),
  /** Stays that earn nothing, by reason (`company`, `not-a-member`, `no-rules`, `below-minimum`). */
  skipped: v.record(v.string(), v.number()),
  /** Points per program: what the stays are worth, and what is (or would be) credited now. */
  programs: v.array(v.object({ programId: v.string(), points: v.number(), credit: v.number() })),
  /** Memberships whose points change. */
  members: v.number(),
});
export type BackfillReport = v.InferOutput<typeof BackfillReportSchema>;

/** One program's part of a stay at the desk: what it earned, or would earn with today's rules. */
export const StayProgramSchema = v.object({
  programId: v.string(),
  membershipId: v.string(),
  /** Points credited so far (the ledger's sum for this stay); 0 before check-out. */
  earned: v.number(),
  /** When the stay was first credited (ISO), or null before. */
  earnedAt: v.nullable(v.string()),
  /** What it earns with the rules in force now, were it checked out as it stands. */
  estimate: v.number(),
});

/** `GET /v1/reservations/{id}/stay`: the stay on a reservation page. */
export const StaySchema = v.object({
  reservationId: v.string(),
  number: v.nullable(v.string()),
  /** Mews's service order state: Confirmed, Started (checked in), Processed (checked out), Canceled… */
  state: v.string(),
  nights: v.number(),
  /** Gross revenue of the stay's nights and products so far, in the enterprise currency. */
  revenue: v.object({ amount: v.number(), currency: v.string() }),
  /** Why it earns nothing (`company`, `not-a-member`, `no-rules`), or null. */
  skipped: v.nullable(v.string()),
  programs: v.array(StayProgramSchema),
});
export type Stay = v.InferOutput<typeof StaySchema>;
