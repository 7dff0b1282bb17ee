/**
 * `loyaltyMemberships/getAll|add|update|delete` (operations/loyaltymemberships.md, FACTS §11).
 *
 * Rules enforced as 403 (messages meant for desk staff): one live membership per account and
 * program, a tier must belong to the membership's program, membership numbers are unique
 * within a program. Setting IsPrimary true demotes the account's other memberships, so an
 * account keeps at most one primary. MembershipNumber is echoed into the deprecated Code.
 */
import { forbidden, invalid } from '../core/errors.ts';
import { bump } from '../core/collection.ts';
import type { MembershipRecord, ProfileData } from '../core/records.ts';
import type { Store } from '../core/store.ts';
import { chainFilter, inWriteChain, writeChain } from '../core/portfolio.ts';
import {
  activityStates, dateTimeItem, enumItem, guidItem, inInterval, intItem, iso, limitation, objectItem,
  optDateTime, optEnum, optGuid, optInt, optInterval, optList, optString, reqBool, reqGuid, reqList,
  stringItem, updateValue, type Json,
} from '../core/validate.ts';
import type { Operation } from './context.ts';
import { activeProgram } from './loyalty-programs.ts';
import { activeTier } from './loyalty-tiers.ts';

/** Loyalty membership state enum. */
export const MEMBERSHIP_STATES = ['New', 'Pending', 'Enrolled', 'Canceled', 'Declined'] as const;
const INTEGRATION_PROFILE: ProfileData = { Discriminator: 'Integration', EnterpriseProfile: null };

/** The documented wire object. */
export function membershipObject(m: MembershipRecord) {
  return {
    Id: m.Id, ChainId: m.ChainId, AccountId: m.AccountId, LoyaltyProgramId: m.LoyaltyProgramId,
    State: m.State, IsPrimary: m.IsPrimary, ProviderMembershipId: m.ProviderMembershipId,
    Code: m.MembershipNumber, MembershipNumber: m.MembershipNumber, Points: m.Points,
    ExpirationDate: m.ExpirationDate === null ? null : iso(m.ExpirationDate), Url: m.Url,
    LoyaltyTierId: m.LoyaltyTierId, CreatorProfile: m.CreatorProfile, UpdaterProfile: m.UpdaterProfile,
  };
}

function liveIn(store: Store, accountId: string, programId: string, except?: string): boolean {
  return store.activeMembershipsOf(accountId).some((m) => m.LoyaltyProgramId === programId && m.Id !== except);
}

function numberTaken(store: Store, programId: string, number: string, except?: string): boolean {
  for (const id of store.membershipsByNumber.get(number)) {
    const m = store.memberships.get(id);
    if (m && m.DeletedUtc === null && m.LoyaltyProgramId === programId && m.Id !== except) return true;
  }
  return false;
}

function checkTier(store: Store, tierId: string | null, programId: string, path: string): void {
  if (tierId === null) return;
  const tier = activeTier(store, tierId, path);
  if (tier.LoyaltyProgramId !== programId) {
    throw forbidden(`The tier "${tier.Name}" belongs to another loyalty program.`, path);
  }
}

/** Makes `m` the account's only primary membership. */
function demoteOthers(store: Store, m: MembershipRecord, t: number): void {
  for (const other of store.activeMembershipsOf(m.AccountId)) {
    if (other.Id !== m.Id && other.IsPrimary) {
      other.IsPrimary = false;
      other.UpdatedUtc = bump(other.UpdatedUtc, t);
    }
  }
}

export const getAllMemberships: Operation = ({ body, store, behaviour }) => {
  const lim = limitation(body);
  const inChain = chainFilter(body, behaviour);
  const created = optInterval(body, 'CreatedUtc');
  const updated = optInterval(body, 'UpdatedUtc');
  const ids = optList(body, 'LoyaltyMembershipIds', { item: guidItem });
  const accounts = optList(body, 'AccountIds', { item: guidItem });
  const programs = optList(body, 'LoyaltyProgramIds', { item: guidItem });
  const mStates = optList(body, 'MembershipStates', { item: enumItem(MEMBERSHIP_STATES) });
  const states = activityStates(body, behaviour.absentActivityStates);
  const numbers = optList(body, 'MembershipNumbers', { item: (v, p) => stringItem(v, p) });
  const codes = optList(body, 'Codes', { item: (v, p) => stringItem(v, p) });
  const providerIds = optList(body, 'ProviderMembershipIds', { item: (v, p) => stringItem(v, p) });
  // Narrow through an index when a selective filter is present; the predicate re-checks all.
  const candidates = ids ?? (accounts ? store.membershipsByAccount.union(accounts)
    : numbers ? store.membershipsByNumber.union(numbers) : codes ? store.membershipsByNumber.union(codes) : undefined);
  const accountSet = accounts && new Set(accounts);
  const page = store.memberships.page({
    count: lim.count, cursor: lim.cursor, ids: candidates,
    match: (m) =>
      inChain(m.ChainId) && states.has(m.DeletedUtc === null ? 'Active' : 'Deleted') &&
      inInterval(m.CreatedUtc, created) && inInterval(m.UpdatedUtc, updated) &&
      (!accountSet || accountSet.has(m.AccountId)) &&
      (!programs || programs.includes(m.LoyaltyProgramId)) &&
      (!mStates || mStates.includes(m.State as (typeof MEMBERSHIP_STATES)[number])) &&
      (!numbers || (m.MembershipNumber !== null && numbers.includes(m.MembershipNumber))) &&
      (!codes || (m.MembershipNumber !== null && codes.includes(m.MembershipNumber))) &&
      (!providerIds || (m.ProviderMembershipId !== null && providerIds.includes(m.ProviderMembershipId))),
  });
  return { LoyaltyMemberships: page.items.map(membershipObject), Cursor: page.cursor };
};

