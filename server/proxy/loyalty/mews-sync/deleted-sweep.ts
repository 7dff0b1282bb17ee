/**
 * Memberships deleted in Mews that the poller's window never shows. The poller finds deletes by
 * `UpdatedUtc`, but the docs do not say a delete moves it; a membership deleted in Mews
 * Operations might then stay on every desk forever. So the mirror's live Mews memberships are
 * swept, id by id: each poll pass asks Mews which of the next ≤ 1000 are still active (one
 * `loyaltyMemberships/getAll` with their ids and `ActivityStates: ["Active"]`) and marks the rest
 * deleted. A whole sweep of N members costs ⌈N / 1000⌉ calls, one per pass (at most 6 per 30 s
 * at the default 5 s pass, of Mews's 200); the next sweep starts `deletedSweepIntervalMs` after one
 * ends. Asking for the active ones, not for ["Deleted"], also catches a membership Mews no longer
 * shows at all. Partner programs' memberships (Keycard's own) are never swept.
 */
import { collectAll } from '../../mews/paginate';
import { liveMewsMembershipIds, markMewsMembershipsGone } from '../../store/deleted-sweep-repository';
import { forgetSyncStateValue, saveSyncStateValue, syncStateValue } from '../../store/sync-state-repository';
import type { LoyaltyContext } from '../core/deps';

/** The last id swept in the current sweep ('' at its start); absent between sweeps. */
export const SWEEP_AFTER = 'mews.memberships.sweep_after';
/** When the next sweep may start (ISO 8601). */
export const SWEEP_NEXT = 'mews.memberships.sweep_next';

export interface DeletedSweep {
  /** One batch of the current sweep, if one is due; resolves with the ids marked deleted. */
  step(): Promise<string[]>;
  /** Starts the next sweep only after a full interval (a fresh initial load needs none sooner). */
  postpone(): Promise<void>;
}

/** `batch`: ids asked about per pass (Mews takes ≤ 1000 per filter; tests use fewer). */
export function createDeletedSweep(ctx: LoyaltyContext, batch = 1000): DeletedSweep {
  const { db } = ctx.store;
  const interval = () => ctx.config.deletedSweepIntervalMs;

  async function postpone(): Promise<void> {
    await saveSyncStateValue(db, SWEEP_NEXT, new Date(ctx.now().getTime() + interval()).toISOString());
  }

  /** Where the current sweep stands; undefined when none is due yet. */
  async function position(): Promise<string | undefined> {
    const after = await syncStateValue(db, SWEEP_AFTER);
    if (after !== undefined) return after;
    const next = await syncStateValue(db, SWEEP_NEXT);
    return next !== undefined && ctx.now().toISOString() < next ? undefined : '';
  }

  async function step(): Promise<string[]> {
    if (interval() <= 0) return [];
    const after = await position();
    if (after === undefined) return [];
    const ids = await liveMewsMembershipIds(db, after, batch);
    let gone: string[] = [];
    if (ids.length > 0) {
      const asOf = Date.now();
      const active = await collectAll(ctx.mews, 'loyaltyMemberships/getAll', { LoyaltyMembershipIds: ids, ActivityStates: ['Active'] }, 'LoyaltyMemberships');
      const live = new Set(active.map((m) => m.Id));
      gone = await markMewsMembershipsGone(db, ids.filter((id) => !live.has(id)), asOf, ctx.now().toISOString());
      if (gone.length > 0) ctx.log.info({ memberships: gone.length }, 'memberships deleted in Mews found by the sweep');
    }
    if (ids.length < batch) {
      await forgetSyncStateValue(db, SWEEP_AFTER);
      await postpone();
    } else {
      await saveSyncStateValue(db, SWEEP_AFTER, ids.at(-1)!);
    }
    return gone;
  }

  return { step, postpone };
}
