/**
 * Mews's side of the Loyalty Partner API (LP/workflows/*): what Mews Operations does when staff
 * press Refresh, Add, Find membership, Link or Remove in a guest's Loyalty section, the member
 * search that runs when a customer is created, and the daily refresh of linked memberships.
 * Every partner call goes from here (the sandbox server), never from the page.
 *
 * @example
 * const loyalty = new PartnerLoyalty(state, { url: 'http://127.0.0.1:8787/partner/v1', token: 'kcp_…' });
 * const view = await loyalty.refresh(customerId, 'en');
 */
import { ENTERPRISE_ID } from '../core/enterprise.ts';
import { MewsError } from '../core/errors.ts';
import type { CustomerRecord } from '../core/records.ts';
import type { SandboxState } from '../core/state.ts';
import { PartnerClient, type PartnerConfig } from './client.ts';
import { PartnerLinks } from './links.ts';
import { loyaltyView, memberMatch, type LoyaltyView, type MemberMatch } from './view.ts';
import { PartnerError, type PartnerCustomer, type PartnerMember, type PartnerMembership, type PartnerProgram } from './wire.ts';

/** `memberships/list` takes at most this many ids. */
const LIST_MAX = 100;
/** How long the program list (names for the rows) is reused before it is read again. */
const PROGRAMS_FRESH_MS = 10 * 60_000;

/** The sandbox customer as the partner API's Customer object. */
export function partnerCustomer(c: CustomerRecord): PartnerCustomer {
  const out: PartnerCustomer = { firstName: c.FirstName, lastName: c.LastName, email: c.Email };
  if (c.BirthDate) out.birthday = c.BirthDate;
  if (c.Phone) out.phoneNumber = c.Phone;
  return out;
}

export class PartnerLoyalty {
  links = new PartnerLinks();
  private readonly client: PartnerClient | null;
  private programCache: { programs: PartnerProgram[]; at: number } | null = null;
  /** Member searches started by customer creation, so tests and shutdown can wait for them. */
  private readonly background = new Set<Promise<void>>();

  constructor(
    private readonly state: SandboxState,
    config: PartnerConfig | null,
    private readonly log: (message: string) => void = (m) => console.warn(m),
    fetchImpl?: typeof fetch,
  ) {
    this.client = config ? new PartnerClient(config, fetchImpl) : null;
  }

  get configured(): boolean {
    return this.client !== null;
  }

  /** Forgets every link and suggestion (`POST /_sandbox/reset`). */
  reset(): void {
    this.links = new PartnerLinks();
    this.programCache = null;
  }

  /** The section as last known, without asking the partner; null for an unknown customer. */
  view(customerId: string): LoyaltyView | null {
    const c = this.state.store.customers.get(customerId.toLowerCase());
    if (!c || c.DeletedUtc !== null) return null;
    return loyaltyView({
      store: this.state.store, links: this.links, customerId: c.Id, configured: this.configured,
      programs: this.programCache?.programs ?? [], now: Date.now(),
    });
  }

  /**
   * Refresh: reads the customer's linked memberships again (`notFound` drops a row). A failure
   * leaves the rows as they were and says why in the view's notice.
   */
  async refresh(customerId: string, lang: string): Promise<LoyaltyView> {
    const c = this.customer(customerId);
    const ids = this.links.linksOf(c.Id).map((l) => l.providerMembershipId);
    if (this.client && ids.length) {
      const links = this.links;
      try {
        await this.knownPrograms(lang).catch(() => []);
        links.remember(await this.list(ids, lang), Date.now());
      } catch (e) {
        if (!(e instanceof PartnerError)) throw e;
        links.failed(c.Id, `Could not refresh from the loyalty partner: ${e.message}`);
      }
    }
    return this.view(c.Id)!;
  }

  /** The daily job for next-day arrivals, for every linked membership (`POST /_sandbox/partner/refresh`). */
  async refreshAll(lang: string): Promise<{ customers: number; memberships: number; dropped: string[] }> {
    this.need();
    const links = this.links;
    const ids = links.allIds();
    const customers = links.linkedCustomers;
    const dropped = ids.length ? links.remember(await this.list(ids, lang), Date.now()) : [];
    return { customers, memberships: ids.length, dropped };
  }

  /** The partner's programs, for the Add dialog. */
  async programs(lang: string): Promise<PartnerProgram[]> {
    const programs = await this.need().programs(lang);
    this.programCache = { programs, at: Date.now() };
    return programs;
  }

