/**
 * Idempotency keys per desk action. The same action retried (same intent, same body) reuses
 * its key, so the proxy applies it at most once; a different action gets a fresh key.
 */
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
