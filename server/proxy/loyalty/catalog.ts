/**
 * The slow-changing things every desk needs: the enterprise (configuration/get) and the
 * chain's programs with their tiers, cached for `contextCacheMs` and joined with Keycard's
 * own tier rules (min points) on every read, so a rule change shows at once.
 */
import type { Kysely } from 'kysely';
import type { DeskContext, Device, Program, Tier } from '../../../lib/domain/types';
import { chunk, collectAll } from '../mews/paginate';
import type { MewsEnterprise, MewsLoyaltyProgram, MewsLoyaltyTier } from '../mews/types';
import type { Database } from '../store/schema';
import type { LoyaltyContext } from './deps';

export interface Catalog {
  enterprise(): Promise<MewsEnterprise>;
  /** Programs (Mews order) with tiers by ascending ordering, each tier with its minPoints. */
  programs(executor?: Kysely<Database>): Promise<Program[]>;
  /**
   * One program. Inside a membership lock pass the lock's connection as `executor`: on
   * PostgreSQL the lock holds a pooled connection, and waiting for a second one can deadlock.
   */
  program(programId: string, executor?: Kysely<Database>): Promise<Program | undefined>;
  deskContext(device: Device): Promise<DeskContext>;
  /** Forget the cached programs (after Keycard itself changed them). */
  invalidate(): void;
}

interface Cached<T> {
  value: Promise<T>;
  at: number;
}

export function createCatalog(ctx: LoyaltyContext): Catalog {
  const { mews, config } = ctx;
  const { db } = ctx.store;
  let enterpriseCache: Cached<MewsEnterprise> | null = null;
  let programCache: Cached<{ programs: MewsLoyaltyProgram[]; tiers: MewsLoyaltyTier[] }> | null = null;

  /** Shares one in-flight fetch; a failed fetch is not cached. */
  function cached<T>(current: Cached<T> | null, set: (c: Cached<T> | null) => void, fetch: () => Promise<T>): Promise<T> {
    const now = ctx.now().getTime();
    if (current && now - current.at < config.contextCacheMs) return current.value;
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
      return { programs, tiers };
    });

  async function programs(executor: Kysely<Database> = db): Promise<Program[]> {
    const { programs, tiers } = await mewsPrograms();
    const rules = new Map((await executor.selectFrom('tier_rules').selectAll().execute()).map((r) => [r.tier_id, r.min_points]));
    return programs.map((p) => ({
      id: p.Id,
      chainId: p.ChainId,
      name: p.Name,
      code: p.Code,
      type: p.Type,
      subscription: p.Subscription,
      tiers: tiers
        .filter((t) => t.LoyaltyProgramId === p.Id)
        .sort((a, b) => a.Ordering - b.Ordering)
        .map((t): Tier => ({
          id: t.Id,
          programId: t.LoyaltyProgramId,
          name: t.Name,
          code: t.Code,
          ordering: t.Ordering,
          minPoints: rules.get(t.Id) ?? null,
        })),
    }));
  }

  async function deskContext(device: Device): Promise<DeskContext> {
    const [e, list] = await Promise.all([enterprise(), programs()]);
    const currency = e.Currencies?.find((c) => c.IsDefault)?.Currency ?? e.Currencies?.[0]?.Currency ?? '';
    return {
      enterprise: { id: e.Id, name: e.Name, timeZone: e.TimeZoneIdentifier, currency },
      chain: { id: e.ChainId, name: e.ChainName ?? e.Name },
      programs: list,
      device,
      deskAdjustmentLimit: config.deskAdjustmentLimit,
    };
  }

  return {
    enterprise,
    programs,
    async program(programId, executor) {
      return (await programs(executor)).find((p) => p.id === programId);
    },
    deskContext,
    invalidate() {
      programCache = null;
    },
  };
}
