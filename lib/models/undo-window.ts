/**
 * The short window after an adjustment in which the desk can take it back with one click.
 */
import { signal } from '@preact/signals';
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
 * const undo = createUndoWindow();
 * undo.offer({ adjustment, summary: '+250 points added' }); // gone after 10 s
 * undo.current.value?.adjustment.id;
 * undo.dispose();
 * ```
 */
export function createUndoWindow(ms: number = UNDO_WINDOW_MS) {
  const current = signal<UndoOffer | null>(null);
  let timer: ReturnType<typeof setTimeout> | undefined;

  function clear() {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    current.value = null;
  }

  return {
    current,
    offer(offer: UndoOffer) {
      clear();
      current.value = offer;
      timer = setTimeout(() => {
        timer = undefined;
        current.value = null;
      }, ms);
    },
    clear,
    dispose: clear,
  };
}

export type UndoWindow = ReturnType<typeof createUndoWindow>;
