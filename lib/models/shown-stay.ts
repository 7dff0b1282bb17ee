/**
 * The stay on a reservation page, beside the guest's memberships: nights and revenue so far,
 * and per program the points it earned at check-out or, until then, what it would earn with
 * today's rules. Asked of the proxy only (the offline cache holds guests, not stays), and when
 * it cannot be had the panel shows no stay rather than an error: the guest is what the desk came for.
 */
import { batch, computed, createModel, effect, signal, untracked, type ReadonlySignal } from '@preact/signals';
import type { DeskContext, Stay } from '@/lib/contract';
import type { GuestPage } from '@/lib/host';
import type { Send } from '@/lib/contract/messages';
import type { GuestLoyaltyAnswer } from '@/lib/contract/desk-cache';
import { onDispose } from './on-dispose';
import { t } from '@/lib/i18n';

/**
 * One program's line: `earned` once the stay was credited, `reversed` when a credit was taken
 * back (canceled after check-out), otherwise the `estimate` (0 for a stay that earns nothing).
 */
export interface StayProgramLine {
  programId: string;
  /** The program's name when the stay counts for several programs; null when there is one. */
  programName: string | null;
  status: 'estimate' | 'earned' | 'reversed';
  points: number;
  /** When the stay was first credited (ISO), for `earned`. */
  earnedAt: string | null;
}

/** What the panel shows of a stay; null when there is nothing worth a desk's glance. */
export interface StaySummary {
  number: string | null;
  nights: number;
  /** Null until something is posted to the stay. */
  revenue: { amount: number; currency: string } | null;
  /** Still running up: the revenue is "so far". */
  open: boolean;
  canceled: boolean;
  /** Company-owned: earns no points, said once instead of the program lines. */
  company: boolean;
  programs: StayProgramLine[];
}

export interface ShownStayOptions {
  send: Send;
  /** The guest's loyalty as the panel shows it: a change in points (a credit at check-out) asks for the stay again. */
  loyalty: ReadonlySignal<GuestLoyaltyAnswer | null>;
  /** Program names. */
  context: ReadonlySignal<DeskContext | null>;
}

/**
 * Derives the panel's view of a stay. Non-members and hotels without earning rules get nothing:
 * a line saying "no points" on every reservation would be noise at the desk.
 *
 * @example
 * ```ts
 * summarizeStay(stay, programs)?.programs[0]; // → { status: 'estimate', points: 120, … }
 * ```
 */
export function summarizeStay(stay: Stay, programs: { id: string; name: string }[]): StaySummary | null {
  const company = stay.skipped === 'company';
  if (!company && stay.programs.length === 0) return null;
  const several = stay.programs.length > 1;
  const lines = stay.programs.map((part): StayProgramLine => {
    const credited = part.earnedAt !== null;
    return {
      programId: part.programId,
      programName: several ? (programs.find((program) => program.id === part.programId)?.name ?? t('card.unknownProgram')) : null,
      status: credited ? (part.earned === 0 ? 'reversed' : 'earned') : 'estimate',
      points: credited ? part.earned : part.estimate,
      earnedAt: part.earnedAt,
    };
  });
  const revenue = stay.revenue.currency !== '' ? stay.revenue : null;
  const closed = stay.state === 'Processed' || stay.state === 'Canceled';
  return { number: stay.number, nights: stay.nights, revenue, open: !closed, canceled: stay.state === 'Canceled', company, programs: lines };
}

/** A key of the guest's points as the proxy answered them (null for saved data, which may lag). */
function pointsKey(answer: GuestLoyaltyAnswer | null): string | null {
  if (!answer || answer.source === 'cache') return null;
  return answer.memberships.map((m) => `${m.id}:${m.points}`).join(',');
}

/**
 * @example
 * ```ts
 * const stay = new ShownStayModel({ send, loyalty, context });
 * stay.show({ kind: 'reservation', id: 'res-1', enterpriseId: 'ent-1', patternName: 'reservation-detail' });
 * stay.summary.value?.programs[0]?.status; // 'estimate', and 'earned' after check-out
 * ```
 */
export const ShownStayModel = createModel(({ send, loyalty, context }: ShownStayOptions) => {
  const reservationId = signal<string | null>(null);
  const stay = signal<Stay | null>(null);
  /** Bumped by each page change, load and dispose, so an answer for another reservation is dropped. */
  let generation = 0;
  onDispose(() => void generation++);

  async function load() {
    const id = reservationId.value;
    const mine = ++generation;
    if (!id) return;
    const answer = await send({ type: 'getStay', reservationId: id });
    if (mine !== generation) return;
    // Unreachable, refused, signed out: no stay, no error (the guest's own state says why).
    stay.value = answer.ok ? answer.data : null;
  }

  // Not on the panel's 5-second live refresh: a stay costs the proxy three Mews reads. A credit
  // at check-out moves the member's points, which that refresh does see, so follow the points.
  let seenPoints: string | null = null;
  effect(() => {
    const key = pointsKey(loyalty.value);
    if (key === null) return;
    const before = seenPoints;
    seenPoints = key;
    if (before !== null && before !== key) untracked(() => void load());
  });

  const summary = computed(() => {
    const current = stay.value;
    return current ? summarizeStay(current, context.value?.programs ?? []) : null;
  });

  return {
    stay: stay as ReadonlySignal<Stay | null>,
    summary,

    /** The page now shows this guest page: a reservation's stay is fetched, anything else shows none. */
    show(page: GuestPage | null) {
      batch(() => {
        reservationId.value = page?.kind === 'reservation' ? page.id : null;
        stay.value = null;
      });
      seenPoints = null;
      void load();
    },

    /** Asks for the stay again, keeping what is shown until the answer comes. */
    refresh: () => load(),
  };
});

export type ShownStay = InstanceType<typeof ShownStayModel>;
