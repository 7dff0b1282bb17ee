/**
 * What a Portfolio Access Token needs on each call (concepts/multi-property.md and the
 * operations' pages), filled in where the caller left it out:
 * - `configuration/get` without `EnterpriseId` answers the portfolio's "dummy" enterprise, so
 *   it is asked for the first served enterprise (the callers that mean another one name it);
 * - `customers/getAll` requires `ChainIds`; the loyalty getAlls would cover every chain of the
 *   token, which may hold enterprises this proxy does not serve: both get the served chains;
 * - reservations and order items get the served `EnterpriseIds` for the same reason;
 * - writes that take `ChainId` ("required when using Portfolio Access Tokens") get the one
 *   served chain; with several, the caller must name it (a missing one is a bug: it throws).
 * Chains are learnt from `configuration/get {EnterpriseId}` once per enterprise.
 */
import type { MewsEnterprise } from './connector-types';

const CHAIN_READS = new Set(['customers/getAll', 'loyaltyMemberships/getAll', 'loyaltyPrograms/getAll', 'loyaltyTiers/getAll']);
const ENTERPRISE_READS = new Set(['reservations/getAll/2023-06-06', 'orderItems/getAll']);
const CHAIN_WRITES = new Set([
  'customers/add', 'customers/update', 'loyaltyMemberships/add', 'loyaltyMemberships/update', 'loyaltyMemberships/delete',
  'loyaltyPrograms/add', 'loyaltyPrograms/update', 'loyaltyTiers/add',
]);

/** An enterprise a device names that MEWS_ENTERPRISE_IDS does not list. */
export class UnservedEnterpriseError extends Error {
  constructor(readonly enterpriseId: string) {
    super(`Enterprise ${enterpriseId} is not in MEWS_ENTERPRISE_IDS.`);
    this.name = 'UnservedEnterpriseError';
  }
}

export class PortfolioScope {
  private readonly enterprises = new Map<string, Promise<MewsEnterprise>>();

  /**
   * @param enterpriseIds MEWS_ENTERPRISE_IDS, at least one.
   * @param configuration `configuration/get {EnterpriseId}` through the same client.
   */
  constructor(
    readonly enterpriseIds: readonly string[],
    private readonly configuration: (enterpriseId: string) => Promise<MewsEnterprise>,
  ) {}

  /** The served enterprise `id` (null/undefined: the first), from Mews once, then remembered. */
  enterprise(id?: string | null): Promise<MewsEnterprise> {
    const wanted = (id ?? this.enterpriseIds[0]!).toLowerCase();
    if (!this.enterpriseIds.includes(wanted)) return Promise.reject(new UnservedEnterpriseError(wanted));
    let found = this.enterprises.get(wanted);
    if (!found) {
      found = this.configuration(wanted);
      this.enterprises.set(wanted, found);
      found.catch(() => this.enterprises.delete(wanted));
    }
    return found;
  }

  /** The served chains, each once, in the order of their first enterprise. */
  async chainIds(): Promise<string[]> {
    const all = await Promise.all(this.enterpriseIds.map((id) => this.enterprise(id)));
    return [...new Set(all.map((e) => e.ChainId))];
  }

  /** `body` with the parameters a portfolio token needs for `op` added where absent. */
  async complete(op: string, body: object): Promise<object> {
    const has = (key: string) => (body as Record<string, unknown>)[key] !== undefined;
    if (op === 'configuration/get' && !has('EnterpriseId')) return { ...body, EnterpriseId: this.enterpriseIds[0] };
    if (CHAIN_READS.has(op) && !has('ChainIds')) return { ...body, ChainIds: await this.chainIds() };
    if (ENTERPRISE_READS.has(op) && !has('EnterpriseIds')) return { ...body, EnterpriseIds: [...this.enterpriseIds] };
    if (CHAIN_WRITES.has(op) && !has('ChainId')) {
      const chains = await this.chainIds();
      if (chains.length !== 1) throw new Error(`${op} needs a ChainId with a portfolio token serving ${chains.length} chains`);
      return { ...body, ChainId: chains[0] };
    }
    return body;
  }
}
