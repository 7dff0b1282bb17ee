import { useEffect, useRef } from 'preact/hooks';
import type { PanelModel } from '@/lib/models/panel-model';
import { PanelContent } from '../panel/PanelContent';
import { useFocusRescue } from '../shared/focus-rescue';
import { t } from '@/lib/i18n';

interface SearchDetailProps {
  model: PanelModel;
  onBack: () => void;
  onOpen: () => void;
}

/** A search result in detail, as the panel shows it: memberships, Adjust points, Enroll. */
export function SearchDetail({ model, onBack, onOpen }: SearchDetailProps) {
  const back = useRef<HTMLButtonElement>(null);
  const section = useRef<HTMLElement>(null);
  useEffect(() => back.current?.focus(), []);
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
        {model.guestName.value || t('detail.guest')}
      </h2>
      <PanelContent model={model} />
    </section>
  );
}
