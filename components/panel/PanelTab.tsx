import type { Ref } from 'preact';

interface PanelTabProps {
  /** Short context for the tab's tooltip, e.g. "No guest on this page". */
  hint: string;
  onExpand: () => void;
  buttonRef?: Ref<HTMLButtonElement>;
}

/** The folded panel: a small tab on the right edge that opens it again. */
export function PanelTab({ hint, onExpand, buttonRef }: PanelTabProps) {
  return (
    <button ref={buttonRef} type="button" class="kc-tab" aria-expanded="false" title={hint} onClick={onExpand}>
      Keycard
    </button>
  );
}
