/**
 * What the panel derives from the guest's loyalty and the desk context: memberships with their
 * program and tier, programs still open to join, the guest's name, the offline note and the
 * writes waiting. Computed signals only; the model that shows the guest owns the sources.
 */
import { computed, type ReadonlySignal } from '@preact/signals';
import type { GuestLoyalty } from '@/lib/contract';
import type { DeskContext, Membership, Program, Tier } from '@/lib/contract';
import type { GuestLoyaltyAnswer, PendingWrite } from '@/lib/contract/desk-cache';
import type { Failure } from '@/lib/contract/messages';
import { formatTime } from '@/lib/format';
import { t } from '@/lib/i18n';

/** A membership with its program and tier looked up, ready to show. */
export interface MembershipView {
  membership: Membership;
  program: Program | null;
  tier: Tier | null;
}

export interface GuestViewSources {
  loyalty: ReadonlySignal<GuestLoyaltyAnswer | null>;
  context: ReadonlySignal<DeskContext | null>;
  locale: string | undefined;
}

/**
 * @example
 * ```ts
 * const view = createGuestView({ loyalty, context, locale: 'en' });
 * view.memberships.value[0]?.tier?.name; // 'Gold'
 * ```
 */
// Not a createModel: computed signals only, no state, actions or effects of its own.
export function createGuestView({ loyalty, context, locale }: GuestViewSources) {
  const timeZone = computed(() => context.value?.enterprise.timeZone ?? 'UTC');
  const memberships = computed<MembershipView[]>(() => {
    const programs = context.value?.programs ?? [];
    return [...(loyalty.value?.memberships ?? [])]
      .sort((a, b) => Number(b.isPrimary) - Number(a.isPrimary))
      .map((membership) => {
        const program = programs.find((candidate) => candidate.id === membership.programId) ?? null;
        const tier = program?.tiers.find((candidate) => candidate.id === membership.tierId) ?? null;
        return { membership, program, tier };
      });
  });
  /** Programs this guest could still join. */
  const joinablePrograms = computed(() => {
    const joined = new Set((loyalty.value?.memberships ?? []).map((membership) => membership.programId));
    // The hotel's own program first: it is the one a desk offers by default.
    const rank = (program: Program) => (program.type === 'Hotel' ? 0 : 1);
    return (context.value?.programs ?? [])
      .filter((program) => !joined.has(program.id))
      .sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
  });
  const guestName = computed(() => {
    const guest = loyalty.value?.guest;
    return guest ? [guest.firstName, guest.lastName].filter(Boolean).join(' ') : '';
  });
  /** "Keycard server unreachable — showing saved data from 12:04", while the answer is the cache's. */
  const offlineNote = computed(() => {
    const answer = loyalty.value;
    if (!answer?.unreachable) return null;
    return t('note.offline', { time: formatTime(answer.asOf, timeZone.value, locale) });
  });
  /** "Mews integration disabled — …", while Mews refuses Keycard's token (`/v1/context` says why). */
  const integrationNote = computed(() => {
    const state = context.value?.mewsIntegration;
    if (!state || state === 'enabled') return null;
    return t('note.integration', { state });
  });
  /** The guest's writes waiting in (or refused from) the outbox; {@link pendingOf} picks one card's. */
  const pending = computed(() => loyalty.value?.pending ?? []);

  return { timeZone, memberships, joinablePrograms, guestName, offlineNote, integrationNote, pending };
}

/** The writes of one membership, or (null) the guest's enrollments. */
export const pendingOf = (writes: PendingWrite[], membershipId: string | null): PendingWrite[] =>
  writes.filter((write) => (membershipId === null ? write.kind === 'enroll' : write.membershipId === membershipId));

/** A calm one-line message in the panel's live region. */
export interface Notice {
  tone: 'info' | 'warning';
  text: string;
}

/**
 * What the model that shows the guest (`ShownGuestModel`) lends the models the panel is
 * composed of (writes, manager tools): its state to read, and actions to change it. They never
 * write its signals themselves.
 */
export interface GuestShell {
  loyalty: ReadonlySignal<GuestLoyalty | null>;
  context: ReadonlySignal<DeskContext | null>;
  /** Puts a membership the proxy returned in place (or adds it), if it belongs to the guest shown. */
  putMembership(membership: Membership): void;
  /** Takes a deleted membership off the guest shown. */
  dropMembership(membershipId: string): void;
  /** Shows (or clears) the one-line notice. */
  say(notice: Notice | null): void;
  /** The device lost its pairing (`why`: the refusal, e.g. a revocation): the panel shows the signed-out state. */
  signedOut(why?: Failure): void;
}
