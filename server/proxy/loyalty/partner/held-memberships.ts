/**
 * Memberships Keycard holds itself: those of partner programs, which Mews does not store but
 * asks Keycard for through the Loyalty Partner API. Every other part of the proxy (lookups,
 * member search, enrollment, points, tiers, stays, the poller) speaks Mews's Connector API;
 * rather than give each a second branch, the Mews client they share answers the
 * `loyaltyMemberships/*` operations for held rows from Keycard's store, the way Mews would,
 * and sends only the rest to Mews. So a held membership gets the same ledger, idempotency,
 * locks, fence and audit as any other, costs no Mews call, and can never be written twice:
 * Mews's answers never carry a held id (a Connector copy left behind by a program's move to
 * partner is dropped until the move deletes it).
 */
import { randomUUID } from 'node:crypto';
import type { MewsClient, CallOptions } from '../../mews/client';
import type {
  LoyaltyMembershipAddParameters, LoyaltyMembershipsGetAllRequest, LoyaltyMembershipUpdateParameters, MewsLoyaltyMembership,
  MewsOperation, MewsRequest, MewsResponse,
} from '../../mews/connector-types';
import type { Store } from '../../store/db';
import { mirroredGuest, writeMemberships, type MembershipRow } from '../../store/mirror-repository';
import { lockConnection } from '../../store/transaction';
import {
  heldByIds, heldByNumbers, heldOfAccounts, partnerProgramIds, saveProfile, setHeldByKeycard,
} from '../../store/partner-member-repository';

/** A held row in the shape Mews gives a membership. */
export function heldAsMews(row: MembershipRow): MewsLoyaltyMembership {
  return {
    Id: row.id,
    ChainId: row.chain_id,
    AccountId: row.account_id,
    LoyaltyProgramId: row.program_id,
    State: row.state as MewsLoyaltyMembership['State'],
    IsPrimary: row.is_primary === 1,
    MembershipNumber: row.number,
    Points: row.points,
    ExpirationDate: row.expires_at,
    Url: row.url,
    LoyaltyTierId: row.tier_id,
    ActivityState: row.deleted === 1 ? 'Deleted' : 'Active',
  };
}

/** Whether a held row passes the filters of a getAll other than the id/account/number lists. */
function passes(m: MewsLoyaltyMembership, request: LoyaltyMembershipsGetAllRequest): boolean {
  const activity = request.ActivityStates ?? ['Active'];
  if (!activity.includes(m.ActivityState ?? 'Active')) return false;
  if (request.LoyaltyProgramIds && !request.LoyaltyProgramIds.includes(m.LoyaltyProgramId)) return false;
  if (request.MembershipStates && !request.MembershipStates.includes(m.State)) return false;
  if (request.ChainIds && !request.ChainIds.includes(m.ChainId)) return false;
  return true;
}

function applyUpdate(m: MewsLoyaltyMembership, u: LoyaltyMembershipUpdateParameters): MewsLoyaltyMembership {
  return {
    ...m,
    ...(u.LoyaltyProgramId ? { LoyaltyProgramId: u.LoyaltyProgramId.Value } : {}),
    ...(u.State ? { State: u.State.Value } : {}),
    ...(u.IsPrimary ? { IsPrimary: u.IsPrimary.Value } : {}),
    ...(u.MembershipNumber ? { MembershipNumber: u.MembershipNumber.Value } : {}),
    ...(u.Points ? { Points: u.Points.Value } : {}),
    ...(u.ExpirationDate ? { ExpirationDate: u.ExpirationDate.Value } : {}),
    ...(u.Url ? { Url: u.Url.Value } : {}),
    ...(u.LoyaltyTierId ? { LoyaltyTierId: u.LoyaltyTierId.Value } : {}),
  };
}

/**
 * The Mews client every loyalty service uses: `mews` for everything but held memberships.
 *
 * @example
 * const mews = withHeldMemberships(new MewsClient(options), store);
 * await mews.call('loyaltyMemberships/getAll', { AccountIds: [guestId], Limitation: { Count: 100 } });
 * // → the guest's Connector memberships from Mews and their partner memberships from the store
 */
