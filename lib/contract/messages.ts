/**
 * The typed conversation between the views (panel, popup, options) and the background, the
 * only part of Keycard that reaches the network. Every answer is a {@link Result}: failures
 * are values the views show calmly, never exceptions they must remember to catch.
 */
import type { AdjustmentReason, ProgramConnection } from './vocabulary';
import type { Adjustment, BackfillReport, ConnectionReport, DeskContext, Device, EarningRules, GuestLoyalty, Membership, Problem, Program, ProgramEarning, Stay, Tier } from './index';
import type { LedgerCsv, LedgerPage, MembershipChanges, ProgramFields, TierFields } from './manager';
import type { AdjustAnswer, EnrollAnswer, GuestLoyaltyAnswer, SyncStatus } from './desk-cache';
import type { LocalSearchAnswer, OnlineSearchAnswer, SearchHome } from './member-search';

/** Why a request failed, in the terms a desk can act on. */
export type FailureKind =
  | 'unreachable' // no answer from the proxy (network down, proxy stopped, timeout)
  | 'unauthorized' // not paired, or the device was revoked
  | 'forbidden' // paired, but this role may not do it (e.g. a desk over its limit)
  | 'notFound' // the guest or membership does not exist in Mews
  | 'conflict' // already done (e.g. already a member); `problem` says what exists
  | 'invalid' // the request was refused as malformed
  | 'server'; // the proxy failed

export interface Failure {
  kind: FailureKind;
  /** One calm sentence for the desk, usually the proxy's `detail`. */
  message: string;
  /**
   * Keycard's own words (not the proxy's): the catalogue key the message was said from, so a view
   * says it again in the desk's language when it renders (lib/i18n/failure-text.ts), and a
   * message on screen follows a change of language. `message` is the same text, said in the
   * language the desk had when it was made.
   */
  text?: SaidText;
  problem?: Problem;
}

/** A catalogue key (lib/i18n/en.ts) and its `{placeholders}`; the contract holds no catalogue, so a plain string here. */
export interface SaidText {
  key: string;
  params?: Record<string, string | number>;
}

export type Result<T> = { ok: true; data: T } | { ok: false; error: Failure };

/** How this browser is paired with a proxy, as the options page and the panel see it. */
export interface DeskStatus {
  paired: boolean;
  proxyUrl: string;
  /** True when an administrator fixed the proxy URL through policy (`storage.managed`). */
  proxyUrlFromPolicy: boolean;
  deviceName: string;
  device: Device | null;
  /** The last failure talking to the proxy, for the options page's diagnosis. */
  lastError: Failure | null;
  panelCollapsed: boolean;
  /** The window edge the desk docked the panel to (issue 18 #5: the desk's choice, remembered). */
  panelSide: PanelSide;
}

/** The window edge the panel is docked to. */
export type PanelSide = 'left' | 'right';

/** Each message `type` with its request fields and the data its successful answer carries. */
export interface KeycardProtocol {
  ping: { request: object; response: { version: string } };
  getStatus: { request: object; response: DeskStatus };
  /**
   * `discardQueued`: the desk has read that changes are still queued and chose to lose them.
   * Without it, pairing again or signing out with queued changes is refused (`conflict`).
   */
  /** The device's name comes with the code (the manager minted it for that name); the answer carries it. */
  pair: { request: { proxyUrl: string; code: string; discardQueued?: boolean }; response: DeskStatus };
  signOut: { request: { discardQueued?: boolean }; response: DeskStatus };
  getContext: { request: { refresh?: boolean }; response: DeskContext };
  /** `cacheOnly`: answer from the offline cache at once, without asking the proxy. */
  getGuestLoyalty: {
    request: { kind: 'customer' | 'reservation'; id: string; cacheOnly?: boolean };
    response: GuestLoyaltyAnswer;
  };
  enroll: {
    request: { accountId: string; programId: string; idempotencyKey: string };
    response: EnrollAnswer;
  };
  adjustPoints: {
    request: {
      membershipId: string;
      delta: number;
      reason: AdjustmentReason;
      note?: string;
      idempotencyKey: string;
    };
    response: AdjustAnswer;
  };
  getAdjustments: { request: { membershipId: string }; response: Adjustment[] };
  /**
   * The stay on a reservation page, fresh from the proxy: nights, revenue so far, and what each
   * program earned or would earn. Never cached: an estimate from yesterday would mislead.
   */
  getStay: { request: { reservationId: string }; response: Stay };
  setPanelCollapsed: { request: { collapsed: boolean }; response: { collapsed: boolean } };
  setPanelSide: { request: { side: PanelSide }; response: { side: PanelSide } };
  openOptions: { request: object; response: null };
  /** Opens the popup's quick search in a small window: the panel's "Find guest" on a page with no guest. */
  openQuickSearch: { request: object; response: null };
  /** The member cache's sync progress and the outbox's size (options page, popup). */
  getSyncStatus: { request: object; response: SyncStatus };
  /** Removes a refused offline write the desk has read (`PendingWrite.id`). */
  dismissPending: { request: { id: number }; response: { dismissed: boolean } };
  /** The popup's quick search in the member cache: instant, works offline. */
  searchMembers: { request: { query: string }; response: LocalSearchAnswer };
  /** The proxy's member search, for members the cache lacks. */
  searchMembersOnline: { request: { query: string }; response: OnlineSearchAnswer };
  /** The popup before anything is typed: recent guests, sync freshness, link base. */
  getSearchHome: { request: object; response: SearchHome };
  /** Reads (or with `set`, saves; '' clears) the desk's override of Mews Operations for guest links ('' when none). */
  mewsOperationsUrl: { request: { set?: string }; response: { url: string } };

