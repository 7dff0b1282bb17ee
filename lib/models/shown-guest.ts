/**
 * The guest the panel shows: which page, their loyalty and the desk context as the background
 * answers them, loaded, refreshed and dropped when the page changes. It alone writes these
 * signals; the models the panel is composed of change them through its {@link GuestShell}.
 */
import { batch, createModel, effect, signal, type ReadonlySignal } from '@preact/signals';
import type { DeskContext } from '@/lib/contract';
import type { GuestPage } from '@/lib/host';
import type { Failure, Send } from '@/lib/contract/messages';
import type { GuestLoyaltyAnswer } from '@/lib/contract/desk-cache';
import type { GuestShell, Notice } from './guest-view';
import { onDispose } from './on-dispose';
import { markStep } from '@/lib/trace/marks';
import { failureText, t, withLiveText } from '@/lib/i18n';

/**
 * How many guests a panel keeps in memory to show again at once: a busy desk's day (a
 * 300-room hotel's arrivals and departures), about 1 KB each.
 */
export const RECENT_GUESTS = 500;

/** What the panel is showing; each has its own designed view. */
export type PanelStatus = 'signedOut' | 'noGuest' | 'loading' | 'ready' | 'error';

export interface ShownGuestOptions {
  send: Send;
  /** The device lost its pairing; called after the guest is dropped, to close what showed them. */
  onSignedOut?: () => void;
}

/**
 * @example
 * ```ts
 * const guest = new ShownGuestModel({ send: sendToBackground });
 * guest.show({ kind: 'customer', id: 'cus-9', enterpriseId: 'ent-1', patternName: 'customer-detail' });
 * guest.status.value; // 'loading', then 'ready'
 * ```
 */
