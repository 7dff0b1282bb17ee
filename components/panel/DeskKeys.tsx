import { DESK_SHORTCUTS } from '@/lib/host/desk-shortcuts';
import { t } from '@/lib/i18n';

/** The panel's help line: the keys that reach it from anywhere in Mews Operations. */
export function DeskKeys() {
  return (
    <p class="kc-keys">
      {DESK_SHORTCUTS.map((entry) => (
        <span key={entry.shortcut}>
          <kbd>{entry.keys}</kbd> {t(`keys.${entry.shortcut}`)}
        </span>
      ))}
      <span>
        <kbd>Esc</kbd> {t('keys.fold')}
      </span>
    </p>
  );
}