  // Manager tools (lib/manager): online only, never queued. Reads work for desks too; the
  // proxy refuses a desk's writes with `forbidden`.
  /** The programs with their tiers, thresholds and re-tier mode, fresh from the proxy. */
  getPrograms: { request: object; response: Program[] };
  createProgram: { request: { fields: ProgramFields; idempotencyKey: string }; response: Program };
  updateProgram: {
    request: { programId: string; changes: Partial<ProgramFields>; idempotencyKey: string };
    response: Program;
  };
  deleteProgram: { request: { programId: string; idempotencyKey: string }; response: { deleted: true } };
  /** Connect a program through the Connector API or as a partner program (Mews's Loyalty section asks Keycard). */
  setProgramConnection: {
    request: { programId: string; connection: ProgramConnection; idempotencyKey: string };
    response: ConnectionReport;
  };
  createTier: { request: { programId: string; fields: TierFields; idempotencyKey: string }; response: Tier };
  updateTier: {
    request: { programId: string; tierId: string; changes: Partial<TierFields>; idempotencyKey: string };
    response: Tier;
  };
  deleteTier: { request: { programId: string; tierId: string; idempotencyKey: string }; response: { deleted: true } };
  /** State, tier, expiry, primary flag or program of one membership. */
  updateMembership: {
    request: { membershipId: string; changes: MembershipChanges; idempotencyKey: string };
    response: Membership;
  };
  deleteMembership: { request: { membershipId: string; idempotencyKey: string }; response: { deleted: true } };
  /** One page of a membership's ledger, newest first (`before`: the last page's `nextBefore`). */
  getLedgerPage: { request: { membershipId: string; limit?: number; before?: string }; response: LedgerPage };
  /** The ledger between two dates (YYYY-MM-DD, both included) as CSV text, for the options page to save. */
  exportLedger: { request: { from: string; to: string }; response: LedgerCsv };
  /** A program's earning rules in force (`earning: null`: it earns nothing from stays yet). */
  getEarning: { request: { programId: string }; response: ProgramEarning };
  /** Saves a program's earning rules as its next version. */
  saveEarning: { request: { programId: string; rules: EarningRules; idempotencyKey: string }; response: ProgramEarning };
  /** Credits stays checked out from `from` to `to` (YYYY-MM-DD, UTC days); `dryRun` only reports. */
  runBackfill: { request: { from: string; to: string; dryRun: boolean }; response: BackfillReport };
}

export type MessageType = keyof KeycardProtocol;
export type RequestOf<K extends MessageType> = KeycardProtocol[K]['request'];
export type ResponseOf<K extends MessageType> = KeycardProtocol[K]['response'];
/** The message on the wire: its `type` plus the request fields. */
export type MessageOf<K extends MessageType> = { type: K } & RequestOf<K>;
export type KeycardMessage = { [K in MessageType]: MessageOf<K> }[MessageType];

/** Sends a message and resolves with its result; what `sendToBackground` is, injectable for tests. */
export type Send = <K extends MessageType>(message: MessageOf<K>) => Promise<Result<ResponseOf<K>>>;


/**
 * A failed {@link Result}.
 *
 * @example
 * ```ts
 * return failure('invalid', 'Points must be a whole number.');
 * ```
 */
/**
 * What the background tells every open Keycard page (panel frames, popup, options) when the
 * desk was paired, signed out or revoked, so an open guest tab follows at once. Not a request:
 * nobody answers it, and the router ignores it.
 */
export const SESSION_CHANGED = 'keycard:sessionChanged';

/**
 * A Keycard page's request posted to the service worker itself (`ServiceWorker.postMessage`,
 * with a port for the answer) rather than through `runtime.sendMessage`: the worker lane,
 * lib/background/worker-lane.ts and lib/models/worker-lane.ts.
 */
export const PAGE_REQUEST = 'keycard:request';
/** A Keycard page opens a standing channel to the service worker (the line, lib/models/worker-lane.ts) with this, and the port. */
export const PAGE_LINE = 'keycard:line';

export function failure(kind: FailureKind, message: string, problem?: Problem): { ok: false; error: Failure } {
  return { ok: false, error: problem ? { kind, message, problem } : { kind, message } };
}

/** Whether a value has the shape of a {@link Result}, as a reply from the background must. */
export function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const reply = value as { ok?: unknown; data?: unknown; error?: unknown };
  if (reply.ok === true) return 'data' in reply;
  return reply.ok === false && typeof reply.error === 'object' && reply.error !== null;
}
