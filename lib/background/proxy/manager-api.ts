/**
 * The proxy's manager routes as typed functions, mixed into the background's proxy client.
 * Every write carries the idempotency key of the manager's action; none is retried here.
 */
import type { KyInstance } from 'ky';
import type { BackfillReport, ConnectionReport, EarningRules, Membership, Program, ProgramConnection, ProgramEarning, Tier } from '@/lib/contract';
import type { Result } from '@/lib/contract/messages';
import type { LedgerCsv, LedgerPage, MembershipChanges, ProgramFields, TierFields } from '../../contract/manager';

type Attempt = <T>(run: () => Promise<T>) => Promise<Result<T>>;

const at = (...parts: string[]) => parts.map(encodeURIComponent).join('/');
const keyed = (idempotencyKey: string) => ({ headers: { 'idempotency-key': idempotencyKey } });

/** `attachment; filename="keycard-ledger-2026-03-01-2026-03-31.csv"` → the file name. */
function filenameOf(disposition: string | null, fallback: string): string {
  return /filename="?([^";]+)"?/i.exec(disposition ?? '')?.[1] ?? fallback;
}

/**
 * @example
 * ```ts
 * const manager = createManagerApi(api, attempt);
 * const created = await manager.createProgram({ name: 'Club', code: 'CLB', type: 'Hotel', subscription: 'Free', retierMode: 'up' }, key);
 * ```
 */
export function createManagerApi(api: KyInstance, attempt: Attempt) {
  return {
    programs: () => attempt(async () => (await api.get('programs').json<{ programs: Program[] }>()).programs),
    createProgram: (fields: ProgramFields, key: string) =>
      attempt(() => api.post('programs', { json: fields, ...keyed(key) }).json<Program>()),
    updateProgram: (programId: string, changes: Partial<ProgramFields>, key: string) =>
      attempt(() => api.patch(at('programs', programId), { json: changes, ...keyed(key) }).json<Program>()),
    deleteProgram: (programId: string, key: string) =>
      attempt(async () => {
        await api.delete(at('programs', programId), keyed(key));
        return { deleted: true as const };
      }),

    setProgramConnection: (programId: string, connection: ProgramConnection, key: string) =>
      attempt(() => api.put(`${at('programs', programId)}/connection`, { json: { connection }, ...keyed(key) }).json<ConnectionReport>()),

    createTier: (programId: string, fields: TierFields, key: string) =>
      attempt(() => api.post(`${at('programs', programId)}/tiers`, { json: fields, ...keyed(key) }).json<Tier>()),
    updateTier: (programId: string, tierId: string, changes: Partial<TierFields>, key: string) =>
      attempt(() => api.patch(at('programs', programId, 'tiers', tierId), { json: changes, ...keyed(key) }).json<Tier>()),
    deleteTier: (programId: string, tierId: string, key: string) =>
      attempt(async () => {
        await api.delete(at('programs', programId, 'tiers', tierId), keyed(key));
        return { deleted: true as const };
      }),

    updateMembership: (membershipId: string, changes: MembershipChanges, key: string) =>
      attempt(() => api.patch(at('memberships', membershipId), { json: changes, ...keyed(key) }).json<Membership>()),
    deleteMembership: (membershipId: string, key: string) =>
      attempt(async () => {
        await api.delete(at('memberships', membershipId), keyed(key));
        return { deleted: true as const };
      }),

    /** One page of the ledger, newest first (`before`: the previous page's `nextBefore`). */
    ledgerPage: (membershipId: string, page: { limit?: number; before?: string }) =>
      attempt(() => {
        const searchParams: Record<string, string> = {};
        if (page.limit) searchParams.limit = String(page.limit);
        if (page.before) searchParams.before = page.before;
        return api.get(`${at('memberships', membershipId)}/adjustments`, { searchParams }).json<LedgerPage>();
      }),

    /** The ledger between two hotel dates as CSV text; the options page saves it as a file. */
    exportLedger: (from: string, to: string) =>
      attempt(async (): Promise<LedgerCsv> => {
        const response = await api.get('ledger/export.csv', { searchParams: { from, to }, timeout: 60_000, totalTimeout: 120_000 });
        const fallback = `keycard-ledger-${from}-${to}.csv`;
        return { csv: await response.text(), filename: filenameOf(response.headers.get('content-disposition'), fallback) };
      }),

    earning: (programId: string) => attempt(() => api.get(`${at('programs', programId)}/earning`).json<ProgramEarning>()),
    saveEarning: (programId: string, rules: EarningRules, key: string) =>
      attempt(() => api.put(`${at('programs', programId)}/earning`, { json: rules, ...keyed(key) }).json<ProgramEarning>()),
    /** Reads every check-out of the range from Mews (in 3-month windows), so it gets the export's patience. */
    backfill: (range: { from: string; to: string; dryRun: boolean }) =>
      attempt(() => api.post('accrual/backfill', { json: range, timeout: 60_000, totalTimeout: 120_000 }).json<BackfillReport>()),
  };
}

export type ManagerApi = ReturnType<typeof createManagerApi>;
