import { useId, useState } from 'preact/hooks';
import { MEMBERSHIP_STATES, type MembershipState } from '@/lib/contract/vocabulary';
import type { Program } from '@/lib/contract';
import type { MembershipManage as Manage } from '@/lib/models/membership-manage';
import type { MembershipView } from '@/lib/models/guest-view';
import { t, failureText } from '@/lib/i18n';

interface MembershipManageProps {
  manage: Manage;
  view: MembershipView;
  /** Programs this membership could move to. */
  programs: Program[];
}

/**
 * A membership's lifecycle controls, inside its card's Manage disclosure. On a desk device
 * every control is disabled and says why; a manager changes state, expiry, primary flag or
 * program, and deletes after confirming.
 */
export function MembershipManage({ manage, view, programs }: MembershipManageProps) {
  const id = useId();
  const { membership } = view;
  const [state, setState] = useState<MembershipState>(membership.state);
  const [target, setTarget] = useState('');
  const manager = manage.isManager.value;
  const busy = manage.busy.value;
  const locked = !manager || busy !== null;
  const reasonId = manager ? undefined : `${id}-reason`;
  const programId = programs.some((p) => p.id === target) ? target : (programs[0]?.id ?? '');
  const error = manage.error.value;
  const mid = membership.id;

  return (
    <div class="kc-manage" id={`kc-manage-${mid}`} data-section="manage">
      {manager ? null : (
        <p class="kc-managers-only" id={reasonId} data-field="managers-only">
          {t('manage.managersOnly')}
        </p>
      )}
      <label class="kc-label" for={`${id}-state`}>{t('manage.state')}</label>
      <div class="kc-row">
        <select id={`${id}-state`} class="kc-input" value={state} disabled={!manager} aria-describedby={reasonId}
          onChange={(event) => setState(event.currentTarget.value as MembershipState)}>
          {MEMBERSHIP_STATES.map((s) => <option key={s} value={s}>{t(`state.${s}`)}</option>)}
        </select>
        <button type="button" class="kc-button" aria-label={t('manage.setState')} aria-describedby={reasonId}
          disabled={locked || state === membership.state} onClick={() => void manage.setState(mid, state)}>
          {busy === 'state' ? t('common.saving') : t('manage.set')}
        </button>
      </div>

      <label class="kc-label" for={`${id}-expiry`}>{t('manage.expires')} <span class="kc-optional">{t('manage.hotelDate')}</span></label>
      <div class="kc-row">
        <input id={`${id}-expiry`} type="date" class="kc-input" value={manage.expiryDate.value} disabled={!manager}
          aria-describedby={reasonId} onInput={(event) => (manage.expiryDate.value = event.currentTarget.value)} />
        <button type="button" class="kc-button" aria-label={t('manage.setExpiry')} aria-describedby={reasonId}
          disabled={locked || !manage.expiryDate.value} onClick={() => void manage.setExpiry(mid)}>
          {busy === 'expiry' ? t('common.saving') : t('manage.set')}
        </button>
        <button type="button" class="kc-button" aria-label={t('manage.clearExpiry')} aria-describedby={reasonId}
          disabled={locked || membership.expiresAt === null} onClick={() => void manage.clearExpiry(mid)}>
          {t('manage.clear')}
        </button>
      </div>

      <label class="kc-label" for={`${id}-program`}>{t('manage.moveTo')}</label>
      <div class="kc-row">
        <select id={`${id}-program`} class="kc-input" value={programId} disabled={!manager || programs.length === 0}
          aria-describedby={reasonId} onChange={(event) => setTarget(event.currentTarget.value)}>
          {programs.length === 0 ? <option value="">{t('manage.noOther')}</option> : null}
          {programs.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
        </select>
        <button type="button" class="kc-button" aria-describedby={reasonId} disabled={locked || !programId}
          onClick={() => void manage.moveTo(mid, programId)}>
          {busy === 'program' ? t('manage.moving') : t('manage.move')}
        </button>
      </div>

      <div class="kc-row kc-row--split">
        <button type="button" class="kc-button" aria-describedby={reasonId} disabled={locked || membership.isPrimary}
          title={membership.isPrimary ? t('manage.alreadyPrimary') : undefined} onClick={() => void manage.makePrimary(mid)}>
          {busy === 'primary' ? t('common.saving') : t('manage.makePrimary')}
        </button>
        <button type="button" class="kc-button kc-button--danger" aria-label={t('manage.deleteMembership')} aria-describedby={reasonId}
          disabled={locked || manage.confirmingDelete.value} onClick={manage.askDelete}>
          {t('manage.deleteEllipsis')}
        </button>
      </div>

      {manage.confirmingDelete.value ? (
        <div class="kc-confirm" role="group" aria-label={t('manage.confirmDelete')}>
          <p class="kc-confirm-text">{t('manage.deleteQuestion')}</p>
          <div class="kc-actions">
            <button type="button" class="kc-button kc-button--danger-solid" disabled={busy !== null}
              onClick={() => void manage.confirmDelete(mid)}>
              {busy === 'delete' ? t('manage.deleting') : t('manage.delete')}
            </button>
            <button type="button" class="kc-button" onClick={manage.cancelDelete}>{t('manage.keep')}</button>
          </div>
        </div>
      ) : null}
      {error ? <p class="kc-field-error" role="alert">{failureText(error)}</p> : null}
    </div>
  );
}
