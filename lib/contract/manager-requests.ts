/**
 * What a manager's tools may send: program and tier fields, and the ledger export's range,
 * validated at the proxy's edge with these schemas; the options page's field types are
 * inferred from them.
 */
import * as v from 'valibot';
import { EDITABLE_PROGRAM_TYPES, RETIER_MODES, SUBSCRIPTIONS, TIER_ORDERS } from './vocabulary';

const id = v.pipe(v.string(), v.minLength(1), v.maxLength(100));
const name = (max: number) => v.pipe(v.string(), v.trim(), v.minLength(1, 'name is required.'), v.maxLength(max, `name is at most ${max} characters.`));
const code = v.pipe(v.string(), v.trim(), v.minLength(1, 'code is required.'), v.maxLength(50, 'code is at most 50 characters.'));
const ordering = v.pipe(v.number(), v.integer('ordering must be a whole number.'), v.minValue(-2_147_483_648), v.maxValue(2_147_483_647));
const minPoints = v.nullable(v.pipe(v.number(), v.integer('minPoints must be a whole number.'), v.minValue(0), v.maxValue(2_147_483_647)));
const tierOrder = v.picklist(TIER_ORDERS, 'tierOrder must be ascending (ordering 1 is the entry tier) or descending (ordering 1 is the top tier).');
const atLeastOne = (fields: string) => v.check((b: object) => Object.values(b).some((x) => x !== undefined), `Give at least one of ${fields}.`);

export const ProgramParams = v.object({ id });
export const TierParams = v.object({ id, tierId: id });
export const CreateProgramBody = v.object({
  name: name(100), code,
  type: v.picklist(EDITABLE_PROGRAM_TYPES, `type must be one of ${EDITABLE_PROGRAM_TYPES.join(', ')}.`),
  subscription: v.picklist(SUBSCRIPTIONS, `subscription must be one of ${SUBSCRIPTIONS.join(', ')}.`),
  retierMode: v.optional(v.picklist(RETIER_MODES, 'retierMode must be up or both.')),
  tierOrder: v.optional(tierOrder),
  chainId: v.optional(id),
});
export const PatchProgramBody = v.pipe(v.object({
  name: v.optional(name(100)),
  type: v.optional(v.picklist(EDITABLE_PROGRAM_TYPES)),
  subscription: v.optional(v.picklist(SUBSCRIPTIONS)),
  retierMode: v.optional(v.picklist(RETIER_MODES, 'retierMode must be up or both.')),
  tierOrder: v.optional(tierOrder),
  chainId: v.optional(id),
}), atLeastOne('name, type, subscription, retierMode, tierOrder'));
export const CreateTierBody = v.object({ name: name(50), code, ordering, minPoints: v.optional(minPoints), chainId: v.optional(id) });
export const PatchTierBody = v.pipe(v.object({
  name: v.optional(name(50)), code: v.optional(code), ordering: v.optional(ordering), minPoints: v.optional(minPoints),
}), atLeastOne('name, code, ordering, minPoints'));
const date = (field: string) => v.pipe(v.string(`${field} is required (YYYY-MM-DD).`), v.regex(/^\d{4}-\d{2}-\d{2}$/, `${field} must be YYYY-MM-DD.`));
export const ExportQuery = v.object({ from: date('from'), to: date('to') });

/** A program as a manager edits it (what the options page's form holds); `tierOrder` once confirmed. */
export type ProgramFields = Required<Omit<v.InferInput<typeof CreateProgramBody>, 'chainId' | 'tierOrder'>>
  & Pick<v.InferInput<typeof CreateProgramBody>, 'tierOrder'>;
/** A tier as a manager edits it; `minPoints` null: no threshold. */
export type TierFields = Required<Omit<v.InferInput<typeof CreateTierBody>, 'chainId'>>;
