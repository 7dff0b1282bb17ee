/**
 * Idempotency keys per desk action. The same action retried (same intent, same body) reuses
 * its key, so the proxy applies it at most once; a different action gets a fresh key. Not a
 * model (no signals): a private part of the models that write.
 */
import type { Failure, FailureKind, MessageOf, MessageType, ResponseOf, Result, Send } from '@/lib/contract/messages';

export interface IntentKeys {
  /** The key for this intent, created on first use. */
  keyFor(intent: string): string;
  /** Forgets the key once the action is known to have been applied. */
  settle(intent: string): void;
}

/**
 * @example
 * ```ts
 * const keys = createIntentKeys();
 * const intent = `adjust:${membershipId}:${JSON.stringify(body)}`;
 * const result = await send({ type: 'adjustPoints', ...body, idempotencyKey: keys.keyFor(intent) });
 * if (result.ok) keys.settle(intent);
 * ```
 */
export function createIntentKeys(newKey: () => string = () => crypto.randomUUID()): IntentKeys {
  const keys = new Map<string, string>();
  return {
    keyFor(intent) {
      let key = keys.get(intent);
      if (!key) {
        key = newKey();
        keys.set(intent, key);
      }
      return key;
    },
    settle(intent) {
      keys.delete(intent);
    },
  };
}

/** What {@link sendIntent} needs from the model that writes. */
export interface IntentWriter {
  send: Send;
  keys: IntentKeys;
  /** The device lost its pairing: the panel shows the signed-out state. Without it (the
   * options page), `unauthorized` comes back like any other failure. */
  signedOut?: (why: Failure) => void;
}

/**
 * The desk-write sequence every model shares: send with the intent's key; settle the key once
 * the answer is final (success, or a failure kind in `settleOn`, e.g. `conflict` for "already
 * a member"); a lost pairing signs the panel out. Resolves with the answer, or null when it
 * was `unauthorized` and the writer signed out, so callers only show the other failures.
 *
 * @example
 * ```ts
 * const answer = await sendIntent(writer, `delete:${id}`, (key) => ({ type: 'deleteMembership', membershipId: id, idempotencyKey: key }));
 * if (answer && !answer.ok) error.value = answer.error;
 * ```
 */
export async function sendIntent<K extends MessageType>(
  writer: IntentWriter,
  intent: string,
  message: (idempotencyKey: string) => MessageOf<K>,
  settleOn: readonly FailureKind[] = [],
): Promise<Result<ResponseOf<K>> | null> {
  const answer = await writer.send(message(writer.keys.keyFor(intent)));
  if (answer.ok || settleOn.includes(answer.error.kind)) writer.keys.settle(intent);
  if (!answer.ok && answer.error.kind === 'unauthorized' && writer.signedOut) {
    writer.signedOut(answer.error);
    return null;
  }
  return answer;
}
