/**
 * The guest panel's model: which guest the page shows, their memberships in the hotel's
 * programs, and the desk's actions on them (enroll, adjust points, undo). Views render its
 * signals and call its actions; every network call goes through `send` to the background.
 */
import { batch, computed, signal } from '@preact/signals';
import type { DeskContext } from '@/lib/contract';
import type { GuestPage } from '@/lib/host';
import type { Failure, Send } from '@/lib/contract/messages';
import type { GuestLoyaltyAnswer } from '@/lib/contract/desk-cache';
import { createAdjustForm } from './adjust-form';
import { createGuestView, type GuestShell, type Notice } from './guest-view';
import { createGuestWrites } from './guest-writes';
import { createIntentKeys } from './intent-keys';
import { createLedgerHistory } from './ledger-history';
import { createMembershipManage } from './membership-manage';
import { createUndoWindow, UNDO_WINDOW_MS } from './undo-window';

/** What the panel is showing; each has its own designed view. */
export type PanelStatus = 'signedOut' | 'noGuest' | 'loading' | 'ready' | 'error';

export type { Notice } from './guest-view';

export interface PanelModelOptions {
  send: Send;
  /** Number and date formatting; defaults to the browser's language. */
  locale?: string;
  undoMs?: number;
  newKey?: () => string;
  /** How often an open, visible panel re-asks for its guest (0: never). */
  pollMs?: number;
}

/**
 * Live enough: an open panel re-asks the background every 5 s while the page is visible and
 * the panel open. The proxy answers from its mirror (its own writes land there at once and
 * its Mews poller refreshes it every ~5 s), so a change at another desk shows within ~5 s and
 * one made in Mews within ~10 s, with no push channel to keep alive in a worker MV3 may kill.
 */
export const LIVE_POLL_MS = 5_000;

/**
 * @example
 * ```ts
 * const model = createPanelModel({ send: sendToBackground });
 * void model.start();
 * model.showPage({ kind: 'customer', id: 'cus-9', enterpriseId: 'ent-1', patternName: 'customer-detail' });
 * // later, when the content script goes away:
 * model.dispose();
 * ```
 */
