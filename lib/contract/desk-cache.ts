/**
 * What the offline cache and outbox add to the message protocol (lib/messages.ts): the
 * panel's view of a queued write, the answer that says a write was queued, and the sync
 * status the options page and the popup show. Types and two plain values, so views may import them.
 */
import type { AdjustmentReason } from './vocabulary';
import type { GuestLoyalty, Membership, Adjustment } from './index';
import type { Failure } from './messages';

/**
 * The IndexedDB database of the desk's cache. The background owns it (lib/background/store/db.ts
 * makes and upgrades it); sign-out deletes it, and the popup reads its members without loading db.ts.
 */
export const DESK_CACHE_DATABASE = 'keycard-cache';

/**
 * Whether an incoming membership should replace the cached one: not when the cache already holds
 * a later change (a lookup can be fresher than a sync page fetched just before it); a tie goes
 * to the incoming one. The background's cache and the popup's copy of it merge by this rule.
 */
export function isNewer(incoming: Membership, existing: { membership: Membership } | undefined): boolean {
  return !existing || incoming.updatedAt >= existing.membership.updatedAt;
}

/** When the cache last heard from the proxy: the later of its last full sync and its last delta. */
export function lastSyncAt(sync: { lastFullSyncAt?: string | null; lastDeltaAt?: string | null } | undefined): string | null {
  const times = [sync?.lastFullSyncAt, sync?.lastDeltaAt].filter((time): time is string => Boolean(time)).sort();
  return times.at(-1) ?? null;
}

/** A desk write waiting in the outbox (`pending`), or refused on replay (`refused`). */
export interface PendingWrite {
  /** The outbox entry's number, for `dismissPending`. */
  id: number;
  kind: 'enroll' | 'adjust';
  accountId: string;
  membershipId: string | null;
  programId?: string;
  delta?: number;
  reason?: AdjustmentReason;
  createdAt: string;
  status: 'pending' | 'refused';
  /** Why the proxy refused it, in its own words. */
  failure?: Failure;
  /**
   * Why a pending write waits: the proxy could not be reached (`unreachable`, also when unknown),
   * or it answered but could not take the write now (`busy`: a 429, such as the desk's share of
   * the Mews budget used up, or a 5xx), so the desk is not told the server is away when it is not.
   */
  waitingFor?: WaitingFor;
}

export type WaitingFor = 'unreachable' | 'busy';

/** The proxy answered but could not take the write now: the desk's words say busy, not away. */
export const waitsBusy = (write: PendingWrite) => write.waitingFor === 'busy';

/** The answer to a write the proxy could not take now: it waits in the outbox. */
export interface QueuedWrite {
  queued: true;
  pending: PendingWrite;
}

/** `enroll`'s answer: the new membership, or queued. */
export type EnrollAnswer = (Membership & { queued?: false }) | QueuedWrite;
/** `adjustPoints`' answer: the adjustment and the membership after it, or queued. */
export type AdjustAnswer = { adjustment: Adjustment; membership: Membership; queued?: false } | QueuedWrite;

/** A guest's loyalty as the background answers it: from the proxy, or from the cache. */
export interface GuestLoyaltyAnswer extends GuestLoyalty {
  /** `cache` when the proxy was not asked (`cacheOnly`) or could not be reached. */
  source?: 'proxy' | 'cache';
  /** Set when the proxy could not be reached and this is saved data. */
  unreachable?: boolean;
  /** This guest's writes still in the outbox (pending or refused), oldest first. */
  pending?: PendingWrite[];
}

/** The member cache's sync, for the options page's progress bar and the popup. */
export interface SyncStatus {
  paired: boolean;
  /** `full`: the first (or periodic) complete download is under way. */
  phase: 'never' | 'full' | 'ready';
  /** A sync is running in the background right now. */
  running: boolean;
  cachedMembers: number;
  /** During a full sync: members received so far, and the proxy's estimate of the whole. */
  received: number;
  estimatedTotal: number | null;
  lastFullSyncAt: string | null;
  lastDeltaAt: string | null;
  lastError: Failure | null;
  outbox: { pending: number; refused: number };
  /** The hotel's time zone from the saved desk context, so every screen tells one time. */
  timeZone: string | null;
}

/** The problem `type` of a sign-out or re-pairing refused because changes are still queued. */
export const QUEUED_CHANGES_PROBLEM = 'urn:keycard:queued-changes';