export function withHeldMemberships(mews: MewsClient, store: Pick<Store, 'db'>): MewsClient {
  // Inside a membership lock, its own connection (see lockConnection); otherwise the pool.
  const on = () => lockConnection() ?? store.db;
  const now = () => new Date().toISOString();

  /** Drops held ids from a Mews answer (a Connector copy the move to partner has yet to delete). */
  async function withoutHeld(items: MewsLoyaltyMembership[]): Promise<MewsLoyaltyMembership[]> {
    if (items.length === 0) return items;
    const held = new Set((await heldByIds(on(), items.map((m) => m.Id))).map((r) => r.id));
    return held.size === 0 ? items : items.filter((m) => !held.has(m.Id));
  }

  async function getAll(request: LoyaltyMembershipsGetAllRequest, options?: CallOptions) {
    const firstPage = !request.Limitation?.Cursor;
    let local: MembershipRow[] = [];
    let forward: LoyaltyMembershipsGetAllRequest | null = request;
    if (request.LoyaltyMembershipIds) {
      local = await heldByIds(on(), request.LoyaltyMembershipIds);
      const held = new Set(local.map((r) => r.id));
      const rest = request.LoyaltyMembershipIds.filter((id) => !held.has(id));
      // Only held ids asked for: Mews is not asked at all.
      forward = rest.length > 0 ? { ...request, LoyaltyMembershipIds: rest } : null;
    } else if (firstPage && request.AccountIds) {
      local = await heldOfAccounts(on(), request.AccountIds);
    } else if (firstPage && request.MembershipNumbers) {
      local = await heldByNumbers(on(), request.MembershipNumbers);
    }
    const answer = forward ? await mews.call('loyaltyMemberships/getAll', forward, options) : { LoyaltyMemberships: [], Cursor: null };
    const fromMews = await withoutHeld(answer.LoyaltyMemberships);
    const fromStore = firstPage ? local.map(heldAsMews).filter((m) => passes(m, request)) : [];
    return { ...answer, LoyaltyMemberships: [...fromMews, ...fromStore] };
  }

  async function add(request: { LoyaltyMemberships: LoyaltyMembershipAddParameters[]; ChainId?: string }, options?: CallOptions) {
    const partner = await partnerProgramIds(on());
    const mine = request.LoyaltyMemberships.filter((m) => partner.has(m.LoyaltyProgramId));
    const theirs = request.LoyaltyMemberships.filter((m) => !partner.has(m.LoyaltyProgramId));
    const answered = theirs.length > 0 ? (await mews.call('loyaltyMemberships/add', { ...request, LoyaltyMemberships: theirs }, options)).LoyaltyMemberships : [];
    const created = mine.map((m): MewsLoyaltyMembership => ({
      Id: randomUUID(), ChainId: request.ChainId ?? '', AccountId: m.AccountId, LoyaltyProgramId: m.LoyaltyProgramId,
      State: m.State ?? 'Enrolled', IsPrimary: m.IsPrimary, MembershipNumber: m.MembershipNumber ?? null, Points: m.Points ?? 0,
      ExpirationDate: m.ExpirationDate ?? null, Url: m.Url ?? null, LoyaltyTierId: m.LoyaltyTierId ?? null, ActivityState: 'Active',
    }));
    if (created.length > 0) {
      const at = now();
      await on().transaction().execute(async (trx) => {
        await writeMemberships(trx, created, at);
        await setHeldByKeycard(trx, created.map((m) => m.Id));
        // What Mews's searches will match on, from the mirror's guest until Mews sends more.
        for (const m of created) {
          const guest = await mirroredGuest(trx, m.AccountId);
          if (guest) await saveProfile(trx, m.Id, { firstName: guest.first_name, lastName: guest.last_name, email: guest.email }, at);
        }
      });
    }
    return { LoyaltyMemberships: [...answered, ...created] };
  }

  async function update(request: { LoyaltyMembershipUpdates: LoyaltyMembershipUpdateParameters[]; ChainId?: string }, options?: CallOptions) {
    const held = new Map((await heldByIds(on(), request.LoyaltyMembershipUpdates.map((u) => u.LoyaltyMembershipId))).map((r) => [r.id, r]));
    const theirs = request.LoyaltyMembershipUpdates.filter((u) => !held.has(u.LoyaltyMembershipId));
    const answered = theirs.length > 0 ? (await mews.call('loyaltyMemberships/update', { ...request, LoyaltyMembershipUpdates: theirs }, options)).LoyaltyMemberships : [];
    const updated = request.LoyaltyMembershipUpdates.flatMap((u) => {
      const row = held.get(u.LoyaltyMembershipId);
      return row && row.deleted === 0 ? [applyUpdate(heldAsMews(row), u)] : [];
    });
    if (updated.length > 0) await on().transaction().execute((trx) => writeMemberships(trx, updated, now()));
    return { LoyaltyMemberships: [...answered, ...updated] };
  }

  async function remove(request: { LoyaltyMembershipIds: string[]; ChainId?: string }, options?: CallOptions) {
    const held = await heldByIds(on(), request.LoyaltyMembershipIds);
    const ids = new Set(held.map((r) => r.id));
    const theirs = request.LoyaltyMembershipIds.filter((id) => !ids.has(id));
    if (theirs.length > 0) await mews.call('loyaltyMemberships/delete', { ...request, LoyaltyMembershipIds: theirs }, options);
    if (held.length > 0) await on().transaction().execute((trx) => writeMemberships(trx, held.map(heldAsMews), now(), { deleted: true }));
    return {};
  }

  const client = Object.create(mews) as MewsClient;
  // State lives on the Connector client: a token change must reach the calls it makes.
  client.useAccessToken = (token: string) => mews.useAccessToken(token);
  client.call = async function call<Op extends MewsOperation>(op: Op, body: MewsRequest<Op>, options?: CallOptions): Promise<MewsResponse<Op>> {
    const answer = op === 'loyaltyMemberships/getAll' ? getAll(body as LoyaltyMembershipsGetAllRequest, options)
      : op === 'loyaltyMemberships/add' ? add(body as MewsRequest<'loyaltyMemberships/add'>, options)
      : op === 'loyaltyMemberships/update' ? update(body as MewsRequest<'loyaltyMemberships/update'>, options)
      : op === 'loyaltyMemberships/delete' ? remove(body as MewsRequest<'loyaltyMemberships/delete'>, options)
      : mews.call(op, body, options);
    return answer as Promise<MewsResponse<Op>>;
  };
  return client;
}
