/**
 * The background's answers to the manager tools' messages. Manager writes are online only:
 * no outbox, because a program or a membership's state must not change behind the manager's
 * back hours later. When the proxy cannot be reached, the answer says so and nothing changed.
 * The checks below name a catalogue key, never a sentence: the refusal is said from it.
 */
import type { ProxyClient } from '@/lib/background/proxy/proxy-client';
import type { EarningRules } from '@/lib/contract';
import { MEMBERSHIP_STATES, RETIER_MODES, REVENUE_BASES, SUBSCRIPTIONS, PROGRAM_CONNECTIONS, TIER_ORDERS } from '@/lib/contract/vocabulary';
import type { MessageOf, Result, ResponseOf } from '@/lib/contract/messages';
import { saidFailure } from '@/lib/background/proxy/said-failure';
import type { TextKey } from '@/lib/i18n';
import { MANAGER_MESSAGE_TYPES, type MembershipChanges, type ProgramFields, type TierFields } from '@/lib/contract/manager';
import { EDITABLE_PROGRAM_TYPES } from '@/lib/contract/vocabulary';

type ManagerMessage = (typeof MANAGER_MESSAGE_TYPES)[number];
export type ManagerHandlers = {
  [K in ManagerMessage]: (message: MessageOf<K>) => Promise<Result<ResponseOf<K>>>;
};

export interface ManagerHandlerDeps {
  /** Runs a proxy request as the paired device (the main handlers' `asDevice`). */
  asDevice: <T>(run: (client: ProxyClient) => Promise<Result<T>>) => Promise<Result<T>>;
  /** Programs or tiers changed: fetch the desk context again so panels see them at once. */
  refreshContext: () => Promise<void>;
}

