/**
 * What the manager tools send and receive: program and tier fields as a manager edits them,
 * a membership's lifecycle changes, and one page of a membership's ledger.
 */
import type { MembershipState, RetierMode, Subscription } from './vocabulary';
import type { Adjustment } from './index';

/** The program types a manager may create (Mews's `Unknown` is for programs it cannot classify). */
export const EDITABLE_PROGRAM_TYPES = ['Hotel', 'ExternalPartner', 'SoftBrand'] as const;
export type EditableProgramType = (typeof EDITABLE_PROGRAM_TYPES)[number];

export interface ProgramFields {
  name: string;
  code: string;
  type: EditableProgramType;
  subscription: Subscription;
  retierMode: RetierMode;
}

export interface TierFields {
  name: string;
  code: string;
  ordering: number;
  /** Points needed to qualify; null: no threshold. */
  minPoints: number | null;
}

/** A membership's lifecycle change; only the fields given change. `expiresAt: null` clears it. */
export interface MembershipChanges {
  state?: MembershipState;
  tierId?: string | null;
  expiresAt?: string | null;
  isPrimary?: boolean;
  programId?: string;
}

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
  'createTier',
  'updateTier',
  'deleteTier',
  'updateMembership',
  'deleteMembership',
  'getLedgerPage',
  'exportLedger',
] as const;
