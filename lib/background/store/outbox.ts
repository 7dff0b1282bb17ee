/**
 * The write outbox: enrollments and point adjustments the desk made while the proxy could not
 * take them, kept in IndexedDB (so they survive the service worker and the browser) with the
 * idempotency key the desk's action was given. Replayed in the order the desk made them; the
 * key makes a replay that the proxy already applied (answer lost, worker killed) a no-op.
 * A replay the proxy refuses stays, with the reason, until the desk dismisses it.
 */
import type { AdjustmentReason } from '@/lib/contract/vocabulary';
import type { Membership } from '@/lib/contract';
import type { Failure, Result } from '@/lib/contract/messages';
import { saidFailure } from '@/lib/background/proxy/said-failure';
import { t, tn, type Language } from '@/lib/i18n';
import type { PendingWrite, WaitingFor } from '../../contract/desk-cache';
import type { ProxyClient } from '@/lib/background/proxy/proxy-client';
import { cacheDb, isQuotaError, type OutboxEntry } from './db';
import { cachedMember, notifyMembersChanged } from './members';

export type NewOutboxEntry = Omit<OutboxEntry, 'seq' | 'status' | 'attempts' | 'createdAt'>;
/** Runs one proxy call as the paired device (see `service.ts`). */
export type RunAsDevice = <T>(call: (client: ProxyClient) => Promise<Result<T>>) => Promise<Result<T>>;


/** Failures worth waiting out: the proxy is down or failing, not refusing. */
export const isTransient = (error: Failure) => error.kind === 'unreachable' || error.kind === 'server';

/** What a transient failure tells the desk it waits for: the proxy's return, or its room to take it. */
export const waitingForOf = (error: Failure): WaitingFor => (error.kind === 'unreachable' ? 'unreachable' : 'busy');

/** The panel's view of an outbox entry. */
export function toPendingWrite(entry: OutboxEntry): PendingWrite {
  return {
    id: entry.seq!,
    kind: entry.kind,
    accountId: entry.accountId,
    membershipId: entry.membershipId,
    ...(entry.programId ? { programId: entry.programId } : {}),
    ...(entry.delta !== undefined ? { delta: entry.delta } : {}),
    ...(entry.reason ? { reason: entry.reason as AdjustmentReason } : {}),
    createdAt: entry.createdAt,
    status: entry.status,
    ...(entry.failure ? { failure: entry.failure } : {}),
    ...(entry.waitingFor ? { waitingFor: entry.waitingFor } : {}),
  };
}

/**
 * Queues a write. The same idempotency key queued twice (the desk pressed Apply again) is
 * one entry. A full disk is answered as a failure the desk sees, never swallowed.
 *
 * @example
 * ```ts
 * const queued = await enqueue({ kind: 'adjust', accountId, membershipId, delta: 10, reason: 'bonus', idempotencyKey });
 * if (queued.ok) show(`${queued.data.delta} pending`);
 * ```
 */
export async function enqueue(entry: NewOutboxEntry, now = Date.now()): Promise<Result<PendingWrite>> {
  try {
    const db = await cacheDb();
    // Strict: "saved offline" is a promise to the desk, and this row is the only copy of the
    // change. Chrome's default (relaxed since 121) reports success before the disk has it, so a
    // power cut or a closed laptop right after could lose the points.
    const tx = db.transaction('outbox', 'readwrite', { durability: 'strict' });
    const existing = (await tx.store.getAll()).find((row) => row.idempotencyKey === entry.idempotencyKey);
    const row: OutboxEntry = existing ?? {
      ...entry,
      createdAt: new Date(now).toISOString(),
      status: 'pending',
      attempts: 0,
    };
    if (!existing) row.seq = await tx.store.add(row);
    await tx.done;
    return { ok: true, data: toPendingWrite(row) };
  } catch (error) {
    if (isQuotaError(error)) return saidFailure('server', 'failure.storageFull');
    throw error;
  }
}

/** Every entry, oldest first. */
export async function outboxEntries(): Promise<OutboxEntry[]> {
  return (await cacheDb()).getAll('outbox');
}

/** The entries of one guest (by account, or by one of their memberships), oldest first. */
export async function pendingFor(accountId: string, membershipIds: readonly string[] = []): Promise<PendingWrite[]> {
  const ids = new Set(membershipIds);
  return (await outboxEntries())
    .filter((entry) => entry.accountId === accountId || (entry.membershipId !== null && ids.has(entry.membershipId)))
    .map(toPendingWrite);
}

/** Whether anything waits to be replayed (refused entries wait for the desk, not the proxy). */
export async function hasPending(): Promise<boolean> {
  return (await outboxEntries()).some((entry) => entry.status === 'pending');
}

/**
 * Removes a refused entry the desk has read. Pending entries cannot be dismissed: they are
 * the desk's changes still on their way.
 */
