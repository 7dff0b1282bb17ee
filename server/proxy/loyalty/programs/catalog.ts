/**
 * The slow-changing things every desk needs: the enterprise (configuration/get) and the
 * chain's programs with their tiers, cached for `contextCacheMs` and joined with Keycard's
 * own tier rules (min points, re-tier mode, tier order, partner programs). Writes and the
 * desk context read the rules every time, so a rule change shows at once; the decoration of
 * lookups, searches and sync pages (`peekPrograms`) reuses a read for up to RULES_FRESH_MS,
 * since at a thousand lookups a second four rule queries each were half the proxy's store work.
 */
import type { Kysely } from 'kysely';
import type { DeskContext, Device, Program, RetierMode, Tier } from '../../../../lib/contract';
import { chunk, collectAll } from '../../mews/paginate';
import type { MewsEnterprise, MewsLoyaltyProgram, MewsLoyaltyTier } from '../../mews/connector-types';
import type { Database } from '../../store/schema';
import { retierModes, tierOrders, tierThresholds } from '../../store/program-rules-repository';
import { partnerProgramIds } from '../../store/partner-member-repository';
import { mewsIntegrationState } from '../core/integration';
import { deskPanelEnabled } from '../core/desk-panel';
import type { LoyaltyContext } from '../core/deps';
import type { Asker, DeskScope } from '../core/desk-scope';
import { rankedTiers } from './tier-rank';
import { ProblemError, notFound } from '../../http/problems';

/** Without a stored mode, adjustments only promote: a manager's hand-set tier is not undone by a redemption. */
export const DEFAULT_RETIER_MODE: RetierMode = 'up';

/** How long a decoration may reuse a rules read (this instance drops it at once on its own rule writes). */
export const RULES_FRESH_MS = 1_000;

export interface Catalog {
  enterprise(): Promise<MewsEnterprise>;
  /** The device's enterprise (a portfolio token: the one it was paired to; else the token's). */
  enterpriseOf(device: Asker): Promise<MewsEnterprise>;
  /** The programs of the device's chain (a portfolio token's other chains are not the desk's). */
  programsFor(device: Asker): Promise<Program[]>;
  /** 404 "no such program" when a portfolio device names a program of another chain (as if absent). */
  requireProgramOf(device: Asker, programId: string): Promise<void>;
  /** 422 when a portfolio device names a chain (`chainId`) other than its enterprise's. */
  requireOwnChain(device: Asker, chainId: string | undefined): Promise<void>;
  /** Programs (Mews order), each with its tiers lowest first (tier-rank.ts) and their minPoints. */
  programs(executor?: Kysely<Database>): Promise<Program[]>;
  /**
   * One program. Inside a membership lock pass the lock's connection as `executor`: on
   * PostgreSQL the lock holds a pooled connection, and waiting for a second one can deadlock.
   */
  program(programId: string, executor?: Kysely<Database>): Promise<Program | undefined>;
  /**
   * Programs for decorating answers (e.g. `nextTier`): the last good list, refreshed in the
   * background when stale, so a slow or absent Mews never delays a lookup. Undefined when
   * Mews never answered. The list is shared by every caller until the next read: read it, never change it.
   */
  peekPrograms(executor?: Kysely<Database>): Promise<Program[] | undefined>;
  deskContext(device: Device): Promise<DeskContext>;
  /** Forget the cached programs (after Keycard itself changed them). */
  invalidate(): void;
}

interface RawPrograms {
  programs: MewsLoyaltyProgram[];
  tiers: MewsLoyaltyTier[];
}

/** Keycard's own rules, as the store holds them. */
interface Rules {
  rules: Awaited<ReturnType<typeof tierThresholds>>;
  modes: Awaited<ReturnType<typeof retierModes>>;
  orders: Awaited<ReturnType<typeof tierOrders>>;
  partner: Awaited<ReturnType<typeof partnerProgramIds>>;
}

/** One after another: inside a membership lock `executor` is a single connection. */
async function readRules(executor: Kysely<Database>): Promise<Rules> {
  const rules = await tierThresholds(executor);
  const modes = await retierModes(executor);
  const orders = await tierOrders(executor);
  const partner = await partnerProgramIds(executor);
  return { rules, modes, orders, partner };
}

interface Cached<T> {
  value: Promise<T>;
  at: number;
}