const text = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A refusal said from the catalogue (lib/background/proxy/said-failure.ts: in the desk's language, with its key). */
const invalid = (key: TextKey) => saidFailure('invalid', key);
/** Why a From–To pair of days (ledger export, backfill) cannot be sent, or null. */
const rangeProblem = ({ from, to }: { from: unknown; to: unknown }): TextKey | null =>
  !DATE.test(String(from)) || !DATE.test(String(to)) ? 'dates.chooseBoth' : String(from) > String(to) ? 'dates.fromAfterTo' : null;

/** Only the fields a manager may send, checked at the edge; `partial` for PATCH bodies. */
function programFields(input: unknown, partial: boolean): Partial<ProgramFields> | TextKey {
  const fields = (input ?? {}) as Partial<Record<keyof ProgramFields, unknown>>;
  const out: Partial<ProgramFields> = {};
  if (fields.name !== undefined || !partial) {
    if (!text(fields.name)) return 'manager.programName';
    out.name = fields.name.trim();
  }
  if (!partial) {
    if (!text(fields.code)) return 'manager.programCode';
    out.code = fields.code.trim();
  }
  if (fields.type !== undefined || !partial) {
    if (!EDITABLE_PROGRAM_TYPES.includes(fields.type as never)) return 'manager.programType';
    out.type = fields.type as ProgramFields['type'];
  }
  if (fields.subscription !== undefined || !partial) {
    if (!SUBSCRIPTIONS.includes(fields.subscription as never)) return 'manager.subscription';
    out.subscription = fields.subscription as ProgramFields['subscription'];
  }
  if (fields.retierMode !== undefined) {
    if (!RETIER_MODES.includes(fields.retierMode as never)) return 'manager.retierMode';
    out.retierMode = fields.retierMode as ProgramFields['retierMode'];
  }
  if (fields.tierOrder !== undefined) {
    if (!TIER_ORDERS.includes(fields.tierOrder as never)) return 'manager.tierOrder';
    out.tierOrder = fields.tierOrder as ProgramFields['tierOrder'];
  }
  return Object.keys(out).length ? out : 'failure.nothingToChange';
}

function tierFields(input: unknown, partial: boolean): Partial<TierFields> | TextKey {
  const fields = (input ?? {}) as Partial<Record<keyof TierFields, unknown>>;
  const out: Partial<TierFields> = {};
  if (fields.name !== undefined || !partial) {
    if (!text(fields.name)) return 'manager.tierName';
    out.name = fields.name.trim();
  }
  if (fields.code !== undefined || !partial) {
    if (!text(fields.code)) return 'manager.tierCode';
    out.code = fields.code.trim();
  }
  if (fields.ordering !== undefined || !partial) {
    if (!Number.isSafeInteger(fields.ordering)) return 'manager.ordering';
    out.ordering = fields.ordering as number;
  }
  if (fields.minPoints !== undefined) {
    const min = fields.minPoints;
    if (min !== null && !(Number.isSafeInteger(min) && (min as number) >= 0)) return 'manager.minPoints';
    out.minPoints = min as number | null;
  }
  return Object.keys(out).length ? out : 'failure.nothingToChange';
}

function membershipChanges(input: unknown): MembershipChanges | TextKey {
  const changes = (input ?? {}) as Record<string, unknown>;
  const out: MembershipChanges = {};
  if (changes.state !== undefined) {
    if (!MEMBERSHIP_STATES.includes(changes.state as never)) return 'failure.chooseState';
    out.state = changes.state as MembershipChanges['state'];
  }
  if (changes.tierId !== undefined) {
    if (changes.tierId !== null && !text(changes.tierId)) return 'failure.chooseTier';
    out.tierId = changes.tierId as string | null;
  }
  if (changes.expiresAt !== undefined) {
    if (changes.expiresAt !== null && (typeof changes.expiresAt !== 'string' || Number.isNaN(Date.parse(changes.expiresAt)))) {
      return 'failure.chooseExpiry';
    }
    out.expiresAt = changes.expiresAt as string | null;
  }
  if (changes.isPrimary !== undefined) out.isPrimary = changes.isPrimary === true;
  if (changes.programId !== undefined) {
    if (!text(changes.programId)) return 'failure.chooseProgram';
    out.programId = changes.programId;
  }
  return Object.keys(out).length ? out : 'failure.nothingToChange';
}

const EARNING_NUMBERS = ['perNight', 'perCurrencyUnit', 'perStay', 'minNights'] as const;

/**
 * Earning rules in their wire shape, or why not. Only the shape: the ranges, whole numbers and
 * two decimals are the proxy's to judge, and its 422 names each field the options page marks.
 */
function earningRules(input: unknown): EarningRules | TextKey {
  const rules = (input ?? {}) as Record<string, unknown>;
  const finite = (value: unknown) => typeof value === 'number' && Number.isFinite(value);
  if (!EARNING_NUMBERS.every((field) => finite(rules[field]))) return 'manager.earningNumbers';
  if (!REVENUE_BASES.includes(rules.revenue as never)) return 'manager.revenue';
  if (typeof rules.includeProducts !== 'boolean') return 'manager.products';
  const multipliers = rules.tierMultipliers;
  if (typeof multipliers !== 'object' || multipliers === null || !Object.values(multipliers).every(finite)) return 'manager.multipliers';
  const { perNight, perCurrencyUnit, revenue, includeProducts, perStay, minNights } = rules as EarningRules;
  return { perNight, perCurrencyUnit, revenue, includeProducts, perStay, minNights, tierMultipliers: multipliers as Record<string, number> };
}

/**
 * @example
 * ```ts
 * const handlers = { ...createHandlers(), ...createManagerHandlers({ asDevice, refreshContext }) };
 * await handlers.getPrograms({ type: 'getPrograms' });
 * ```
 */
export function createManagerHandlers(deps: ManagerHandlerDeps): ManagerHandlers {
  /** Online only: an unreachable proxy is said plainly, with the promise that nothing changed. */
  async function online<T>(run: (client: ProxyClient) => Promise<Result<T>>): Promise<Result<T>> {
    const result = await deps.asDevice(run);
    if (!result.ok && result.error.kind === 'unreachable') return saidFailure('unreachable', 'failure.managerOffline');
    return result;
  }
  /** A program or tier write; on success the desk context is fetched again. */
  async function catalogWrite<T>(run: (client: ProxyClient) => Promise<Result<T>>): Promise<Result<T>> {
    const result = await online(run);
    if (result.ok) await deps.refreshContext().catch(() => undefined);
    return result;
  }
  const keyed = (message: { idempotencyKey?: unknown }) => text(message.idempotencyKey);

  return {
    getPrograms: () => online((client) => client.programs()),

    async createProgram(message) {
      const fields = programFields(message.fields, false);
      if (typeof fields === 'string') return invalid(fields);
      if (!keyed(message)) return invalid('failure.noChangeKey');
      return catalogWrite((client) => client.createProgram(fields as ProgramFields, message.idempotencyKey));
    },
    async updateProgram(message) {
      const changes = programFields(message.changes, true);
      if (typeof changes === 'string') return invalid(changes);
      if (!text(message.programId) || !keyed(message)) return invalid('failure.noProgram');
      return catalogWrite((client) => client.updateProgram(message.programId, changes, message.idempotencyKey));
    },
    async deleteProgram(message) {
      if (!text(message.programId) || !keyed(message)) return invalid('failure.noProgram');
      return catalogWrite((client) => client.deleteProgram(message.programId, message.idempotencyKey));
    },

    async setProgramConnection(message) {
      if (!text(message.programId) || !keyed(message)) return invalid('failure.noProgram');
      if (!PROGRAM_CONNECTIONS.includes(message.connection)) return invalid('manager.connection');
      return catalogWrite((client) => client.setProgramConnection(message.programId, message.connection, message.idempotencyKey));
    },

    async createTier(message) {
      const fields = tierFields(message.fields, false);
      if (typeof fields === 'string') return invalid(fields);
      if (!text(message.programId) || !keyed(message)) return invalid('failure.noProgram');
      return catalogWrite((client) => client.createTier(message.programId, fields as TierFields, message.idempotencyKey));
    },
    async updateTier(message) {
      const changes = tierFields(message.changes, true);
      if (typeof changes === 'string') return invalid(changes);
      if (!text(message.programId) || !text(message.tierId) || !keyed(message)) return invalid('manager.noTier');
      return catalogWrite((client) => client.updateTier(message.programId, message.tierId, changes, message.idempotencyKey));
    },
    async deleteTier(message) {
      if (!text(message.programId) || !text(message.tierId) || !keyed(message)) return invalid('manager.noTier');
      return catalogWrite((client) => client.deleteTier(message.programId, message.tierId, message.idempotencyKey));
    },

    async updateMembership(message) {
      const changes = membershipChanges(message.changes);
      if (typeof changes === 'string') return invalid(changes);
      if (!text(message.membershipId) || !keyed(message)) return invalid('failure.noMembership');
      return online((client) => client.updateMembership(message.membershipId, changes, message.idempotencyKey));
    },
    async deleteMembership(message) {
      if (!text(message.membershipId) || !keyed(message)) return invalid('failure.noMembership');
      return online((client) => client.deleteMembership(message.membershipId, message.idempotencyKey));
    },

    async getLedgerPage(message) {
      if (!text(message.membershipId)) return invalid('failure.noMembership');
      const limit = Number.isSafeInteger(message.limit) ? Math.min(Math.max(message.limit as number, 1), 200) : undefined;
      const before = text(message.before) ? message.before : undefined;
      return deps.asDevice((client) => client.ledgerPage(message.membershipId, { limit, before }));
    },

    async exportLedger(message) {
      const problem = rangeProblem(message);
      if (problem) return invalid(problem);
      return online((client) => client.exportLedger(message.from, message.to));
    },

    async getEarning(message) {
      if (!text(message.programId)) return invalid('failure.noProgram');
      return online((client) => client.earning(message.programId));
    },
    async saveEarning(message) {
      const rules = earningRules(message.rules);
      if (typeof rules === 'string') return invalid(rules);
      if (!text(message.programId) || !keyed(message)) return invalid('failure.noProgram');
      return online((client) => client.saveEarning(message.programId, rules, message.idempotencyKey));
    },
    async runBackfill(message) {
      const problem = rangeProblem(message);
      if (problem) return invalid(problem);
      return online((client) => client.backfill({ from: message.from, to: message.to, dryRun: message.dryRun !== false }));
    },
  };
}
