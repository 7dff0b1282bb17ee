/**
 * The loyalty module's knobs, with the defaults the desk experience was designed around.
 * The platform's config.ts maps environment variables onto these.
 */
import { DEFAULT_GUEST_PAGES, type GuestPagePattern } from '../../../../lib/contract';

export interface LoyaltyConfig {
  /** Where "Open in Mews" goes (`/v1/context` → `operationsUrl`). */
  operationsUrl: string;
  /** The rules that find the guest on a Mews page (`/v1/context` → `guestPages`). */
  guestPages: readonly GuestPagePattern[];
  /** How often desks ask for `/v1/context` again (s). */
  contextRefreshSeconds: number;
  /** A mirrored account younger than this answers lookups without asking Mews. */
  lookupFreshMs: number;
  /** How long concurrent lookup misses wait to share one Mews call. */
  coalesceWindowMs: number;
  /** A batch is sent at once when it reaches this many ids (Mews filters take ≤ 1000). */
  coalesceMaxIds: number;
  /** Largest |delta| a desk device may apply in one adjustment; managers are unlimited. */
  deskAdjustmentLimit: number;
  /** Points desks may give one membership within any 24 hours (points/caps.ts); managers are not capped. */
  deskDailyCapPerMembership: number;
  /** Points one desk device may give within any 24 hours, all memberships together. */
  deskDailyCapPerDevice: number;
  /** How long a member search that Mews answered with nobody is answered from memory (ms; 0: off). */
  searchMissCacheMs: number;
  /** Poller period; 0 disables the timer (tests call `pollOnce`). */
  pollIntervalMs: number;
  /** The poller re-reads this much before its watermark, for clock skew and late commits. */
  pollOverlapMs: number;
  /** First run: the watermark starts this far in the past. */
  pollInitialLookbackMs: number;
  /** Shared secret of `POST /mews/webhooks?token=`; unset disables webhooks (404). */
  webhookToken: string | undefined;
  /** Member search result cap. */
  searchLimit: number;
  /** `/v1/sync` members per page. */
  syncPageSize: number;
  /** `/v1/sync/bulk` members per block: a new desk's first download, ten blocks for 100,000 members. */
  bulkBlockSize: number;
  /** How long configuration/get and the program list are reused. */
  contextCacheMs: number;
  /** Load every membership from Mews at start when the mirror is empty. */
  initialLoad: boolean;
  /** How long after it was sent a Points write may still land in Mews (fence.ts). */
  writeFenceMs: number;
  /** How long a desk's write waits for a fenced membership before "retry shortly" (503). */
  fenceWaitMs: number;
  /** Period of the reservation poll that credits stays; 0 disables the timer (tests call `pollOnce`). */
  stayPollIntervalMs: number;
  /**
   * How long after one sweep for memberships deleted in Mews the next starts (each poll pass
   * sweeps up to 1000; see mews-sync/deleted-sweep.ts); 0 disables the sweep.
   */
  deletedSweepIntervalMs: number;
  /** Idempotency records older than this are swept (IDEMPOTENCY_RETENTION_DAYS). */
  idempotencyRetentionMs: number;
  /** Period of that sweep; 0 disables the timer (tests call `sweepIdempotency`). */
  idempotencySweepIntervalMs: number;
}

export const DEFAULT_LOYALTY_CONFIG: LoyaltyConfig = {
  operationsUrl: 'http://127.0.0.1:8788',
  guestPages: DEFAULT_GUEST_PAGES,
  contextRefreshSeconds: 60,
  lookupFreshMs: 60_000,
  coalesceWindowMs: 15,
  coalesceMaxIds: 1000,
  deskAdjustmentLimit: 1000,
  deskDailyCapPerMembership: 5_000,
  deskDailyCapPerDevice: 20_000,
  searchMissCacheMs: 30_000,
  pollIntervalMs: 5_000,
  pollOverlapMs: 60_000,
  pollInitialLookbackMs: 5 * 60_000,
  webhookToken: undefined,
  searchLimit: 50,
  syncPageSize: 1000,
  bulkBlockSize: 10_000,
  contextCacheMs: 5 * 60_000,
  initialLoad: true,
  writeFenceMs: 60_000,
  fenceWaitMs: 8_000,
  stayPollIntervalMs: 15_000,
  deletedSweepIntervalMs: 3_600_000,
  idempotencyRetentionMs: 120 * 86_400_000,
  idempotencySweepIntervalMs: 3_600_000,
};

export function loyaltyConfig(overrides: Partial<LoyaltyConfig> = {}): LoyaltyConfig {
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  return { ...DEFAULT_LOYALTY_CONFIG, ...defined };
}
