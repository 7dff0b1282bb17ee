/**
 * The proxy's tables, as Kysely sees them. One schema for SQLite and PostgreSQL, so types
 * stay portable: timestamps are ISO 8601 UTC strings, booleans are 0/1 integers, JSON is text.
 * Migrations (`migrations.ts`) must create exactly this.
 */
import type { Generated } from 'kysely';

export interface DevicesTable {
  id: string;
  name: string;
  role: 'desk' | 'manager';
  /** SHA-256 hex of the bearer token; the token itself is never stored. */
  token_hash: string;
  created_at: string;
  last_seen_at: string | null;
  revoked_at: string | null;
  /** The Mews enterprise the device works for (a portfolio token, migration 0012); null: the proxy's first. */
  enterprise_id: Generated<string | null>;
}

export interface PairingCodesTable {
  /** HMAC-SHA-256 hex of the normalized code (upper case, no dash) under the store's pairing key. */
  code_hash: string;
  device_name: string;
  role: 'desk' | 'manager';
  created_at: string;
  expires_at: string;
  used_at: string | null;
  /** The enterprise the device will belong to (`pair --enterprise`); null: the proxy's first. */
  enterprise_id: Generated<string | null>;
  /** Wrong pairing attempts made anywhere while this code was live; it is burnt at the cap. */
  failed_attempts: Generated<number>;
}

/** One failed pairing attempt, kept for the failure window: the cap all instances share. */
export interface PairingFailuresTable {
  id: string;
  at: string;
}

/** Mirror of Mews loyalty memberships: answers lookups and feeds `/v1/sync`. */
export interface MembershipsTable {
  id: string;
  chain_id: string;
  account_id: string;
  program_id: string;
  state: string;
  is_primary: number;
  number: string | null;
  points: number;
  tier_id: string | null;
  expires_at: string | null;
  url: string | null;
  /** 1 once Mews reports the membership deleted; kept so sync can tell extensions. */
  deleted: number;
  /** When Keycard last saw it change. */
  updated_at: string;
  /** When the proxy last confirmed it with Mews (freshness of lookups). */
  fetched_at: string;
  /** Monotonic change number from `sync_state('change_seq')`; the sync cursor orders by it. */
  change_seq: number;
  /** When the mirrored facts were known true in Mews (epoch ms): an answer older than this is not written. */
  as_of_ms: number | null;
  /** Where the truth lives: `mews` (Connector API, mirrored here) or `keycard` (a partner program's row). */
  home: Generated<'mews' | 'keycard'>;
  /** 1 when Mews unlinked this partner membership from its guest (kept, `deleted` too, until linked again). */
  unlinked: Generated<number>;
}

/** Mirror of the customers that matter: members and guests looked up at the desk. */
export interface CustomersTable {
  id: string;
  first_name: string | null;
  last_name: string;
  email: string | null;
  /** Lower-case, accent-free "last first" and "first last" for prefix search. */
  search_name: string;
  updated_at: string;
  fetched_at: string;
  /** The customer's chain (Mews shares profiles within a chain); null when mirrored before migration 0012. */
  chain_id: Generated<string | null>;
  change_seq: number;
}

/** The points ledger Mews lacks: one row per accepted adjustment. */
export interface LedgerTable {
  id: string;
  membership_id: string;
  idempotency_key: string;
  delta: number;
  reason: string;
  note: string | null;
  points_before: number | null;
  points_after: number | null;
  /** `pending` is written before the Mews write; `applied` after; `review` needs a human. */
  status: 'pending' | 'applied' | 'review';
  /** `adjustment`, or `retier`/`reversal` rows Keycard itself adds. */
  kind: string;
  device_id: string;
  device_name: string;
  created_at: string;
  applied_at: string | null;
  /** Until when Mews may still apply this row's last write: a pending row fences its membership until then (fence.ts). */
  fenced_until: string | null;
  /** The reservation a `stay`/`stay-correction`/`stay-reversal` row credits; null otherwise. */
  stay_id: string | null;
  /** The earning-rules version a stay row was computed with. */
  rule_version: number | null;
}

