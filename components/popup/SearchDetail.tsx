import { useEffect, useRef } from 'preact/hooks';
import type { PanelModel } from '@/lib/models/panel-model';
import { PanelBody } from '../panel/PanelBody';
import { UndoBar } from '../panel/UndoBar';

interface SearchDetailProps {
  model: PanelModel;
  onBack: () => void;
  onOpen: () => void;
}

/** A search result in detail, as the panel shows it: memberships, Adjust points, Enroll. */
export function SearchDetail({ model, onBack, onOpen }: SearchDetailProps) {
  const back = useRef<HTMLButtonElement>(null);
  useEffect(() => back.current?.focus(), []);
  const notice = model.notice.value;
  const offer = model.undo.current.value;
  return (
    <section class="kc-detail" aria-labelledby="kc-detail-name">
      <div class="kc-detail-head">
        <button ref={back} type="button" class="kc-button kc-button--link" onClick={onBack}>
          ← Results
        </button>
        <button type="button" class="kc-button" onClick={onOpen}>
          Open in Mews
        </button>
      </div>
      <h2 id="kc-detail-name" class="kc-guest">
        {model.guestName.value || 'Guest'}
      </h2>
      <PanelBody model={model} />
      {offer ? <UndoBar summary={offer.summary} busy={model.undoing.value} onUndo={() => void model.undoLast()} /> : null}
      {notice ? (
        <p class={`kc-notice kc-notice--${notice.tone}`} role="status">
          {notice.text}
        </p>
      ) : null}
    </section>
  );
}
