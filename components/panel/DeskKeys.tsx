import { DESK_SHORTCUTS } from '@/lib/host/desk-shortcuts';

/** The panel's help line: the keys that reach it from anywhere in Mews Operations. */
export function DeskKeys() {
  return (
    <p class="kc-keys">
      {DESK_SHORTCUTS.map((entry) => (
        <span key={entry.shortcut}>
          <kbd>{entry.keys}</kbd> {entry.does}
        </span>
      ))}
      <span>
        <kbd>Esc</kbd> fold
      </span>
    </p>
  );
}