export function createPanelModel(options: PanelModelOptions) {
  const { send } = options;
  const locale = options.locale ?? (typeof navigator === 'undefined' ? undefined : navigator.language);

  const status = signal<PanelStatus>('noGuest');
  const page = signal<GuestPage | null>(null);
  const loyalty = signal<GuestLoyaltyAnswer | null>(null);
  const context = signal<DeskContext | null>(null);
  /** Why `status` is `error`. */
  const error = signal<Failure | null>(null);
  const notice = signal<Notice | null>(null);
  const userCollapsed = signal(false);
  /** Opened by hand on a page without a guest, where the panel otherwise stays a tab. */
  const peek = signal(false);

  const view = createGuestView({ loyalty, context, locale });
  const { timeZone, memberships, joinablePrograms, guestName, offlineNote, pendingOf } = view;
  const collapsed = computed(() => userCollapsed.value || (status.value === 'noGuest' && !peek.value));

  const form = createAdjustForm(() => {
    const membership = loyalty.value?.memberships.find((candidate) => candidate.id === form.membershipId.value);
    if (!membership) return null;
    const desk = context.value?.device.role !== 'manager';
    return { balance: membership.points, deskLimit: desk ? (context.value?.deskAdjustmentLimit ?? null) : null, locale };
  });
  const undo = createUndoWindow(options.undoMs ?? UNDO_WINDOW_MS);
  const keys = createIntentKeys(options.newKey);
  /** Bumped by each load and page change, so a slow answer for an old guest is dropped. */
  let generation = 0;

  function signedOut() {
    batch(() => {
      status.value = 'signedOut';
      loyalty.value = null;
      form.close();
      undo.clear();
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
    if (failed?.kind === 'unauthorized') return signedOut();
    if (failed && status.value === 'ready' && (quiet || loyalty.value?.source === 'cache')) {
      notice.value = { tone: 'warning', text: `Could not refresh: ${failed.message}` };
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

  /**
   * After a write went to the outbox (or was already done): the guest's pending writes from
   * the cache at once, then the proxy's answer quietly. Found by the failure browser test: with
   * a proxy that hangs, the card showed no "+12 pending" until that read timed out (~16 s).
   */
  async function reloadAfterWrite() {
    const target = page.value;
    const mine = generation;
    if (target) {
      const cached = await send({ type: 'getGuestLoyalty', kind: target.kind, id: target.id, cacheOnly: true });
      if (cached.ok && mine === generation && loyalty.value) loyalty.value = { ...loyalty.value, pending: cached.data.pending };
    }
    await load(true);
  }

  let poll: ReturnType<typeof setInterval> | undefined;
  const pollMs = options.pollMs ?? LIVE_POLL_MS;
  /** Starts the live refresh (see {@link LIVE_POLL_MS}); quiet, and idle when nothing is shown. */
  function startPolling() {
    if (pollMs <= 0 || poll !== undefined) return;
    poll = setInterval(() => {
      const hidden = typeof document !== 'undefined' && document.visibilityState === 'hidden';
      if (hidden || collapsed.value || status.value !== 'ready' || form.submitting.value || writes.enrolling.value) return;
      void load(true);
    }, pollMs);
  }

  /** What the composed models may read and do; the panel alone writes its signals. */
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
  const writes = createGuestWrites({ send, keys, locale, shell, form, undo, reload: reloadAfterWrite });
  /** Manager tools on a membership (lifecycle) and its ledger, both online only. */
  const manage = createMembershipManage({ send, keys, shell, reload: () => load(true) });
  const history = createLedgerHistory({ send });

  return {
    locale,
    status,
    page,
    loyalty,
    context,
    error,
    notice,
    enrolling: writes.enrolling,
    enrollError: writes.enrollError,
    undoing: writes.undoing,
    timeZone,
    offlineNote,
    pendingOf,
    memberships,
    joinablePrograms,
    guestName,
    collapsed,
    form,
    undo,
    manage,
    history,

    /** Reads the remembered collapsed/expanded state. */
    async start() {
      const answer = await send({ type: 'getStatus' });
      if (answer.ok) userCollapsed.value = answer.data.panelCollapsed;
    },

    /** The page now shows this guest (or none). */
    showPage(next: GuestPage | null) {
      batch(() => {
        page.value = next;
        peek.value = false;
        notice.value = null;
        writes.enrollError.value = null;
        form.close();
        undo.clear();
        manage.reset();
        history.reset();
        // Never show one guest's points under another guest's page, even for a moment.
        loyalty.value = null;
        if (!next) {
          generation++;
          status.value = 'noGuest';
        }
      });
      if (next) {
        startPolling();
        void load(false);
      }
    },

    /** Fetches the guest again without blanking the panel (tab shown again, after a conflict). */
    refresh: () => (page.value && status.value !== 'loading' ? load(status.value === 'ready') : Promise.resolve()),
    retry: () => load(false),

    expand() {
      peek.value = true;
      if (userCollapsed.value) {
        userCollapsed.value = false;
        void send({ type: 'setPanelCollapsed', collapsed: false });
      }
    },
    collapse() {
      peek.value = false;
      // On a page without a guest the panel folds by itself; don't turn that into a preference.
      if (status.value !== 'noGuest' && !userCollapsed.value) {
        userCollapsed.value = true;
        void send({ type: 'setPanelCollapsed', collapsed: true });
      }
    },

    openOptions: () => void send({ type: 'openOptions' }),

    enroll: writes.enroll,

    openAdjust: (membershipId: string) => form.open(membershipId),
    closeAdjust: () => form.close(),
    cancelConfirmation: () => void (form.confirming.value = false),

    /** Applies the adjust form; an open History shows the new row at once. */
    async apply() {
      const outcome = await writes.apply();
      if (outcome === 'applied') void history.refresh();
      return outcome;
    },
    async undoLast() {
      await writes.undoLast();
      void history.refresh();
    },

    /** Removes a refused offline write the desk has read, then shows the guest afresh. */
    async dismissPending(id: number) {
      const answer = await send({ type: 'dismissPending', id });
      if (!answer.ok) notice.value = { tone: 'warning', text: answer.error.message };
      await load(true);
    },

    /** Stops timers and drops answers still on their way. */
    dispose() {
      generation++;
      if (poll !== undefined) clearInterval(poll);
      poll = undefined;
      undo.dispose();
    },
  };
}

export type PanelModel = ReturnType<typeof createPanelModel>;
