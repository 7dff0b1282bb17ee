import { t } from '@/lib/i18n';
interface UndoBarProps {
  summary: string;
  /** The membership the change was made on: focus returns to its card after Undo. */
  membershipId: string;
  busy: boolean;
  onUndo: () => void;
}

/** Shown for a few seconds after an adjustment: what happened, and the way back. */
export function UndoBar({ summary, membershipId, busy, onUndo }: UndoBarProps) {
  return (
    <div class="kc-undo" role="status" data-for-membership={membershipId}>
      <span>{summary}</span>
      <button type="button" class="kc-button kc-button--link" disabled={busy} onClick={onUndo}>
        {t('panel.undo')}
      </button>
    </div>
  );
}