export function createCatalog(ctx: LoyaltyContext, scope?: DeskScope): Catalog {
  const { mews, config } = ctx;
  const { db } = ctx.store;
  let enterpriseCache: Cached<MewsEnterprise> | null = null;
  let programCache: Cached<RawPrograms> | null = null;
  let lastGood: RawPrograms | null = null;
  let rulesRead: Cached<Rules> | null = null;

  /** Shares one in-flight fetch; a failed fetch is not cached. */
  function cached<T>(current: Cached<T> | null, set: (c: Cached<T> | null) => void, fetch: () => Promise<T>, ttlMs = config.contextCacheMs): Promise<T> {
    const now = ctx.now().getTime();
    if (current && now - current.at < ttlMs) return current.value;
    const entry: Cached<T> = { value: fetch(), at: now };
    set(entry);
    entry.value.catch(() => set(null));
    return entry.value;
  }

  const enterprise = () =>
    cached(enterpriseCache, (c) => (enterpriseCache = c), async () => (await mews.call('configuration/get', {})).Enterprise);

  const mewsPrograms = () =>
    cached(programCache, (c) => (programCache = c), async () => {
      const programs = await collectAll(mews, 'loyaltyPrograms/getAll', { ActivityStates: ['Active'] }, 'LoyaltyPrograms');
      const tiers: MewsLoyaltyTier[] = [];
      for (const ids of chunk(programs.map((p) => p.Id))) {
        tiers.push(...(await collectAll(mews, 'loyaltyTiers/getAll', { LoyaltyProgramIds: ids, ActivityStates: ['Active'] }, 'LoyaltyTiers')));
      }
      lastGood = { programs, tiers };
      return lastGood;
    });

  async function programs(executor: Kysely<Database> = db): Promise<Program[]> {
    return withRules(await mewsPrograms(), await readRules(executor));
  }

  /** The rules for decorating answers: one read shared for RULES_FRESH_MS (never inside a transaction). */
  function recentRules(executor: Kysely<Database>): Promise<Rules> {
    if (executor !== db) return readRules(executor);
    return cached(rulesRead, (c) => (rulesRead = c), () => readRules(db), RULES_FRESH_MS);
  }

  /**
   * The last decoration's programs, rebuilt only when the Mews lists or the rules read change:
   * joining and ranking them on every lookup was 3% of the proxy's CPU on warm lookups.
   */
  let decorated: { raw: RawPrograms; rules: Rules; programs: Program[] } | null = null;

  async function peekPrograms(executor: Kysely<Database> = db): Promise<Program[] | undefined> {
    const fresh = programCache !== null && ctx.now().getTime() - programCache.at < config.contextCacheMs;
    if (!fresh || !lastGood) {
      const refresh = mewsPrograms();
      refresh.catch(() => {});
      if (!lastGood) await refresh.catch(() => {});
    }
    if (!lastGood) return undefined;
    const raw = lastGood;
    const rules = await recentRules(executor);
    if (decorated?.raw !== raw || decorated.rules !== rules) decorated = { raw, rules, programs: withRules(raw, rules) };
    return decorated.programs;
  }

  /** Joins Keycard's rules (tier thresholds, re-tier mode, tier direction, partner programs) to the Mews lists. */
  function withRules({ programs, tiers }: RawPrograms, { rules, modes, orders, partner }: Rules): Program[] {
    return programs.map((p) => {
      const tierOrder = orders.get(p.Id) ?? null;
      const own = tiers.filter((t) => t.LoyaltyProgramId === p.Id).map((t): Tier => ({
        id: t.Id,
        programId: t.LoyaltyProgramId,
        name: t.Name,
        code: t.Code,
        ordering: t.Ordering,
        minPoints: rules.get(t.Id) ?? null,
      }));
      return {
        id: p.Id,
        chainId: p.ChainId,
        name: p.Name,
        code: p.Code,
        type: p.Type,
        subscription: p.Subscription,
        tiers: rankedTiers({ tiers: own, tierOrder }),
        retierMode: modes.get(p.Id) ?? DEFAULT_RETIER_MODE,
        tierOrder,
        connection: partner.has(p.Id) ? 'partner' : 'connector',
      };
    });
  }

  async function enterpriseOf(device: Asker): Promise<MewsEnterprise> {
    return (await scope?.enterprise(device)) ?? enterprise();
  }

  async function programsFor(device: Asker): Promise<Program[]> {
    const [chain, list] = await Promise.all([scope?.chainOf(device), programs()]);
    return chain === undefined ? list : list.filter((p) => p.chainId === chain);
  }

  async function requireProgramOf(device: Asker, programId: string): Promise<void> {
    const chain = await scope?.chainOf(device);
    if (chain === undefined) return;
    const program = (await programs()).find((p) => p.id === programId);
    if (program && program.chainId !== chain) throw notFound({ key: 'noProgram', params: { programId: programId } });
  }

  async function requireOwnChain(device: Asker, chainId: string | undefined): Promise<void> {
    const chain = chainId === undefined ? undefined : await scope?.chainOf(device);
    if (chain !== undefined && chainId !== chain) {
      throw new ProblemError(422, 'Invalid fields', { key: 'chainMismatch', params: { chain, chainId: String(chainId) } });
    }
  }

  async function deskContext(device: Device): Promise<DeskContext> {
    const [e, list] = await Promise.all([enterpriseOf(device), programsFor(device)]);
    const currency = e.Currencies?.find((c) => c.IsDefault)?.Currency ?? e.Currencies?.[0]?.Currency ?? '';
    return {
      enterprise: { id: e.Id, name: e.Name, timeZone: e.TimeZoneIdentifier, currency },
      chain: { id: e.ChainId, name: e.ChainName ?? e.Name },
      programs: list,
      device,
      deskAdjustmentLimit: config.deskAdjustmentLimit,
      mewsIntegration: await mewsIntegrationState(ctx),
      operationsUrl: config.operationsUrl,
      guestPages: [...config.guestPages],
      panelEnabled: await deskPanelEnabled(db),
      contextRefreshSeconds: config.contextRefreshSeconds,
    };
  }

  return {
    enterprise,
    enterpriseOf,
    programsFor,
    requireProgramOf,
    requireOwnChain,
    programs,
    async program(programId, executor) {
      return (await programs(executor)).find((p) => p.id === programId);
    },
    peekPrograms,
    deskContext,
    invalidate() {
      programCache = null;
      rulesRead = null;
    },
  };
}
