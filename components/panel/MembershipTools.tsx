import { movablePrograms } from '@/lib/models/membership-manage';
import type { MembershipView } from '@/lib/models/guest-view';
import type { PanelModel } from '@/lib/models/panel-model';
import { LedgerHistory } from './LedgerHistory';
import { MembershipManage } from './MembershipManage';
import { t } from '@/lib/i18n';

/** The card's History and Manage disclosures, one open at a time per panel. */
export function MembershipTools({ model, view }: { model: PanelModel; view: MembershipView }) {
  const id = view.membership.id;
  const historyOpen = model.history.openId.value === id;
  const manageOpen = model.manage.openId.value === id;
  return (
    <>
      <div class="kc-tools">
        <button type="button" class="kc-button kc-button--link" aria-expanded={historyOpen}
          aria-controls={historyOpen ? `kc-history-${id}` : undefined} onClick={() => void model.history.toggle(id)}>
          {t('panel.history')}
        </button>
        <button type="button" class="kc-button kc-button--link" aria-expanded={manageOpen}
          aria-controls={manageOpen ? `kc-manage-${id}` : undefined} onClick={() => model.manage.toggle(id)}>
          {t('panel.manage')}
        </button>
      </div>
      {historyOpen ? <LedgerHistory history={model.history} membershipId={id} timeZone={model.timeZone.value} locale={model.locale.value} /> : null}
      {manageOpen ? (
        <MembershipManage key={`${id}:${view.membership.state}`} manage={model.manage} view={view}
          programs={movablePrograms(view.membership, model.loyalty.value, model.context.value)} />
      ) : null}
    </>
  );
}
