/**
 * The short window after an adjustment in which the desk can take it back with one click.
 */
import { createModel, effect, signal } from '@preact/signals';
import type { Adjustment } from '@/lib/contract';

/** How long the Undo button stays. */
export const UNDO_WINDOW_MS = 10_000;

export interface UndoOffer {
  adjustment: Adjustment;
  /** What the panel says, e.g. "+250 points added". */
  summary: string;
}

/**
 * @example
 * ```ts
 * const undo = new UndoWindowModel();
 * undo.offer({ adjustment, summary: '+250 points added' }); // gone after 10 s
 * undo.current.value?.adjustment.id;
 * undo[Symbol.dispose]();
 * ```
 */
export const UndoWindowModel = createModel((ms: number = UNDO_WINDOW_MS) => {
  const current = signal<UndoOffer | null>(null);

  // Each offer runs out on its own timer; a new offer, a clear or dispose stops the old one.
  effect(() => {
    if (!current.value) return;
    const timer = setTimeout(() => (current.value = null), ms);
    return () => clearTimeout(timer);
  });

  return {
    current,
    offer(offer: UndoOffer) {
      current.value = offer;
    },
    clear() {
      current.value = null;
    },
  };
});

export type UndoWindow = InstanceType<typeof UndoWindowModel>;
