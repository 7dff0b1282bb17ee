/**
 * `loyaltyPrograms/getAll|add|update|delete` (operations/loyaltyprograms.md).
 * Programs live at chain level; batches are validated completely before anything is written.
 */
import { forbidden, invalid } from '../core/errors.ts';
import { chainFilter, inWriteChain, writeChain } from '../core/portfolio.ts';
import { bump } from '../core/collection.ts';
import type { ProgramRecord } from '../core/records.ts';
import type { Store } from '../core/store.ts';
import {
  activityStates, enumItem, guidItem, inInterval, limitation, objectItem, optGuid, optInterval,
  optList, reqEnum, reqGuid, reqList, reqString, stringItem, updateValue, type Json,
} from '../core/validate.ts';
import type { Operation } from './context.ts';

/** Loyalty program type enum (`Unknown` added Sep 2025). */
export const PROGRAM_TYPES = ['Hotel', 'ExternalPartner', 'SoftBrand', 'Unknown'] as const;
/** Loyalty program subscription enum. */
export const PROGRAM_SUBSCRIPTIONS = ['Free', 'Paid'] as const;

/** The documented wire object (no timestamps: the docs list none). */
export function programObject(p: ProgramRecord) {
  return { Id: p.Id, ChainId: p.ChainId, Name: p.Name, Code: p.Code, Type: p.Type, Subscription: p.Subscription };
}

/** An active program by id, or a 400 naming `path`. */
export function activeProgram(store: Store, id: string, path: string): ProgramRecord {
  const p = store.programs.get(id);
  if (!p || p.DeletedUtc !== null) throw invalid('LoyaltyProgramId', path, 'unknown or deleted loyalty program');
  return p;
}

export const getAllPrograms: Operation = ({ body, store, behaviour }) => {
  const lim = limitation(body);
  const inChain = chainFilter(body, behaviour);
  const created = optInterval(body, 'CreatedUtc');
  const updated = optInterval(body, 'UpdatedUtc');
  const ids = optList(body, 'LoyaltyProgramIds', { item: guidItem });
  const codes = optList(body, 'Codes', { item: (v, p) => stringItem(v, p) });
  const states = activityStates(body, behaviour.absentActivityStates);
  const page = store.programs.page({
    count: lim.count, cursor: lim.cursor, ids,
    match: (p) =>
      inChain(p.ChainId) && states.has(p.DeletedUtc === null ? 'Active' : 'Deleted') &&
      inInterval(p.CreatedUtc, created) && inInterval(p.UpdatedUtc, updated) &&
      (!codes || codes.includes(p.Code)),
  });
  return { LoyaltyPrograms: page.items.map(programObject), Cursor: page.cursor };
};

function codeTaken(store: Store, code: string, except?: string): boolean {
  return store.programs.all().some((p) => p.DeletedUtc === null && p.Code === code && p.Id !== except);
}

export const addPrograms: Operation = ({ body, store, now, behaviour }) => {
  const chainId = writeChain(body, behaviour);
  const items = reqList(body, 'LoyaltyPrograms', {
    item: (v, path) => {
      const o = objectItem(v, path);
      return {
        Name: reqString(o, 'Name', `${path}.Name`, 100),
        Code: reqString(o, 'Code', `${path}.Code`, 50),
        Type: reqEnum(o, 'Type', PROGRAM_TYPES, `${path}.Type`),
        Subscription: reqEnum(o, 'Subscription', PROGRAM_SUBSCRIPTIONS, `${path}.Subscription`),
      };
    },
  });
  const codes = new Set<string>();
  for (const it of items) {
    if (codeTaken(store, it.Code) || codes.has(it.Code)) {
      throw forbidden(`A loyalty program with the code "${it.Code}" already exists.`);
    }
    codes.add(it.Code);
  }
  const t = now();
  const added = items.map((it) => {
    const rec: ProgramRecord = { ...it, Id: crypto.randomUUID(), ChainId: chainId, CreatedUtc: t, UpdatedUtc: t, DeletedUtc: null };
    store.programs.add(rec);
    return programObject(rec);
  });
  return { LoyaltyPrograms: added };
};

export const updatePrograms: Operation = ({ body, store, now, behaviour }) => {
  const chainId = writeChain(body, behaviour);
  const updates = reqList(body, 'LoyaltyProgramUpdates', {
    item: (v, path) => {
      const o: Json = objectItem(v, path);
      const id = reqGuid(o, 'LoyaltyProgramId', `${path}.LoyaltyProgramId`);
      const program = activeProgram(store, id, `${path}.LoyaltyProgramId`);
      inWriteChain(program, chainId, 'LoyaltyProgramId', `${path}.LoyaltyProgramId`);
      return {
        program,
        name: updateValue(o, 'Name', `${path}.Name`, { nullable: false, item: (x, p) => stringItem(x, p, 100) }),
        type: updateValue(o, 'Type', `${path}.Type`, { nullable: false, item: enumItem(PROGRAM_TYPES) }),
        subscription: updateValue(o, 'Subscription', `${path}.Subscription`, { nullable: false, item: enumItem(PROGRAM_SUBSCRIPTIONS) }),
      };
    },
  });
  const t = now();
  const out = updates.map((u) => {
    const p = u.program;
    if (u.name.set && u.name.value !== null) p.Name = u.name.value;
    if (u.type.set && u.type.value !== null) p.Type = u.type.value;
    if (u.subscription.set && u.subscription.value !== null) p.Subscription = u.subscription.value;
    p.UpdatedUtc = bump(p.UpdatedUtc, t);
    return programObject(p);
  });
  return { LoyaltyPrograms: out };
};

export const deletePrograms: Operation = ({ body, store, now }) => {
  optGuid(body, 'ChainId');
  const ids = reqList(body, 'LoyaltyProgramIds', { item: guidItem });
  const programs = ids.map((id, i) => activeProgram(store, id, `LoyaltyProgramIds[${i}]`));
  for (const p of programs) {
    for (const mid of store.membershipsByProgram.get(p.Id)) {
      if (store.memberships.get(mid)?.DeletedUtc === null) {
        throw forbidden(`The loyalty program "${p.Name}" still has memberships and cannot be deleted. Delete its memberships first.`);
      }
    }
  }
  const t = now();
  for (const p of programs) {
    p.DeletedUtc = t;
    p.UpdatedUtc = bump(p.UpdatedUtc, t);
  }
  return {};
};