/** First result of each idempotent request, replayed for the same key and body. */
export interface IdempotencyTable {
  /** `${deviceId}:${Idempotency-Key}`: keys are scoped to the device that sent them. */
  key: string;
  route: string;
  /** SHA-256 hex of the canonical request body: the same key with another body is refused. */
  request_hash: string;
  /** null while the first request is still in flight. */
  status_code: number | null;
  response_body: string | null;
  created_at: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  device_id: string | null;
  device_name: string | null;
  role: string | null;
  /** e.g. `device.paired`, `membership.enrolled`, `points.adjusted`, `program.updated`. */
  action: string;
  subject_id: string | null;
  before_json: string | null;
  after_json: string | null;
}

/** Keycard's additions to Mews tiers (Mews tiers have only an ordering). */
export interface TierRulesTable {
  tier_id: string;
  program_id: string;
  min_points: number | null;
}

/** Keycard's per-program settings (Mews programs have none of these). */
export interface ProgramRulesTable {
  program_id: string;
  /** `up`: adjustments only promote; `both`: they promote and demote. */
  retier_mode: 'up' | 'both';
  /** Which way the tiers' Ordering runs, as a manager confirmed it; null until then. */
  tier_order: Generated<'ascending' | 'descending' | null>;
  updated_at: string;
}

/** How each program is connected to Mews; programs without a row use the Connector API. */
export interface ProgramConnectionsTable {
  program_id: string;
  mode: 'connector' | 'partner';
  updated_at: string;
}

/** What Keycard keeps of a partner member for Mews's searches (given by Mews at enrollment or link). */
export interface MemberProfilesTable {
  membership_id: string;
  first_name: string | null;
  last_name: string | null;
  /** Lower case: searches compare e-mails case-insensitively. */
  email: string | null;
  phone: string | null;
  birthday: string | null;
  line1: string | null;
  city: string | null;
  postal_code: string | null;
  country_code: string | null;
  /** normalizeName of first name, last name and city: searches ignore case and accents. */
  first_key: string | null;
  last_key: string | null;
  city_key: string | null;
  updated_at: string;
}

/** Small key/value state: poller watermarks, the change sequence, the schema version. */
export interface SyncStateTable {
  name: string;
  value: string;
}

/** A saved version of a program's earning rules (lib/contract/earning.ts). */
export interface EarningRulesTable {
  program_id: string;
  version: number;
  rules_json: string;
  saved_at: string;
  saved_by: string;
}

/** What one stay earned in one program (or why nothing): the ledger holds the credits themselves. */
export interface StaysTable {
  reservation_id: string;
  program_id: string;
  membership_id: string | null;
  account_id: string;
  number: string | null;
  status: 'credited' | 'skipped' | 'review';
  skip_reason: string | null;
  rule_version: number | null;
  tier_id: string | null;
  nights: number;
  revenue_cents: number;
  /** What the stay earns now (the ledger's rows for it sum to this once credited). */
  points: number;
  checked_out_at: string | null;
  /** The reservation's UpdatedUtc (ISO) this record was computed from. */
  reservation_updated_at: string | null;
  updated_at: string;
}

/** A token Mews presents on Loyalty Partner API calls (auth/partner-tokens.ts). */
export interface PartnerTokensTable {
  id: string;
  name: string;
  /** SHA-256 hex of the bearer token; the token itself is shown once and never stored. */
  token_hash: string;
  created_at: string;
  /** A year after creation, as the Mews guidelines set for partner tokens. */
  expires_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

/**
 * One Mews request counted against its access token's window, on PostgreSQL, where instances
 * share it (written only by `keycard_take_mews_slots`); on SQLite the table is there, unused: the
 * one instance counts in process.
 */
export interface MewsBudgetSlotsTable {
  id: Generated<string>;
  /** SHA-256 hex of the access token. */
  token_key: string;
  /** The desk whose request caused it; null for the proxy's own work. */
  device: string | null;
  /** timestamptz on PostgreSQL. */
  expires_at: Date | string;
}

export interface Database {
  partner_tokens: PartnerTokensTable;
  program_connections: ProgramConnectionsTable;
  member_profiles: MemberProfilesTable;
  earning_rules: EarningRulesTable;
  stays: StaysTable;
  devices: DevicesTable;
  pairing_codes: PairingCodesTable;
  pairing_failures: PairingFailuresTable;
  memberships: MembershipsTable;
  customers: CustomersTable;
  ledger: LedgerTable;
  idempotency: IdempotencyTable;
  audit_log: AuditLogTable;
  tier_rules: TierRulesTable;
  program_rules: ProgramRulesTable;
  sync_state: SyncStateTable;
  mews_budget_slots: MewsBudgetSlotsTable;
}
