/**
 * The desk's keyboard way into the panel. The panel sits last in the page's Tab order (it is
 * added after Mews's own page), so two keys reach it from anywhere in Mews Operations: one
 * opens the panel and puts the cursor in it, one opens "Adjust points" on the guest's main
 * membership. Alt+Shift with a letter: Mews Operations and the browsers leave these alone, and
 * Alt+Shift+K (the popup's search) is already the desk's habit. Read by `event.code`, so a
 * Mac's Option+Shift (which types other characters) and other keyboard layouts work alike.
 */

/** What a desk shortcut asks the panel to do. */
export type DeskShortcut = 'focus' | 'adjust';

/** The keys, as the panel's help names them (what each does: `keys.<shortcut>` in the catalogue). */
export const DESK_SHORTCUTS: ReadonlyArray<{ shortcut: DeskShortcut; keys: string }> = [
  { shortcut: 'focus', keys: 'Alt+Shift+L' },
  { shortcut: 'adjust', keys: 'Alt+Shift+P' },
];

const BY_CODE: Record<string, DeskShortcut> = { KeyL: 'focus', KeyP: 'adjust' };

/**
 * The shortcut a key press is, or null.
 *
 * @example
 * ```ts
 * deskShortcut({ code: 'KeyP', altKey: true, shiftKey: true, ctrlKey: false, metaKey: false }); // 'adjust'
 * deskShortcut({ code: 'KeyP', altKey: false, shiftKey: true, ctrlKey: false, metaKey: false }); // null
 * ```
 */
export function deskShortcut(event: Pick<KeyboardEvent, 'code' | 'altKey' | 'shiftKey' | 'ctrlKey' | 'metaKey'>): DeskShortcut | null {
  if (!event.altKey || !event.shiftKey || event.ctrlKey || event.metaKey) return null;
  return BY_CODE[event.code] ?? null;
}

/** Whether `value` names a desk shortcut (a message from the other end of the panel port). */
export function isDeskShortcut(value: unknown): value is DeskShortcut {
  return value === 'focus' || value === 'adjust';
}
