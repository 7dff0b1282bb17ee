/**
 * The guest panel's model: whether it is folded, the guest it shows (`ShownGuestModel`), their
 * memberships in the hotel's programs, and the desk's actions on them (enroll, adjust points,
 * undo, manager tools, history). Views render its signals and call its actions; every network
 * call goes through `send` to the background. The models it is composed of are created here
 * and disposed with it.
 */
import { deskLocale } from '@/lib/i18n';
import { computed, createModel, effect, signal } from '@preact/signals';
import type { GuestPage } from '@/lib/host';
import type { DeskShortcut } from '@/lib/host/desk-shortcuts';
import type { PanelSide, Send } from '@/lib/contract/messages';
import { AdjustFormModel } from './adjust-form';
import { createGuestView } from './guest-view';
import { GuestWritesModel } from './guest-writes';
import { createIntentKeys } from './intent-keys';
import { LedgerHistoryModel } from './ledger-history';
import { MembershipManageModel } from './membership-manage';
import { ShownGuestModel } from './shown-guest';
import { ShownStayModel } from './shown-stay';
import { UndoWindowModel, UNDO_WINDOW_MS } from './undo-window';

export type { PanelStatus } from './shown-guest';
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
 * const model = new PanelModel({ send: sendToBackground });
 * void model.start();
 * model.showPage({ kind: 'customer', id: 'cus-9', enterpriseId: 'ent-1', patternName: 'customer-detail' });
 * // later, when the content script goes away (stops the live refresh and the undo timer,
 * // and drops answers still on their way):
 * model[Symbol.dispose]();
 * ```
 */
export const PanelModel = createModel((options: PanelModelOptions) => {
  const { send } = options;
  // No locale given: the desk's language (lib/i18n), followed live by formatting's default.
  const locale = options.locale;

  const userCollapsed = signal(false);
  /** Opened by hand on a page without a guest, where the panel otherwise stays a tab. */
  const peek = signal(false);
  /** The desk's last key into the panel (Alt+Shift+L / P): the view moves the cursor to match. */
  const focusRequest = signal<{ shortcut: DeskShortcut; seq: number } | null>(null);
  /** Set once a guest was shown: the live refresh runs from then on. */
  const live = signal(false);
  /**
   * Whether the desk's remembered fold is known yet. Until then the panel is not drawn: drawn
   * open and folded a moment later when the answer came (a busy background, the proxy down)
   * looked like the panel closing by itself.
   */
  const foldKnown = signal(false);
  /** The window edge the desk docked the panel to; the frame reports it to the page with its size. */
  const side = signal<PanelSide>('right');

  const guest = new ShownGuestModel({
    send,
    onSignedOut() {
      form.close();
      undo.clear();
    },
  });
  const { status, loyalty, context, shell } = guest;
  const view = createGuestView({ loyalty, context, locale });
  const collapsed = computed(() => userCollapsed.value || (status.value === 'noGuest' && !peek.value));

  const form = new AdjustFormModel(() => {
    const membership = loyalty.value?.memberships.find((candidate) => candidate.id === form.membershipId.value);
    if (!membership) return null;
    const desk = context.value?.device.role !== 'manager';
    return { balance: membership.points, deskLimit: desk ? (context.value?.deskAdjustmentLimit ?? null) : null, locale };
  });
  const undo = new UndoWindowModel(options.undoMs ?? UNDO_WINDOW_MS);
  const keys = createIntentKeys(options.newKey);
  const writes = new GuestWritesModel({ send, keys, locale, shell, form, undo, reload: guest.reloadAfterWrite });
  /** Manager tools on a membership (lifecycle) and its ledger, both online only. */
  const manage = new MembershipManageModel({ send, keys, shell, reload: guest.reload });
  const history = new LedgerHistoryModel({ send });
  /** On a reservation page, the stay beside the memberships (online only). */
  const stay = new ShownStayModel({ send, loyalty, context });

  // The live refresh (see LIVE_POLL_MS): quiet, and idle when nothing is shown.
  const pollMs = options.pollMs ?? LIVE_POLL_MS;
  effect(() => {
    if (!live.value || pollMs <= 0) return;
    const poll = setInterval(() => {
      const hidden = typeof document !== 'undefined' && document.visibilityState === 'hidden';
      if (hidden || collapsed.value || status.value !== 'ready' || form.submitting.value || writes.enrolling.value) return;
      void guest.reload();
    }, pollMs);
    return () => clearInterval(poll);
  });

  function expand() {
    peek.value = true;
    if (userCollapsed.value) {
      userCollapsed.value = false;
      void send({ type: 'setPanelCollapsed', collapsed: false });
    }
  }

  return {
    /** Given when the panel is created, else the desk's language's. */
    locale: computed(() => locale ?? deskLocale.value),
    status,
    page: guest.page,
    loyalty,
    context,
    error: guest.error,
    notice: guest.notice,
    enrolling: writes.enrolling,
    enrollError: writes.enrollError,
    undoing: writes.undoing,
    ...view,
    collapsed,
    foldKnown: computed(() => foldKnown.value),
    side: computed(() => side.value),
    form,
    undo,
    manage,
    history,
    stay,

    /** Reads the remembered collapsed/expanded state. */
    async start() {
      const answer = await send({ type: 'getStatus' });
      if (answer.ok) {
        userCollapsed.value = answer.data.panelCollapsed;
        side.value = answer.data.panelSide === 'left' ? 'left' : 'right';
      }
      foldKnown.value = true;
    },

    /** Docks the panel to the other edge of the window (Mews's controls there stay free), remembered for the desk. */
    moveToOtherSide() {
      side.value = side.value === 'left' ? 'right' : 'left';
      void send({ type: 'setPanelSide', side: side.value });
    },

    /** The page now shows this guest (or none). */
    showPage(next: GuestPage | null) {
      peek.value = false;
      writes.reset();
      form.close();
      undo.clear();
      manage.reset();
      history.reset();
      stay.show(next);
      guest.show(next);
      if (next) live.value = true;
    },

    /** The guest, and a reservation's stay, again without blanking the panel (tab shown again). */
    refresh() {
      void stay.refresh();
      return guest.refresh();
    },
    retry() {
      void stay.refresh();
      return guest.retry();
    },
    /** The background says the desk was paired, signed out or revoked: show the guest as it now stands. */
    sessionChanged() {
      void stay.refresh();
      return guest.refresh();
    },

    expand,
    focusRequest,

    /**
     * A desk shortcut (lib/host/desk-shortcuts.ts): opens the panel, and for "adjust" the form
     * of the guest's main membership; the view then puts the cursor there.
     */
    shortcut(shortcut: DeskShortcut) {
      expand();
      const main = view.memberships.value[0]?.membership;
      if (shortcut === 'adjust' && status.value === 'ready' && main && form.membershipId.value !== main.id) form.open(main.id);
      focusRequest.value = { shortcut, seq: (focusRequest.value?.seq ?? 0) + 1 };
    },
    collapse() {
      peek.value = false;
      // A folded panel keeps no half-typed amount to bring back when it opens again.
      form.close();
      // On a page without a guest the panel folds by itself; don't turn that into a preference.
      if (status.value !== 'noGuest' && !userCollapsed.value) {
        userCollapsed.value = true;
        void send({ type: 'setPanelCollapsed', collapsed: true });
      }
    },

    openOptions: () => void send({ type: 'openOptions' }),
    /** No guest recognised on this page: the desk finds one with the popup's quick search. */
    findGuest: () => void send({ type: 'openQuickSearch' }),

    enroll: writes.enroll,

    openAdjust: (membershipId: string) => form.open(membershipId),
    closeAdjust: () => form.close(),
    cancelConfirmation: () => form.cancelConfirmation(),

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

    dismissPending: guest.dismissPending,
  };
});

export type PanelModel = InstanceType<typeof PanelModel>;
