import type { Program } from '@/lib/contract';
import { CONNECTION_LABELS, type ProgramConnectionAdmin } from '@/lib/models/program-connection';
import { t, failureText } from '@/lib/i18n';

/** One program's link to Mews: how its memberships reach Mews, and the confirmed switch to partner. */
export function ProgramConnection({ connection, program }: { connection: ProgramConnectionAdmin; program: Program }) {
  const current = program.connection ?? 'connector';
  const asking = connection.confirming.value?.program.id === program.id ? connection.confirming.value : null;
  const notice = connection.notice.value?.programId === program.id ? connection.notice.value.text : null;
  const busy = connection.busy.value;
  return (
    <div class="kc-connection" role="group" aria-label={t('connection.group', { program: program.name })}>
      <p class="kc-muted">
        {t('connection.mews')} <span data-field="connection-mode">{CONNECTION_LABELS[current]}</span>
        {current === 'connector' && !asking ? (
          <button type="button" class="is-small kc-connection-switch" aria-label={t('connection.makePartnerOf', { program: program.name })}
            onClick={() => connection.ask(program, 'partner')}>
            {t('connection.makePartner')}
          </button>
        ) : null}
      </p>
      {asking ? (
        <div class="kc-confirm" role="group" aria-label={t('connection.confirmGroup')}>
          <p class="kc-confirm-text">
            {t('connection.confirmText', { program: program.name })}
          </p>
          <div class="kc-buttons">
            <button type="button" disabled={busy} onClick={() => void connection.confirm()}>{busy ? t('manage.moving') : t('connection.makePartner')}</button>
            <button type="button" onClick={connection.cancel}>{t('connection.keep')}</button>
          </div>
          {connection.error.value ? <p class="kc-error" role="alert">{failureText(connection.error.value)}</p> : null}
        </div>
      ) : null}
      {notice ? <p class="kc-done" role="status">{notice}</p> : null}
    </div>
  );
}
