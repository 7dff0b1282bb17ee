/**
 * A membership's lifecycle in the panel, for manager devices: state, expiry, primary flag,
 * program, deletion. Desk devices see the controls disabled with the reason; the proxy
 * refuses them anyway. Online only: nothing here is queued for later.
 */
import { batch, computed, createModel, signal } from '@preact/signals';
import type { MembershipState } from '@/lib/contract/vocabulary';
import type { DeskContext, GuestLoyalty, Membership } from '@/lib/contract';
import { hotelDateToIso, isoToHotelDate } from '@/lib/models/hotel-date';
import type { MembershipChanges } from '@/lib/contract/manager';
import type { Failure, Send } from '@/lib/contract/messages';
import { sendIntent, type IntentKeys } from './intent-keys';
import type { GuestShell } from './guest-view';
import { sayFailure, t, withLiveText } from '@/lib/i18n';

export interface MembershipManageDeps {
  send: Send;
  keys: IntentKeys;
  /** The panel's state to read and its actions (put or drop a membership, say a notice, sign out). */
  shell: GuestShell;
  /** Fetches the guest again (other memberships change too, e.g. the old primary). */
  reload: () => Promise<void>;
}

/**
 * @example
 * ```ts
 * const manage = new MembershipManageModel({ send, keys, shell, reload });
 * manage.toggle('mem-1');
 * await manage.setState('mem-1', 'Canceled');
 * ```
 */
export const MembershipManageModel = createModel((deps: MembershipManageDeps) => {
  const { shell } = deps;
  const { loyalty, context, say } = shell;
  const writer = { send: deps.send, keys: deps.keys, signedOut: shell.signedOut };
  /** The membership whose Manage disclosure is open. */
  const openId = signal<string | null>(null);
  /** The action on its way, e.g. `state`, for its button's busy label. */
  const busy = signal<string | null>(null);
  const error = signal<Failure | null>(null);
  const expiryDate = signal('');
  const confirmingDelete = signal(false);

  const isManager = computed(() => context.value?.device.role === 'manager');
  const timeZone = () => context.value?.enterprise.timeZone ?? 'UTC';
  const find = (id: string) => loyalty.value?.memberships.find((m) => m.id === id) ?? null;

  async function change(membershipId: string, action: string, changes: MembershipChanges, done: () => string) {
    if (!isManager.value || busy.value) return false;
    const intent = `manage:${membershipId}:${JSON.stringify(changes)}`;
    batch(() => {
      busy.value = action;
      error.value = null;
      say(null);
    });
    const answer = await sendIntent(writer, intent, (key) => ({ type: 'updateMembership', membershipId, changes, idempotencyKey: key }));
    busy.value = null;
    if (!answer?.ok) {
      if (answer) error.value = answer.error;
      return false;
    }
    shell.putMembership(answer.data);
    say(withLiveText({ tone: 'info' }, done));
    await deps.reload();
    return true;
  }

  return {
    openId,
    busy,
    error,
    expiryDate,
    confirmingDelete,
    isManager,

    /** Opens or closes the Manage disclosure of one membership. */
    toggle(membershipId: string) {
      const opening = openId.value !== membershipId;
      const expires = find(membershipId)?.expiresAt;
      batch(() => {
        openId.value = opening ? membershipId : null;
        error.value = null;
        confirmingDelete.value = false;
        expiryDate.value = opening && expires ? isoToHotelDate(expires, timeZone()) : '';
      });
    },

    setState: (membershipId: string, state: MembershipState) =>
      change(membershipId, 'state', { state }, () => t('manage.stateChanged', { state: t(`state.${state}`) })),

    /** Sets the expiry to the start of the chosen day in the hotel's time zone. */
    async setExpiry(membershipId: string) {
      const iso = hotelDateToIso(expiryDate.value, timeZone());
      if (!iso) {
        error.value = sayFailure('invalid', 'manage.chooseExpiry').error;
        return false;
      }
      return change(membershipId, 'expiry', { expiresAt: iso }, () => t('manage.expirySet'));
    },
    async clearExpiry(membershipId: string) {
      const cleared = await change(membershipId, 'clearExpiry', { expiresAt: null }, () => t('manage.expiryCleared'));
      if (cleared) expiryDate.value = '';
      return cleared;
    },

    makePrimary: (membershipId: string) => change(membershipId, 'primary', { isPrimary: true }, () => t('manage.madePrimary')),

    moveTo(membershipId: string, programId: string) {
      const name = context.value?.programs.find((p) => p.id === programId)?.name;
      return change(membershipId, 'program', { programId }, () => t('manage.movedTo', { program: name ?? t('pending.theProgram') }));
    },

    askDelete() {
      batch(() => {
        confirmingDelete.value = true;
        error.value = null;
      });
    },
    cancelDelete: () => void (confirmingDelete.value = false),

    async confirmDelete(membershipId: string) {
      if (!isManager.value || busy.value) return false;
      const intent = `delete:${membershipId}`;
      batch(() => {
        busy.value = 'delete';
        error.value = null;
      });
      const answer = await sendIntent(writer, intent, (key) => ({ type: 'deleteMembership', membershipId, idempotencyKey: key }));
      busy.value = null;
      if (!answer?.ok) {
        if (answer) error.value = answer.error;
        return false;
      }
      const gone = find(membershipId);
      batch(() => {
        shell.dropMembership(membershipId);
        openId.value = null;
        confirmingDelete.value = false;
        say(withLiveText({ tone: 'info' }, () => (gone?.number ? t('manage.membershipDeleted', { number: gone.number }) : t('manage.membershipDeletedUnnumbered'))));
      });
      await deps.reload();
      return true;
    },

    /** Forgets the open disclosure (another guest is shown). */
    reset() {
      batch(() => {
        openId.value = null;
        busy.value = null;
        error.value = null;
        confirmingDelete.value = false;
      });
    },
  };
});

export type MembershipManage = InstanceType<typeof MembershipManageModel>;

/** Other programs a membership could move to (not its own, not ones the guest already holds). */
export function movablePrograms(membership: Membership, loyalty: GuestLoyalty | null, context: DeskContext | null) {
  const held = new Set((loyalty?.memberships ?? []).map((m) => m.programId));
  return (context?.programs ?? []).filter((p) => p.id !== membership.programId && !held.has(p.id));
}
