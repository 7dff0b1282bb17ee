/**
 * What the manager tools send and receive: program and tier fields as a manager edits them,
 * a membership's lifecycle changes, and one page of a membership's ledger. Earning rules and
 * the backfill travel in their wire shapes (./earning), so they have no types of their own here.
 */
import type * as v from 'valibot';
import type { PatchMembershipBody } from './requests';
import type { Adjustment } from './index';

export type { ProgramFields, TierFields } from './manager-requests';
export type { EditableProgramType } from './vocabulary';

/** A membership's lifecycle change; only the fields given change. `expiresAt: null` clears it. */
export type MembershipChanges = v.InferInput<typeof PatchMembershipBody>;

/** One ledger row as the history shows it (the proxy adds `kind`, e.g. `adjustment`, `undo`). */
export type LedgerEntry = Adjustment & { kind?: string };

/** One page of a membership's ledger, newest first; `nextBefore` fetches the next (older) page. */
export interface LedgerPage {
  adjustments: LedgerEntry[];
  nextBefore: string | null;
}

/** The ledger export as the options page saves it. */
export interface LedgerCsv {
  csv: string;
  filename: string;
}

/** The manager's messages to the background: the manager handler table is typed by them. */
export const MANAGER_MESSAGE_TYPES = [
  'getPrograms',
  'createProgram',
  'updateProgram',
  'deleteProgram',
  'setProgramConnection',
  'createTier',
  'updateTier',
  'deleteTier',
  'updateMembership',
  'deleteMembership',
  'getLedgerPage',
  'exportLedger',
  'getEarning',
  'saveEarning',
  'runBackfill',
] as const;
