interface UndoBarProps {
  summary: string;
  busy: boolean;
  onUndo: () => void;
}

/** Shown for a few seconds after an adjustment: what happened, and the way back. */
export function UndoBar({ summary, busy, onUndo }: UndoBarProps) {
  return (
    <div class="kc-undo" role="status">
      <span>{summary}</span>
      <button type="button" class="kc-button kc-button--link" disabled={busy} onClick={onUndo}>
        Undo
      </button>
    </div>
  );
}
