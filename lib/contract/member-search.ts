/** What the popup's member search sends and receives (see `lib/messages.ts`). */
import type { GuestSummary, MemberRecord, Membership } from './index';

/** Which part of a member the cache matched a query on. */
export type MatchKind = 'number' | 'last' | 'first' | 'email';

/** Why a row is listed: a cache match of some kind, the proxy's search, or a recent view. */
export type ResultOrigin = MatchKind | 'proxy' | 'recent';

/** One row of the popup: a guest with one membership (none for a recent non-member). */
export interface MemberResult {
  guest: GuestSummary;
  membership: Membership | null;
  origin: ResultOrigin;
  /** True when a write for this membership waits in the outbox. */
  pending: boolean;
}

/** The local answer for one query: the cache's matches, instantly. */
export interface LocalSearchAnswer {
  query: string;
  results: MemberResult[];
  /** How many members the cache holds (0: nothing synced yet). */
  cachedMembers: number;
}

/** The proxy's answer for one query. */
export interface OnlineSearchAnswer {
  query: string;
  results: MemberResult[];
}

/** What the popup shows before anything is typed. */
export interface SearchHome {
  paired: boolean;
  /** The desk's own base for Mews Operations links (options page); null: the proxy's `operationsUrl`. */
  mewsOperationsUrl: string | null;
  recent: MemberResult[];
  sync: { cachedMembers: number; lastSyncAt: string | null; syncing: boolean };
}

/** A stable key for a row, so the active row survives a re-render. */
export function resultKey(result: MemberResult): string {
  return result.membership ? result.membership.id : `guest:${result.guest.id}`;
}

/**
 * The channel (a `BroadcastChannel` of the extension's origin) on which the background tells
 * open popups what changed in the member cache, so the popup's own copy stays current.
 */
export const MEMBER_NEWS = 'keycard-member-news';
/** On that channel: a (re)started background asks which popups hold a copy… */
export const WHO_HOLDS_A_COPY = 'who-holds-a-copy';
/** …and they answer (then it tells them its news). */
export const MEMBER_COPY_HELD = 'member-copy-held';

/** Members that changed in the cache since the last notice. `reset`: forget everything first. */
export interface MemberNews {
  upserted?: readonly MemberRecord[];
  deleted?: readonly string[];
  reset?: boolean;
}
