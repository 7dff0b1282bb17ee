import type { PanelModel } from '@/lib/models/panel-model';
import { PanelBody } from './PanelBody';
import { UndoBar } from './UndoBar';

/**
 * A guest as the panel shows them: memberships and actions, the undo offer after a change, and
 * the latest notice. The popup's result detail shows the same.
 */
export function PanelContent({ model }: { model: PanelModel }) {
  const notice = model.notice.value;
  const offer = model.undo.current.value;
  return (
    <>
      <PanelBody model={model} />
      {offer ? <UndoBar summary={offer.summary} membershipId={offer.adjustment.membershipId} busy={model.undoing.value} onUndo={() => void model.undoLast()} /> : null}
      {notice ? (
        <p class={`kc-notice kc-notice--${notice.tone}`} role="status">
          {notice.text}
        </p>
      ) : null}
    </>
  );
}
