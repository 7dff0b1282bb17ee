/**
 * `loyaltyTiers/getAll|add|update|delete` (operations/loyaltytiers.md).
 * getAll requires `LoyaltyProgramIds`; a tier belongs to exactly one program.
 */
import { forbidden, invalid } from '../core/errors.ts';
import { bump } from '../core/collection.ts';
import type { TierRecord } from '../core/records.ts';
import type { Store } from '../core/store.ts';
import {
  activityStates, guidItem, inInterval, intItem, limitation, objectItem, optGuid, optInterval, optList,
  reqGuid, reqInt, reqList, reqString, stringItem, updateValue,
} from '../core/validate.ts';
import type { Operation } from './context.ts';
import { chainFilter, inWriteChain, writeChain } from '../core/portfolio.ts';
import { activeProgram } from './loyalty-programs.ts';

/** The documented wire object. */
export function tierObject(t: TierRecord) {
  return { Id: t.Id, LoyaltyProgramId: t.LoyaltyProgramId, Name: t.Name, Code: t.Code, Ordering: t.Ordering };
}

/** An active tier by id, or a 400 naming `path`. */
export function activeTier(store: Store, id: string, path: string): TierRecord {
  const t = store.tiers.get(id);
  if (!t || t.DeletedUtc !== null) throw invalid('LoyaltyTierId', path, 'unknown or deleted loyalty tier');
  return t;
}

export const getAllTiers: Operation = ({ body, store, behaviour }) => {
  const lim = limitation(body);
  const programIds = new Set(reqList(body, 'LoyaltyProgramIds', { item: guidItem }));
  const inChain = chainFilter(body, behaviour);
  const ids = optList(body, 'LoyaltyTierIds', { item: guidItem });
  const updated = optInterval(body, 'UpdatedUtc');
  const states = activityStates(body, behaviour.absentActivityStates);
  const page = store.tiers.page({
    count: lim.count, cursor: lim.cursor, ids,
    match: (t) =>
      inChain(store.programs.get(t.LoyaltyProgramId)?.ChainId) && programIds.has(t.LoyaltyProgramId) &&
      states.has(t.DeletedUtc === null ? 'Active' : 'Deleted') && inInterval(t.UpdatedUtc, updated),
  });
  return { LoyaltyTiers: page.items.map(tierObject), Cursor: page.cursor };
};

export const addTiers: Operation = ({ body, store, now, behaviour }) => {
  const chainId = writeChain(body, behaviour);
  const items = reqList(body, 'LoyaltyTiers', {
    item: (v, path) => {
      const o = objectItem(v, path);
      const programId = reqGuid(o, 'LoyaltyProgramId', `${path}.LoyaltyProgramId`);
      inWriteChain(activeProgram(store, programId, `${path}.LoyaltyProgramId`), chainId, 'LoyaltyProgramId', `${path}.LoyaltyProgramId`);
      return {
        LoyaltyProgramId: programId,
        Name: reqString(o, 'Name', `${path}.Name`, 50),
        Code: reqString(o, 'Code', `${path}.Code`, 50),
        Ordering: reqInt(o, 'Ordering', `${path}.Ordering`),
      };
    },
  });
  const t = now();
  return {
    LoyaltyTiers: items.map((it) => {
      const rec: TierRecord = { ...it, Id: crypto.randomUUID(), CreatedUtc: t, UpdatedUtc: t, DeletedUtc: null };
      store.tiers.add(rec);
      return tierObject(rec);
    }),
  };
};

export const updateTiers: Operation = ({ body, store, now }) => {
  const updates = reqList(body, 'LoyaltyTierUpdates', {
    item: (v, path) => {
      const o = objectItem(v, path);
      const id = reqGuid(o, 'LoyaltyTierId', `${path}.LoyaltyTierId`);
      return {
        tier: activeTier(store, id, `${path}.LoyaltyTierId`),
        // Name, Code and Ordering are required on the tier object, so they cannot be cleared.
        name: updateValue(o, 'Name', `${path}.Name`, { nullable: false, item: (x, p) => stringItem(x, p, 50) }),
        code: updateValue(o, 'Code', `${path}.Code`, { nullable: false, item: (x, p) => stringItem(x, p, 50) }),
        ordering: updateValue(o, 'Ordering', `${path}.Ordering`, { nullable: false, item: intItem }),
      };
    },
  });
  const t = now();
  return {
    LoyaltyTiers: updates.map((u) => {
      const tier = u.tier;
      if (u.name.set && u.name.value !== null) tier.Name = u.name.value;
      if (u.code.set && u.code.value !== null) tier.Code = u.code.value;
      if (u.ordering.set && u.ordering.value !== null) tier.Ordering = u.ordering.value;
      tier.UpdatedUtc = bump(tier.UpdatedUtc, t);
      return tierObject(tier);
    }),
  };
};

export const deleteTiers: Operation = ({ body, store, now }) => {
  const ids = reqList(body, 'LoyaltyTierIds', { item: guidItem });
  const tiers = ids.map((id, i) => activeTier(store, id, `LoyaltyTierIds[${i}]`));
  const doomed = new Set(tiers.map((t) => t.Id));
  // A tier still held by live memberships would leave them pointing at nothing.
  for (const t of tiers) {
    for (const mid of store.membershipsByProgram.get(t.LoyaltyProgramId)) {
      const m = store.memberships.get(mid);
      if (m && m.DeletedUtc === null && m.LoyaltyTierId !== null && doomed.has(m.LoyaltyTierId)) {
        throw forbidden(`The loyalty tier "${t.Name}" is still assigned to memberships and cannot be deleted.`);
      }
    }
  }
  const now_ = now();
  for (const t of tiers) {
    t.DeletedUtc = now_;
    t.UpdatedUtc = bump(t.UpdatedUtc, now_);
  }
  return {};
};
