/**
 * The desk's writes on a guest's loyalty: enroll, adjust points, undo. Each user action gets
 * one idempotency key, reused if the desk retries the same action, so the proxy applies it
 * at most once. Failures land in signals the panel shows; nothing here throws. The adjust
 * form and the undo window are changed through their actions, the panel through its shell.
 */
import { batch, createModel, signal } from '@preact/signals';
import { formatDate, formatDelta, formatTime } from '@/lib/format';
import type { Adjustment } from '@/lib/contract';
import type { Failure, Send } from '@/lib/contract/messages';
import { REASON_LABELS, type AdjustForm } from './adjust-form';
import { sendIntent, type IntentKeys } from './intent-keys';
import type { GuestShell } from './guest-view';
import type { UndoWindow } from './undo-window';
import { failureText, t, tn, withLiveText } from '@/lib/i18n';
import { waitsBusy as busy } from '@/lib/contract/desk-cache';

export interface GuestWritesDeps {
  send: Send;
  keys: IntentKeys;
  locale?: string;
  /** The panel's state to read and its actions (put a membership, say a notice, sign out). */
  shell: GuestShell;
  form: AdjustForm;
  undo: UndoWindow;
  /** Fetches the guest again, keeping what is shown meanwhile. */
  reload: () => Promise<void>;
}

/**
 * @example
 * ```ts
 * const writes = new GuestWritesModel({ send, keys, shell, form, undo, reload });
 * await writes.enroll('prog-1');
 * writes.enrollError.value?.message;
 * ```
 */
export const GuestWritesModel = createModel((deps: GuestWritesDeps) => {
  const { locale, shell, form, undo } = deps;
  const { loyalty, context, say } = shell;
  const writer = { send: deps.send, keys: deps.keys, signedOut: shell.signedOut };
  const enrolling = signal(false);
  const enrollError = signal<Failure | null>(null);
  const undoing = signal(false);

  return {
    enrolling,
    enrollError,
    undoing,

    async enroll(programId: string) {
      const guest = loyalty.value?.guest;
      if (!guest || enrolling.value) return;
      const intent = `enroll:${guest.id}:${programId}`;
      const programName = context.value?.programs.find((program) => program.id === programId)?.name ?? t('pending.theProgram');
      batch(() => {
        enrolling.value = true;
        enrollError.value = null;
        say(null);
      });
      const answer = await sendIntent(writer, intent, (key) => ({ type: 'enroll', accountId: guest.id, programId, idempotencyKey: key }), ['conflict']);
      enrolling.value = false;
      if (!answer) return;
      if (answer.ok) {
        if (answer.data.queued) {
          // Proxy unreachable or busy: the background keeps it in its outbox and replays it later.
          const key = busy(answer.data.pending) ? 'writes.enrollBusy' : 'writes.enrollOffline';
          say(withLiveText({ tone: 'info' }, () => t(key, { program: programName })));
          await deps.reload();
        } else {
          shell.putMembership(answer.data);
          say(withLiveText({ tone: 'info' }, () => t('writes.enrolled', { program: programName })));
        }
      } else if (answer.error.kind === 'conflict') {
        // Already a member (another desk was quicker): show what exists.
        say(withLiveText({ tone: 'info' }, () => failureText(answer.error)));
        await deps.reload();
      } else {
        enrollError.value = answer.error;
      }
    },

    /**
     * Applies the adjust form: validates, asks for confirmation of large changes, then sends.
     * Returns what happened, for the view to move focus accordingly.
     */
    async apply(): Promise<'invalid' | 'confirm' | 'applied' | 'failed'> {
      form.showValidation();
      const parsed = form.parsed.value;
      const membershipId = form.membershipId.value;
      if (!parsed.ok || !membershipId || form.submitting.value) return 'invalid';
      if (form.needsConfirmation.value && !form.confirming.value) {
        form.askConfirmation();
        return 'confirm';
      }
      const note = form.note.value.trim();
      const body = { membershipId, delta: parsed.delta, reason: form.reason.value, ...(note ? { note } : {}) };
      const intent = `adjust:${JSON.stringify(body)}`;
      batch(() => {
        form.sending();
        say(null);
      });
      const answer = await sendIntent(writer, intent, (key) => ({ type: 'adjustPoints', ...body, idempotencyKey: key }));
      if (!answer?.ok) {
        form.refused(answer ? answer.error : null);
        return 'failed';
      }
      form.sent();
      if (answer.data.queued) {
        const key = busy(answer.data.pending) ? 'writes.adjustBusy' : 'writes.adjustOffline';
        batch(() => {
          form.close();
          say(withLiveText({ tone: 'info' }, () => t(key, { points: tn('pending.points', Math.abs(parsed.delta), { delta: formatDelta(parsed.delta, locale) }) })));
        });
        await deps.reload();
        return 'applied';
      }
      const applied = answer.data;
      batch(() => {
        shell.putMembership(applied.membership);
        form.close();
        undo.offer({
          adjustment: applied.adjustment,
          summary: t(parsed.delta > 0 ? 'writes.added' : 'writes.removed', { points: tn('pending.points', Math.abs(parsed.delta), { delta: formatDelta(parsed.delta, locale) }) }),
        });
      });
      return 'applied';
    },

    /** Takes the last adjustment back with the reverse adjustment, as a correction. */
    async undoLast() {
      const offer = undo.current.value;
      if (!offer || undoing.value) return;
      const { adjustment } = offer;
      const intent = `undo:${adjustment.id}`;
      const reason = REASON_LABELS[adjustment.reason] ?? adjustment.reason;
      undoing.value = true;
      const answer = await sendIntent(writer, intent, (key) => ({
        type: 'adjustPoints',
        membershipId: adjustment.membershipId,
        delta: -adjustment.delta,
        reason: 'correction',
        note: undoNote(adjustment, reason, context.value?.enterprise.timeZone),
        idempotencyKey: key,
      }));
      undoing.value = false;
      if (!answer) return;
      if (answer.ok) {
        const applied = answer.data;
        if (applied.queued) {
          undo.clear();
          say(withLiveText({ tone: 'info' }, () => t(busy(applied.pending) ? 'writes.undoBusy' : 'writes.undoOffline')));
          await deps.reload();
          return;
        }
        batch(() => {
          shell.putMembership(applied.membership);
          undo.clear();
          say(withLiveText({ tone: 'info' }, () => t('writes.undone', { points: tn('pending.points', Math.abs(adjustment.delta), { delta: formatDelta(-adjustment.delta, locale) }) })));
        });
      } else {
        say(withLiveText({ tone: 'warning' }, () => t('writes.undoFailed', { message: failureText(answer.error) })));
      }
    },

    /** Forgets the last enrollment's refusal (another guest is shown). */
    reset() {
      enrollError.value = null;
    },
  };
});

export type GuestWrites = InstanceType<typeof GuestWritesModel>;

/**
 * The note an Undo writes in the ledger: what it takes back, when (the hotel's time) and by
 * whom, as History shows it. It used to name the adjustment's id, which no desk can read.
 */
function undoNote(adjustment: Adjustment, reason: string, timeZone: string | undefined): string {
  const when = `${formatDate(adjustment.createdAt, timeZone, 'en-US')}, ${formatTime(adjustment.createdAt, timeZone, 'en-US')}`;
  return `Undo of ${formatDelta(adjustment.delta, 'en-US')} (${reason}, ${when} by ${adjustment.deviceName})`;
}
