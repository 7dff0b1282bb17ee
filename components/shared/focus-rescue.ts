import type { RefObject } from 'preact';
import { useEffect } from 'preact/hooks';

/**
 * Keeps the keyboard inside a view when the control that had focus goes away: Undo, Enroll,
 * a closed form or a finished notice remove the very button the desk pressed, and the browser
 * then drops focus on <body>, the far end of the Tab order (a screen reader starts over at the
 * top). When that happens the focus lands on the nearest sensible control instead:
 * the Adjust points button of the membership the desk was working on (marked
 * `data-focus-landing`, with the membership in `data-for-membership` on the control's
 * container), else the first landing in the view, else its first button.
 *
 * @example
 * const root = useRef<HTMLElement>(null);
 * useFocusRescue(root);
 */
export function useFocusRescue(rootRef: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const root = rootRef.current;
    if (!root) return;
    let last: Element | null = null;
    let membership: string | null = null;
    const onFocusIn = (event: FocusEvent) => {
      last = event.target as Element;
      membership =
        last.closest('[data-membership-id]')?.getAttribute('data-membership-id') ??
        last.closest('[data-for-membership]')?.getAttribute('data-for-membership') ??
        null;
    };
    const rescue = () => {
      if (!last || last.isConnected) return;
      // Focus that moved on by itself (into the new form, or out of the view) is left where it is.
      const active = root.ownerDocument.activeElement;
      if (active && active !== root.ownerDocument.body) return;
      const landing =
        (membership ? root.querySelector<HTMLElement>(`[data-membership-id="${CSS.escape(membership)}"] [data-focus-landing]`) : null) ??
        root.querySelector<HTMLElement>('[data-focus-landing]') ??
        root.querySelector<HTMLElement>('button:not([disabled])');
      last = null;
      landing?.focus();
    };
    // A removal is seen as a DOM change; a button that is only disabled (busy) keeps its place.
    const observer = new MutationObserver(rescue);
    observer.observe(root, { childList: true, subtree: true });
    root.addEventListener('focusin', onFocusIn);
    return () => {
      observer.disconnect();
      root.removeEventListener('focusin', onFocusIn);
    };
  }, [rootRef]);
}
