/**
 * The member cache (lib/offline) as a {@link MemberSource}: its members, its change notices
 * turned into the changed records, its sync freshness and its outbox's pending memberships.
 */
import type { GuestLoyalty } from '@/lib/contract';
import { cacheDb } from '@/lib/background/store/db';
import { allMembers, membersById, membersOfAccount, onMembersChanged, recentGuests } from '@/lib/background/store/members';
import type { CacheStatus, MemberChange, MemberSource } from './member-source';
import { lastSyncAt } from '@/lib/contract/desk-cache';

/**
 * @example
 * ```ts
 * const search = createMemberSearch(offlineMemberSource());
 * ```
 */
export function offlineMemberSource(): MemberSource {
  // One read per notice, however many listen (the search's index and the open popups' copies).
  const listeners = new Set<(change: MemberChange) => void>();
  let stopHearing: (() => void) | null = null;
  let queue = Promise.resolve();
  const hear = () =>
    onMembersChanged((change) => {
      // Notices carry ids; read the members in one transaction, in the order the notices came.
      queue = queue.then(async () => {
        let next: MemberChange = { reset: true };
        if (!change.reset) {
          next = { deleted: change.deleted, upserted: [] };
          // Rows and the first download's blocks alike: the newer of the two.
          if (change.updated.length) next.upserted = await membersById(change.updated);
        }
        for (const listener of [...listeners]) {
          // One listener failing (a closed channel) must not keep the change from the others.
          try {
            listener(next);
          } catch (error) {
            console.error('[keycard] member change listener failed', error);
          }
        }
      }).catch((error) => console.error('[keycard] search index update failed', error));
    });
  return {
    all: () => allMembers(),

    onChange(listener) {
      listeners.add(listener);
      stopHearing ??= hear();
      return () => {
        listeners.delete(listener);
        if (listeners.size > 0) return;
        stopHearing?.();
        stopHearing = null;
      };
    },

    async status(): Promise<CacheStatus> {
      const meta = await (await cacheDb()).get('meta', 'sync');
      return { lastSyncAt: lastSyncAt(meta), syncing: Boolean(meta?.full) };
    },

    async pendingMemberships() {
      const entries = await (await cacheDb()).getAll('outbox');
      return new Set(entries.flatMap((entry) => (entry.status === 'pending' && entry.membershipId ? [entry.membershipId] : [])));
    },
  };
}

/**
 * The guests this desk looked at lately with their cached memberships, newest first.
 *
 * @example
 * ```ts
 * const recent = await recentGuestLoyalty(8);
 * ```
 */
export async function recentGuestLoyalty(limit = 8): Promise<GuestLoyalty[]> {
  const guests = await recentGuests(limit);
  return Promise.all(
    guests.map(async (guest) => {
      const rows = await membersOfAccount(guest.id);
      const asOf = rows.map((row) => row.asOf).sort()[0] ?? '';
      return { guest, memberships: rows.map((row) => row.membership), asOf };
    }),
  );
}
