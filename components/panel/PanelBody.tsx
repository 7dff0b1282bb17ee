import { COMPANY_RESERVATION_PROBLEM, DEVICE_REVOKED_PROBLEM } from '@/lib/contract/vocabulary';
import type { PanelModel } from '@/lib/models/panel-model';
import { GuestLoyaltyView } from './GuestLoyaltyView';
import { PanelMessage } from './PanelMessage';
import { PanelSkeleton } from './PanelSkeleton';
import { t, failureText } from '@/lib/i18n';

/** Picks the designed view for the panel's status; nothing here is an accident. */
export function PanelBody({ model }: { model: PanelModel }) {
  const error = model.error.value;
  switch (model.status.value) {
    case 'signedOut':
      if (error?.problem?.type === DEVICE_REVOKED_PROBLEM) {
        return (
          <PanelMessage tone="warning" title={t('panel.revokedTitle')} action={{ label: t('panel.openOptions'), onClick: model.openOptions }}>
            {t('panel.revokedText')}
          </PanelMessage>
        );
      }
      return (
        <PanelMessage title={t('panel.notPairedTitle')} action={{ label: t('panel.openOptions'), onClick: model.openOptions }}>
          {t('panel.notPairedText')}
        </PanelMessage>
      );
    case 'noGuest':
      return (
        <PanelMessage title={t('panel.noGuestTitle')} action={{ label: t('panel.findGuest'), onClick: model.findGuest }}>
          {t('panel.noGuestText')}
        </PanelMessage>
      );
    case 'loading':
      return <PanelSkeleton />;
    case 'ready':
      return <GuestLoyaltyView model={model} />;
    case 'error': {
      // Not a failure: nothing to retry, nothing wrong with the desk or Keycard.
      if (error?.problem?.type === COMPANY_RESERVATION_PROBLEM) {
        return <PanelMessage title={t('panel.companyTitle')}>{failureText(error)}</PanelMessage>;
      }
      const retry = { label: t('panel.retry'), onClick: () => void model.retry() };
      if (!error || error.kind === 'unreachable') {
        return (
          <PanelMessage tone="warning" title={t('panel.unreachableTitle')} action={retry}>
            {/* Keycard's own "unreachable" repeats the title: the panel explains instead. Told by its key, not its English words. */}
            {error?.message && error.text?.key !== 'failure.unreachable' ? failureText(error) : t('panel.unreachableText')}
          </PanelMessage>
        );
      }
      const titles: Record<string, string> = {
        notFound: t('problem.notFound'),
        forbidden: t('problem.forbidden'),
        conflict: t('problem.conflict'),
        invalid: t('problem.invalid'),
        server: t('problem.server'),
      };
      return (
        <PanelMessage tone="warning" title={titles[error.kind] ?? t('problem.server')} action={retry}>
          {failureText(error)}
        </PanelMessage>
      );
    }
  }
}
