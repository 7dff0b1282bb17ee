import { COMPANY_RESERVATION_PROBLEM, DEVICE_REVOKED_PROBLEM } from '@/lib/contract/vocabulary';
import type { PanelModel } from '@/lib/models/panel-model';
import { GuestLoyaltyView } from './GuestLoyaltyView';
import { PanelMessage } from './PanelMessage';
import { PanelSkeleton } from './PanelSkeleton';

/** Picks the designed view for the panel's status; nothing here is an accident. */
export function PanelBody({ model }: { model: PanelModel }) {
  const error = model.error.value;
  switch (model.status.value) {
    case 'signedOut':
      if (error?.problem?.type === DEVICE_REVOKED_PROBLEM) {
        return (
          <PanelMessage tone="warning" title="This desk was revoked by an administrator" action={{ label: 'Open Keycard options', onClick: model.openOptions }}>
            Ask a manager for a new pairing code, then pair this desk again.
          </PanelMessage>
        );
      }
      return (
        <PanelMessage title="This desk is not paired" action={{ label: 'Open Keycard options', onClick: model.openOptions }}>
          Pair it once with a code from your Keycard administrator.
        </PanelMessage>
      );
    case 'noGuest':
      return (
        <PanelMessage title="No guest on this page" action={{ label: 'Find guest', onClick: model.findGuest }}>
          Open a guest profile or a reservation to see their loyalty, or find the guest here.
        </PanelMessage>
      );
    case 'loading':
      return <PanelSkeleton />;
    case 'ready':
      return <GuestLoyaltyView model={model} />;
    case 'error': {
      // Not a failure: nothing to retry, nothing wrong with the desk or Keycard.
      if (error?.problem?.type === COMPANY_RESERVATION_PROBLEM) {
        return <PanelMessage title="Booked by a company">{error.message}</PanelMessage>;
      }
      const retry = { label: 'Retry', onClick: () => void model.retry() };
      if (!error || error.kind === 'unreachable') {
        return (
          <PanelMessage tone="warning" title="Proxy unreachable — try again" action={retry}>
            {error?.message && error.message !== 'Proxy unreachable — try again.'
              ? error.message
              : 'Keycard cannot reach its proxy. Mews itself is not affected.'}
          </PanelMessage>
        );
      }
      const titles: Record<string, string> = {
        notFound: 'Guest not found',
        forbidden: 'Not allowed for this desk',
        conflict: 'Already done',
        invalid: 'Request refused',
        server: 'Keycard had a problem',
      };
      return (
        <PanelMessage tone="warning" title={titles[error.kind] ?? 'Keycard had a problem'} action={retry}>
          {error.message}
        </PanelMessage>
      );
    }
  }
}