export async function dismiss(id: number): Promise<boolean> {
  const db = await cacheDb();
  const tx = db.transaction('outbox', 'readwrite');
  const entry = await tx.store.get(id);
  const dismissible = entry?.status === 'refused';
  if (dismissible) await tx.store.delete(id);
  await tx.done;
  return dismissible;
}

/** Keeps a membership the proxy returned in the member cache, beside its guest. */
export async function cacheMembership(membership: Membership, now: number): Promise<void> {
  const db = await cacheDb();
  const tx = db.transaction(['members', 'recentGuests'], 'readwrite');
  const existing = await tx.objectStore('members').get(membership.id);
  const guest = existing?.guest ?? (await tx.objectStore('recentGuests').get(membership.accountId))?.guest;
  if (guest) await tx.objectStore('members').put(cachedMember(guest, membership, new Date(now).toISOString(), now));
  await tx.done;
  if (guest) notifyMembersChanged([membership.id], []);
}

export interface ReplayOutcome {
  applied: number;
  refused: number;
  /** The proxy stopped answering part-way; the rest waits for the next attempt. */
  interrupted: Failure | null;
}

let replaying: Promise<ReplayOutcome> | null = null;

/**
 * Sends the pending entries to the proxy, oldest first (so a guest's enrollment goes before
 * their adjustments, and one membership's adjustments keep their order). Stops at the first
 * transient failure: everything after it waits, still in order. One replay at a time.
 *
 * @example
 * ```ts
 * const { applied, refused } = await replayOutbox(runAsDevice);
 * ```
 */
export function replayOutbox(run: RunAsDevice, now: () => number = Date.now): Promise<ReplayOutcome> {
  replaying ??= replayOnce(run, now).finally(() => (replaying = null));
  return replaying;
}

async function replayOnce(run: RunAsDevice, now: () => number): Promise<ReplayOutcome> {
  const outcome: ReplayOutcome = { applied: 0, refused: 0, interrupted: null };
  for (const entry of await outboxEntries()) {
    if (entry.status !== 'pending') continue;
    const answer: Result<Membership> =
      entry.kind === 'enroll'
        ? await run((client) => client.enroll(entry.accountId, entry.programId!, entry.idempotencyKey))
        : await run(async (client) => {
            const body = { delta: entry.delta!, reason: entry.reason as AdjustmentReason, ...(entry.note ? { note: entry.note } : {}) };
            const result = await client.adjust(entry.membershipId!, body, entry.idempotencyKey);
            return result.ok ? { ok: true, data: result.data.membership } : result;
          });
    const db = await cacheDb();
    if (answer.ok) {
      await db.delete('outbox', entry.seq!);
      await cacheMembership(answer.data, now());
      outcome.applied++;
      continue;
    }
    if (isTransient(answer.error) || answer.error.kind === 'unauthorized') {
      await db.put('outbox', { ...entry, attempts: entry.attempts + 1, ...(isTransient(answer.error) ? { waitingFor: waitingForOf(answer.error) } : {}) });
      outcome.interrupted = answer.error;
      return outcome;
    }
    if (entry.kind === 'enroll' && answer.error.kind === 'conflict') {
      // Already a member (another desk enrolled them meanwhile): what the desk wanted is true.
      await db.delete('outbox', entry.seq!);
      outcome.applied++;
      continue;
    }
    await db.put('outbox', { ...entry, attempts: entry.attempts + 1, status: 'refused', failure: answer.error });
    outcome.refused++;
  }
  return outcome;
}

/** What a desk was about to do when queued changes stopped it. */
export type HeldAction = 'pairAgain' | 'signOut';

/**
 * Why forgetting this desk's cache now would lose work, or null when nothing is queued.
 * Pending entries are points or enrolments not yet sent; refused ones are reasons the desk
 * has not read yet. Both live only in this browser, so a wipe must be a choice.
 * Said in the desk's language when it is refused (the options page shows it as it came): one
 * sentence of counted parts, too composed to send as a single key to say again.
 *
 * @example
 * ```ts
 * heldChangesMessage(await outboxEntries(), 'signOut', 'en');
 * // → '2 changes made at this desk have not reached the proxy yet. Signing out now would lose them: …'
 * ```
 */
export function heldChangesMessage(entries: readonly OutboxEntry[], action: HeldAction, language: Language): string | null {
  const pending = entries.filter((entry) => entry.status === 'pending').length;
  const refused = entries.length - pending;
  if (entries.length === 0) return null;
  const pendingPart = pending > 0 ? tn('held.pending', pending, undefined, language) : null;
  const refusedPart = refused > 0 ? tn('held.refused', refused, undefined, language) : null;
  const changes = pendingPart && refusedPart ? t('held.both', { pending: pendingPart, refused: refusedPart }, language) : (pendingPart ?? refusedPart)!;
  const remedy = t(pending > 0 ? 'held.reconnect' : 'held.dismiss', undefined, language);
  return tn(action === 'pairAgain' ? 'held.pairAgain' : 'held.signOut', entries.length, { changes, remedy }, language);
}