export const addMemberships: Operation = ({ body, store, now, behaviour }) => {
  const chainId = writeChain(body, behaviour);
  const items = reqList(body, 'LoyaltyMemberships', {
    item: (v, path) => {
      const o: Json = objectItem(v, path);
      const accountId = reqGuid(o, 'AccountId', `${path}.AccountId`);
      const account = store.customers.get(accountId);
      if (!account || account.DeletedUtc !== null) throw invalid('AccountId', `${path}.AccountId`, 'unknown account');
      inWriteChain(account, chainId, 'AccountId', `${path}.AccountId`);
      const programId = reqGuid(o, 'LoyaltyProgramId', `${path}.LoyaltyProgramId`);
      inWriteChain(activeProgram(store, programId, `${path}.LoyaltyProgramId`), chainId, 'LoyaltyProgramId', `${path}.LoyaltyProgramId`);
      const tierId = optGuid(o, 'LoyaltyTierId', `${path}.LoyaltyTierId`) ?? null;
      checkTier(store, tierId, programId, `${path}.LoyaltyTierId`);
      const number = optString(o, 'MembershipNumber', `${path}.MembershipNumber`, 255)
        ?? optString(o, 'Code', `${path}.Code`, 255) ?? null;
      return {
        path, accountId, programId, tierId, number,
        isPrimary: reqBool(o, 'IsPrimary', `${path}.IsPrimary`),
        state: optEnum(o, 'State', MEMBERSHIP_STATES, `${path}.State`) ?? 'Enrolled',
        points: optInt(o, 'Points', `${path}.Points`) ?? null,
        expiration: optDateTime(o, 'ExpirationDate', `${path}.ExpirationDate`) ?? null,
        url: optString(o, 'Url', `${path}.Url`) ?? null,
      };
    },
  });
  const pairs = new Set<string>();
  const numbers = new Set<string>();
  for (const it of items) {
    const pair = `${it.accountId}/${it.programId}`;
    if (liveIn(store, it.accountId, it.programId) || pairs.has(pair)) {
      throw forbidden('The guest is already a member of this loyalty program.', it.path);
    }
    pairs.add(pair);
    if (it.number !== null) {
      const key = `${it.programId}/${it.number}`;
      if (numberTaken(store, it.programId, it.number) || numbers.has(key)) {
        throw forbidden(`The membership number ${it.number} is already in use.`, it.path);
      }
      numbers.add(key);
    }
  }
  const t = now();
  const added = items.map((it) => {
    const m: MembershipRecord = {
      Id: crypto.randomUUID(), ChainId: chainId, AccountId: it.accountId, LoyaltyProgramId: it.programId,
      State: it.state, IsPrimary: it.isPrimary, ProviderMembershipId: null, MembershipNumber: it.number,
      Points: it.points, ExpirationDate: it.expiration, Url: it.url, LoyaltyTierId: it.tierId,
      CreatorProfile: INTEGRATION_PROFILE, UpdaterProfile: INTEGRATION_PROFILE,
      CreatedUtc: t, UpdatedUtc: t, DeletedUtc: null,
    };
    store.addMembership(m);
    if (m.IsPrimary) demoteOthers(store, m, t);
    return m;
  });
  const out = added.map(membershipObject);
  return { LoyaltyMemberships: out, Cursor: out.length ? out[out.length - 1]!.Id : null };
};

const nullableString = (max?: number) => ({ nullable: true, item: (x: unknown, p: string) => stringItem(x, p, max, true) });

