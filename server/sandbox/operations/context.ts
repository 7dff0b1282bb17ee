/**
 * What every Connector API operation receives, and helpers shared by several of them.
 */
import type { Behaviour } from '../core/behaviour.ts';
import type { Store } from '../core/store.ts';
import { ENTERPRISE_ID } from '../core/seed.ts';
import { optGuids, type Json } from '../core/validate.ts';

/** Side effects an operation may trigger beyond the store. */
export interface OpEffects {
  /** Queue a Mews general-webhook event (fire-and-forget delivery). */
  customerEvent(kind: 'CustomerAdded' | 'CustomerUpdated', customerId: string): void;
}

/** The input of one operation call, already authenticated and rate-limited. */
export interface OpContext {
  body: Json;
  store: Store;
  /** The real clock (seed data uses a fixed one; writes use this). */
  now(): number;
  effects: OpEffects;
  /** The readings of the docs this sandbox plays (behaviour.ts). */
  behaviour: Behaviour;
}

/** An operation returns the JSON body of its 200 response, or throws a MewsError. */
export type Operation = (ctx: OpContext) => unknown;

/**
 * `EnterpriseIds` of the portfolio-aware reads: omitted means every enterprise of the token,
 * i.e. ours; a list without our enterprise matches nothing.
 */
export function enterpriseMatches(body: Json): boolean {
  const ids = optGuids(body, 'EnterpriseIds');
  return !ids || ids.includes(ENTERPRISE_ID);
}
