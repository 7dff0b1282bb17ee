import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { FunctionComponent } from 'preact';
import type { MemberDetail } from '@/lib/models/member-detail';
import type { PanelModel } from '@/lib/models/panel-model';
import { PanelSkeleton } from '../panel/PanelSkeleton';
import { useFocusRescue } from '../shared/focus-rescue';
import { t } from '@/lib/i18n';

interface SearchDetailProps {
  model: MemberDetail;
  onBack: () => void;
  onOpen: () => void;
}

type PanelView = FunctionComponent<{ model: PanelModel }>;

/**
 * The panel's views come with its model, when the desk first opens a detail (the model:
 * lib/models/member-detail.ts); kept for the popup's next details.
 */
let panelContent: PanelView | null = null;
function usePanelContent(): PanelView | null {
  const [content, setContent] = useState(() => panelContent);
  useEffect(() => {
    if (content) return;
    let here = true;
    void import('../panel/PanelContent').then((loaded) => {
      panelContent = loaded.PanelContent;
      if (here) setContent(() => loaded.PanelContent);
    });
    return () => void (here = false);
  }, []);
  return content;
}

/**
 * A search result in detail, as the panel shows it: memberships, Adjust points, Enroll. Back
 * and Open in Mews work at once; the panel's skeleton holds the place while the panel loads.
 */
export function SearchDetail({ model, onBack, onOpen }: SearchDetailProps) {
  const back = useRef<HTMLButtonElement>(null);
  const section = useRef<HTMLElement>(null);
  const panel = model.panel.value;
  const PanelContent = usePanelContent();
  // In the render's own task: the search box just left the page, and focus must not rest on <body> until the next frame.
  useLayoutEffect(() => back.current?.focus(), []);
  // As in the panel: after Undo or Enroll the keyboard stays in the details.
  useFocusRescue(section);
  return (
    <section ref={section} class="kc-detail" aria-labelledby="kc-detail-name">
      {/* One h1 per view (axe page-has-heading-one), heard, not seen: the guest's name is the visible title. */}
      <h1 class="kc-visually-hidden">{t('detail.heading')}</h1>
      <div class="kc-detail-head">
        <button ref={back} type="button" class="kc-button kc-button--link" onClick={onBack}>
          {t('detail.back')}
        </button>
        <button type="button" class="kc-button" onClick={onOpen}>
          {t('detail.openInMews')}
        </button>
      </div>
      <h2 id="kc-detail-name" class="kc-guest">
        {panel?.guestName.value || t('detail.guest')}
      </h2>
      {panel && PanelContent ? <PanelContent model={panel} /> : <PanelSkeleton />}
    </section>
  );
}