export const updateMemberships: Operation = ({ body, store, now, behaviour }) => {
  const chainId = writeChain(body, behaviour);
  const updates = reqList(body, 'LoyaltyMembershipUpdates', {
    item: (v, path) => {
      const o = objectItem(v, path);
      const id = reqGuid(o, 'LoyaltyMembershipId', `${path}.LoyaltyMembershipId`);
      const m = store.memberships.get(id);
      if (!m || m.DeletedUtc !== null) throw invalid('LoyaltyMembershipId', `${path}.LoyaltyMembershipId`, 'unknown or deleted membership');
      inWriteChain(m, chainId, 'LoyaltyMembershipId', `${path}.LoyaltyMembershipId`);
      const u = {
        path, m,
        program: updateValue(o, 'LoyaltyProgramId', `${path}.LoyaltyProgramId`, { nullable: false, item: guidItem }),
        state: updateValue(o, 'State', `${path}.State`, { nullable: false, item: enumItem(MEMBERSHIP_STATES) }),
        isPrimary: updateValue(o, 'IsPrimary', `${path}.IsPrimary`, { nullable: false, item: (x, p) => { if (typeof x !== 'boolean') throw invalid('IsPrimary', p, 'must be a boolean'); return x; } }),
        number: updateValue(o, 'MembershipNumber', `${path}.MembershipNumber`, nullableString(255)),
        code: updateValue(o, 'Code', `${path}.Code`, nullableString(255)),
        provider: updateValue(o, 'ProviderMembershipId', `${path}.ProviderMembershipId`, nullableString(100)),
        points: updateValue(o, 'Points', `${path}.Points`, { nullable: true, item: intItem }),
        expiration: updateValue(o, 'ExpirationDate', `${path}.ExpirationDate`, { nullable: true, item: dateTimeItem }),
        url: updateValue(o, 'Url', `${path}.Url`, nullableString()),
        tier: updateValue(o, 'LoyaltyTierId', `${path}.LoyaltyTierId`, { nullable: true, item: guidItem }),
      };
      // The deprecated Code is an alias of MembershipNumber.
      if (!u.number.set && u.code.set) u.number = u.code;
      const programId = u.program.set && u.program.value !== null ? u.program.value : m.LoyaltyProgramId;
      if (u.program.set) activeProgram(store, programId, `${path}.LoyaltyProgramId`);
      const tierId = u.tier.set ? u.tier.value : m.LoyaltyTierId;
      checkTier(store, tierId, programId, `${path}.LoyaltyTierId`);
      if (programId !== m.LoyaltyProgramId && liveIn(store, m.AccountId, programId, m.Id)) {
        throw forbidden('The guest is already a member of this loyalty program.', path);
      }
      const number = u.number.set ? u.number.value : m.MembershipNumber;
      if (number !== null && (u.number.set || u.program.set) && numberTaken(store, programId, number, m.Id)) {
        throw forbidden(`The membership number ${number} is already in use.`, path);
      }
      return { ...u, programId, tierId, number };
    },
  });
  const t = now();
  const out = updates.map((u) => {
    const m = u.m;
    store.unindexMembership(m);
    m.LoyaltyProgramId = u.programId;
    m.LoyaltyTierId = u.tierId;
    m.MembershipNumber = u.number;
    if (u.state.set && u.state.value !== null) m.State = u.state.value;
    if (u.provider.set) m.ProviderMembershipId = u.provider.value;
    if (u.points.set) m.Points = u.points.value;
    if (u.expiration.set) m.ExpirationDate = u.expiration.value;
    if (u.url.set) m.Url = u.url.value;
    if (u.isPrimary.set && u.isPrimary.value !== null) m.IsPrimary = u.isPrimary.value;
    m.UpdaterProfile = INTEGRATION_PROFILE;
    m.UpdatedUtc = bump(m.UpdatedUtc, t);
    store.indexMembership(m);
    if (m.IsPrimary) demoteOthers(store, m, t);
    return membershipObject(m);
  });
  return { LoyaltyMemberships: out, Cursor: out.length ? out[out.length - 1]!.Id : null };
};

export const deleteMemberships: Operation = ({ body, store, now, behaviour }) => {
  const chainId = writeChain(body, behaviour);
  const ids = reqList(body, 'LoyaltyMembershipIds', { item: guidItem });
  const list = ids.map((id, i) => {
    const m = store.memberships.get(id);
    if (!m || m.DeletedUtc !== null) throw invalid('LoyaltyMembershipIds', `LoyaltyMembershipIds[${i}]`, 'unknown or deleted membership');
    inWriteChain(m, chainId, 'LoyaltyMembershipIds', `LoyaltyMembershipIds[${i}]`);
    return m;
  });
  const t = now();
  for (const m of list) {
    m.DeletedUtc = t;
    // Whether a delete counts as an update is undocumented: a client must notice it either way.
    if (behaviour.deleteMovesUpdatedUtc) m.UpdatedUtc = bump(m.UpdatedUtc, t);
  }
  return {};
};