export const ShownGuestModel = createModel(({ send, onSignedOut }: ShownGuestOptions) => {
  const status = signal<PanelStatus>('noGuest');
  const page = signal<GuestPage | null>(null);
  const loyalty = signal<GuestLoyaltyAnswer | null>(null);
  const context = signal<DeskContext | null>(null);
  /** Why `status` is `error`. */
  const error = signal<Failure | null>(null);
  const notice = signal<Notice | null>(null);
  /** Bumped by each load, page change and dispose, so a slow answer for an old guest is dropped. */
  let generation = 0;
  onDispose(() => void generation++);
  /**
   * The guests this panel showed lately, as last shown (the desk's own writes included): a
   * guest opened again paints in the same turn, with no message to the worker and back (~20 ms
   * on a busy desk, issue 19), while the background is asked as always. Memory only, and
   * forgotten at sign-out, as the cache is.
   */
  const shown = new Map<string, GuestLoyaltyAnswer>();
  const keyOf = (target: GuestPage) => `${target.kind}:${target.id}`;
  effect(() => {
    const target = page.value;
    const answer = loyalty.value;
    if (!target || !answer || status.value !== 'ready') return;
    const key = keyOf(target);
    shown.delete(key); // re-inserted last: the Map's order is the age
    shown.set(key, answer);
    if (shown.size > RECENT_GUESTS) shown.delete(shown.keys().next().value!);
  });

  /** `why`: the proxy's refusal, which says when an administrator revoked the desk. */
  function signedOut(why?: Failure) {
    shown.clear();
    batch(() => {
      status.value = 'signedOut';
      error.value = why ?? null;
      loyalty.value = null;
      onSignedOut?.();
    });
  }

  /** Loads the guest on the page. `quiet` keeps what is shown while refreshing it. */
  async function load(quiet: boolean) {
    const target = page.value;
    const mine = ++generation;
    if (!target) return;
    if (!quiet) {
      batch(() => {
        status.value = 'loading';
        error.value = null;
      });
    }
    const deskAnswer = send({ type: 'getContext' });
    const guestAnswer = send({ type: 'getGuestLoyalty', kind: target.kind, id: target.id });
    if (!quiet) {
      // Stale-while-revalidate: the cached answer shows at once, the proxy's replaces it.
      void Promise.all([deskAnswer, send({ type: 'getGuestLoyalty', kind: target.kind, id: target.id, cacheOnly: true })]).then(
        ([desk, cached]) => {
          if (mine !== generation || status.value !== 'loading' || !desk.ok || !cached.ok) return;
          markStep('guestShown');
          batch(() => {
            context.value = desk.data;
            loyalty.value = cached.data;
            status.value = 'ready';
          });
        },
      );
    }
    const [desk, guest] = await Promise.all([deskAnswer, guestAnswer]);
    if (mine !== generation) return;
    const failed = !desk.ok ? desk.error : !guest.ok ? guest.error : null;
    if (failed?.kind === 'unauthorized') return signedOut(failed);
    if (failed && status.value === 'ready' && (quiet || loyalty.value?.source === 'cache')) {
      notice.value = withLiveText({ tone: 'warning' as const }, () => t('panel.couldNotRefresh', { message: failureText(failed) }));
      return;
    }
    batch(() => {
      if (failed) {
        status.value = 'error';
        error.value = failed;
        return;
      }
      context.value = desk.ok ? desk.data : null;
      loyalty.value = guest.ok ? guest.data : null;
      status.value = 'ready';
      error.value = null;
    });
  }

  /** What the composed models may read and do. */
  const shell: GuestShell = {
    loyalty,
    context,
    putMembership(updated) {
      const current = loyalty.value;
      if (!current || current.guest.id !== updated.accountId) return;
      const known = current.memberships.some((m) => m.id === updated.id);
      const memberships = known ? current.memberships.map((m) => (m.id === updated.id ? updated : m)) : [...current.memberships, updated];
      loyalty.value = { ...current, memberships };
    },
    dropMembership(membershipId) {
      const current = loyalty.value;
      if (current) loyalty.value = { ...current, memberships: current.memberships.filter((m) => m.id !== membershipId) };
    },
    say(next) {
      notice.value = next;
    },
    signedOut,
  };

  return {
    status: status as ReadonlySignal<PanelStatus>,
    page: page as ReadonlySignal<GuestPage | null>,
    loyalty: loyalty as ReadonlySignal<GuestLoyaltyAnswer | null>,
    context: context as ReadonlySignal<DeskContext | null>,
    error: error as ReadonlySignal<Failure | null>,
    notice: notice as ReadonlySignal<Notice | null>,
    shell,

    /** The page now shows this guest (or none): never one guest's points under another's page. */
    show(next: GuestPage | null) {
      const known = next && status.value !== 'signedOut' && context.value ? shown.get(keyOf(next)) : undefined;
      if (known) markStep('guestShown');
      batch(() => {
        page.value = next;
        notice.value = null;
        loyalty.value = known ? { ...known, source: 'cache' } : null;
        if (!next) {
          generation++;
          status.value = 'noGuest';
        } else if (known) {
          status.value = 'ready';
          error.value = null;
        }
      });
      // Shown already: the background's answer replaces it quietly, as on a refresh.
      if (next) void load(known !== undefined);
    },

    /** Fetches the guest again, keeping what is shown meanwhile. */
    reload: () => load(true),
    /** Fetches the guest again without blanking the panel (tab shown again, after a conflict). */
    refresh: () => (page.value && status.value !== 'loading' ? load(status.value === 'ready') : Promise.resolve()),
    retry: () => load(false),

    /**
     * After a write went to the outbox (or was already done): the guest's pending writes from
     * the cache at once, then the proxy's answer quietly. Found by the failure browser test: with
     * a proxy that hangs, the card showed no "+12 pending" until that read timed out (~16 s).
     */
    async reloadAfterWrite() {
      const target = page.value;
      const mine = generation;
      if (target) {
        const cached = await send({ type: 'getGuestLoyalty', kind: target.kind, id: target.id, cacheOnly: true });
        if (cached.ok && mine === generation && loyalty.value) loyalty.value = { ...loyalty.value, pending: cached.data.pending };
      }
      await load(true);
    },

    /** Removes a refused offline write the desk has read, then shows the guest afresh. */
    async dismissPending(id: number) {
      const answer = await send({ type: 'dismissPending', id });
      if (!answer.ok) notice.value = withLiveText({ tone: 'warning' as const }, () => failureText(answer.error));
      await load(true);
    },
  };
});

export type ShownGuest = InstanceType<typeof ShownGuestModel>;
