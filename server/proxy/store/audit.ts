/**
 * The audit log: who did what to which subject, with the state before and after. Mews keeps
 * no loyalty history, so this (with the ledger) is the only answer to "who changed this?".
 */
import type { Kysely } from 'kysely';
import type { Device } from '../../../lib/contract';
import type { Database } from './schema';

/** One audit entry. `device` is null for actions taken from the CLI or by Keycard itself. */
export interface AuditEntry {
  device: Pick<Device, 'id' | 'name' | 'role'> | null;
  /** Dotted verb, e.g. `device.paired`, `device.revoked`, `points.adjusted`. */
  action: string;
  subjectId?: string | null;
  before?: unknown;
  after?: unknown;
  /** Defaults to now. */
  at?: Date;
}

/**
 * Appends an audit entry. Pass the transaction that makes the change, so the entry and
 * the change commit (or roll back) together.
 *
 * @example
 * await recordAudit(trx, { device, action: 'device.revoked', subjectId: id, before, after });
 */
export async function recordAudit(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: (entry.at ?? new Date()).toISOString(),
      device_id: entry.device?.id ?? null,
      device_name: entry.device?.name ?? null,
      role: entry.device?.role ?? null,
      action: entry.action,
      subject_id: entry.subjectId ?? null,
      before_json: entry.before === undefined ? null : JSON.stringify(entry.before),
      after_json: entry.after === undefined ? null : JSON.stringify(entry.after),
    })
    .execute();
}