  /** Add: enrolls the guest in a partner program and links the membership it answers. */
  async enroll(customerId: string, providerProgramId: string, lang: string): Promise<LoyaltyView> {
    const client = this.need();
    const c = this.customer(customerId);
    const links = this.links;
    const membership = await client.enroll({ mewsEnterpriseId: ENTERPRISE_ID, providerProgramId, mewsCustomerId: c.Id, customer: partnerCustomer(c) }, lang);
    if (membership.status === 'notFound') throw new PartnerError('The loyalty partner enrolled no membership.', 200);
    links.link(c.Id, membership, providerProgramId, Date.now());
    return this.view(c.Id)!;
  }

  /** Find membership: the documented member search for this guest, email first, then name. */
  async findMembers(customerId: string, lang: string): Promise<MemberMatch[]> {
    this.need();
    const c = this.customer(customerId);
    return (await this.search(c, lang)).map(memberMatch);
  }

  /** Link: `PUT /memberships/link` (action link), then the row. */
  async link(customerId: string, providerMembershipId: string, lang: string): Promise<LoyaltyView> {
    const client = this.need();
    const c = this.customer(customerId);
    const links = this.links;
    const membership = await client.link({ mewsEnterpriseId: ENTERPRISE_ID, providerMembershipId, mewsCustomerId: c.Id, action: 'link' }, lang);
    if (membership.status === 'notFound') throw new PartnerError(`The loyalty partner has no membership ${providerMembershipId}.`, 200);
    links.link(c.Id, membership, null, Date.now());
    return this.view(c.Id)!;
  }

  /** Remove: `PUT /memberships/link` (action unlink), then the row goes. */
  async unlink(customerId: string, providerMembershipId: string, lang: string): Promise<LoyaltyView> {
    const client = this.need();
    const c = this.customer(customerId);
    const links = this.links;
    if (!links.linksOf(c.Id).some((l) => l.providerMembershipId === providerMembershipId)) {
      throw new MewsError(400, `Invalid providerMembershipId: ${providerMembershipId} is not linked to this customer.`);
    }
    try {
      await client.link({ mewsEnterpriseId: ENTERPRISE_ID, providerMembershipId, mewsCustomerId: c.Id, action: 'unlink' }, lang);
    } catch (e) {
      // Nothing left to unlink at the partner: the link goes all the same.
      if (!(e instanceof PartnerError && e.partnerStatus === 404)) throw e;
    }
    links.unlink(c.Id, providerMembershipId);
    return this.view(c.Id)!;
  }

  /**
   * Customers were created (customers/add): run the member search for each after the answer
   * went out, keep the matches as suggestions, and only log a failure.
   */
  customersAdded(customerIds: readonly string[], lang: string): void {
    if (!this.client || !customerIds.length) return;
    const links = this.links;
    const store = this.state.store;
    const task = new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
      for (const id of customerIds) {
        const c = store.customers.get(id);
        if (!c) continue;
        try {
          links.suggest(c.Id, await this.search(c, lang), Date.now());
        } catch (e) {
          this.log(`[sandbox] member search for new customer ${c.Id} failed: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
    });
    this.background.add(task);
    void task.finally(() => this.background.delete(task));
  }

  /** Resolves when every member search started so far has finished. */
  async idle(): Promise<void> {
    await Promise.all([...this.background]);
  }

  /** By email when there is one; by first and last name when there is none or it matched nothing. */
  private async search(c: CustomerRecord, lang: string): Promise<PartnerMember[]> {
    const client = this.need();
    if (c.Email) {
      const byEmail = await client.searchMembers(ENTERPRISE_ID, { email: c.Email }, lang);
      if (byEmail.length) return byEmail;
    }
    if (!c.FirstName) return [];
    return client.searchMembers(ENTERPRISE_ID, { firstName: c.FirstName, lastName: c.LastName }, lang);
  }

  private async list(ids: string[], lang: string): Promise<PartnerMembership[]> {
    const client = this.need();
    const out = [];
    for (let i = 0; i < ids.length; i += LIST_MAX) out.push(...(await client.listMemberships(ENTERPRISE_ID, ids.slice(i, i + LIST_MAX), lang)));
    return out;
  }

  /** The program list, read at most every few minutes; names only, so a failure is not fatal. */
  private async knownPrograms(lang: string): Promise<PartnerProgram[]> {
    const cached = this.programCache;
    if (cached && Date.now() - cached.at < PROGRAMS_FRESH_MS) return cached.programs;
    return this.programs(lang);
  }

  private need(): PartnerClient {
    if (!this.client) {
      throw new MewsError(503, 'Partner API not configured.', 'Start the sandbox with SANDBOX_PARTNER_URL and SANDBOX_PARTNER_TOKEN.');
    }
    return this.client;
  }

  private customer(id: string): CustomerRecord {
    const c = this.state.store.customers.get(id.toLowerCase());
    if (!c || c.DeletedUtc !== null) throw new MewsError(404, `No customer ${id}.`);
    return c;
  }
}
