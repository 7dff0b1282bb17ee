/**
 * How a program meets Mews, on the options page: through the Connector API (Keycard writes its
 * memberships into Mews) or as a partner program (Keycard keeps them and Mews's own Loyalty
 * section asks Keycard). Making a program a partner program moves every membership out of
 * Mews, so it is confirmed first and says what it moved; the way back is refused by the proxy
 * while the program holds memberships, and its reason is shown as it comes.
 */
import { batch, createModel, signal } from '@preact/signals';
import type { Program, ProgramConnection } from '@/lib/contract';
import type { Failure, Send } from '@/lib/contract/messages';
import { createIntentKeys, sendIntent } from './intent-keys';
import { liveLabels, t, tn, withLiveText } from '@/lib/i18n';

export const CONNECTION_LABELS: Record<ProgramConnection, string> = liveLabels(['connector', 'partner'] as const, (mode) => t(`connectionMode.${mode}`));

/**
 * @example
 * ```ts
 * const connection = new ProgramConnectionModel({ send: sendToBackground, reload: () => admin.load() });
 * connection.ask(program, 'partner');
 * await connection.confirm(); // notice: "Partner Miles is a partner program: 12 memberships moved into Keycard."
 * ```
 */
export const ProgramConnectionModel = createModel(({ send, reload, newKey }: { send: Send; reload: () => Promise<void>; newKey?: () => string }) => {
  const confirming = signal<{ program: Program; connection: ProgramConnection } | null>(null);
  const busy = signal(false);
  const error = signal<Failure | null>(null);
  const notice = signal<{ programId: string; text: string } | null>(null);
  const writer = { send, keys: createIntentKeys(newKey) };

  return {
    confirming,
    busy,
    error,
    notice,
    ask(program: Program, connection: ProgramConnection) {
      batch(() => {
        confirming.value = { program, connection };
        error.value = null;
        notice.value = null;
      });
    },
    cancel() {
      batch(() => {
        confirming.value = null;
        error.value = null;
      });
    },
    async confirm(): Promise<boolean> {
      const target = confirming.value;
      if (!target || busy.value) return false;
      const message = { type: 'setProgramConnection' as const, programId: target.program.id, connection: target.connection };
      busy.value = true;
      error.value = null;
      const answer = await sendIntent(writer, JSON.stringify(message), (key) => ({ ...message, idempotencyKey: key }));
      busy.value = false;
      if (!answer?.ok) {
        if (answer) error.value = answer.error;
        return false;
      }
      const { moved, remaining } = answer.data;
      const program = target.program.name;
      const text = () => target.connection === 'partner'
        ? tn('connection.partnerDone', moved, { program }) + (remaining > 0 ? ` ${tn('connection.remaining', remaining)}` : '')
        : t('connection.connectorDone', { program });
      batch(() => {
        confirming.value = null;
        notice.value = withLiveText({ programId: target.program.id }, text);
      });
      await reload();
      return true;
    },
  };
});

export type ProgramConnectionAdmin = InstanceType<typeof ProgramConnectionModel>;
