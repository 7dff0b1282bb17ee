import type { OptionsModel } from '@/lib/models/options-model';
import type { SyncProgress } from '@/lib/models/sync-progress';
import type { LedgerExport } from '@/lib/models/ledger-export';
import type { ProgramsAdmin as Admin } from '@/lib/models/programs-admin';
import type { EarningRulesAdmin } from '@/lib/models/earning-rules';
import type { Backfill } from '@/lib/models/backfill';
import { BackfillForm } from './BackfillForm';
import { LedgerExportForm } from './LedgerExportForm';
import { ProgramsAdmin } from './ProgramsAdmin';
import type { ProgramConnectionAdmin } from '@/lib/models/program-connection';
import { SyncProgressView } from './SyncProgressView';
import { LanguageChoice } from './LanguageChoice';
import { t, failureText } from '@/lib/i18n';

/** The manager tools, passed in by the page: shown on manager devices only. */
export interface ManagerTools {
  admin: Admin;
  exporter: LedgerExport;
  earning: EarningRulesAdmin;
  backfill: Backfill;
  /** Connector API or partner program, per program (absent: not offered). */
  connection?: ProgramConnectionAdmin;
}

/** Pairs this browser as a Keycard desk, shows how it is connected, signs it out. */
export function OptionsPage({ model, sync, manager }: { model: OptionsModel; sync?: SyncProgress; manager?: ManagerTools }) {
  const status = model.status.value;
  const busy = model.busy.value;
  const locked = model.locked.value;
  const lastError = status?.lastError;
  // Paired: the form shows how, and the pairing code waits behind "Pair again" (it used to stay
  // open as if nothing had happened).
  const pairing = !status?.paired || model.pairingAgain.value;

  return (
    <main class="kc-options">
      <h1>Keycard</h1>
      <LanguageChoice />
      <section class="kc-status" aria-labelledby="kc-status-heading">
        <h2 id="kc-status-heading">{t('options.connection')}</h2>
        <p data-field="connection" class={status?.paired ? 'is-paired' : undefined}>
          {model.statusText.value}
        </p>
        {status?.device ? (
          <p>
            {t('options.role')} <span data-field="role">{status.device.role === 'manager' ? t('options.manager') : t('options.desk')}</span>
          </p>
        ) : null}
        {status?.paired && lastError ? <p class="kc-muted">{t('options.lastProblem', { message: failureText(lastError) })}</p> : null}
      </section>
      {sync ? <SyncProgressView sync={sync} /> : null}
      {manager && status?.paired && status.device?.role === 'manager' ? (
        <>
          <ProgramsAdmin admin={manager.admin} earning={manager.earning} connection={manager.connection} />
          <BackfillForm backfill={manager.backfill} programs={manager.admin.programs.value} />
          <LedgerExportForm exporter={manager.exporter} />
        </>
      ) : null}
      {manager && status?.paired && status.device?.role === 'desk' ? (
        <p class="kc-muted kc-managers-note" data-field="managers-only">
          {t('options.managersOnlyNote')}
        </p>
      ) : null}

      <form
        class="kc-pair"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void model.pair();
        }}
      >
        <h2>{pairing ? t('options.pairThisDesk') : t('options.thisDesk')}</h2>
        <label for="kc-proxy-url">{t('options.proxyUrl')}</label>
        <input
          id="kc-proxy-url"
          type="url"
          value={model.proxyUrl.value}
          readOnly={locked || !pairing}
          aria-describedby={locked ? 'kc-proxy-url-policy' : undefined}
          onInput={(event) => (model.proxyUrl.value = event.currentTarget.value)}
        />
        {locked ? (
          <p id="kc-proxy-url-policy" class="kc-muted">
            {t('options.proxyUrlPolicy')}
          </p>
        ) : null}
        <label for="kc-device-name">{t('options.deviceName')}</label>
        <input
          id="kc-device-name"
          type="text"
          readOnly
          aria-describedby="kc-device-name-note"
          placeholder={t('options.deviceNamePlaceholder')}
          value={model.deviceName.value}
        />
        <p id="kc-device-name-note" class="kc-muted">
          {t('options.deviceNameNote')}
        </p>
        {pairing ? (
          <>
            <label for="kc-pairing-code">{t('options.pairingCode')}</label>
            <input
              id="kc-pairing-code"
              type="text"
              autoComplete="off"
              spellcheck={false}
              placeholder={t('options.pairingCodeShape')}
              value={model.code.value}
              onInput={(event) => (model.code.value = event.currentTarget.value)}
            />
          </>
        ) : null}
        <div class="kc-buttons">
          {pairing ? (
            <button type="submit" class="is-primary" disabled={busy}>
              {t('options.pair')}
            </button>
          ) : (
            <button type="button" disabled={busy} onClick={() => model.pairAgain()}>
              {t('options.pairAgain')}
            </button>
          )}
          {pairing && status?.paired ? (
            <button type="button" disabled={busy} onClick={() => model.pairAgain(false)}>
              {t('common.cancel')}
            </button>
          ) : null}
          <button type="button" disabled={busy || !status?.paired} onClick={() => void model.signOut()}>
            {t('options.signOut')}
          </button>
        </div>
        {model.error.value ? (
          <p class="kc-error" role="alert">
            {failureText(model.error.value)}
          </p>
        ) : null}
        {model.discardOffer.value ? (
          <div class="kc-buttons">
            <button
              type="button"
              class="is-danger"
              disabled={busy}
              onClick={() => void (model.discardOffer.value === 'pair' ? model.pair(true) : model.signOut(true))}
            >
              {model.discardOffer.value === 'pair' ? t('options.pairDiscard') : t('options.signOutDiscard')}
            </button>
          </div>
        ) : null}
        {model.done.value ? (
          <p class="kc-done" role="status">
            {model.done.value.text}
          </p>
        ) : null}
      </form>

      <form
        class="kc-pair"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void model.saveOperationsUrl();
        }}
      >
        <h2>{t('options.guestLinks')}</h2>
        <label for="kc-operations-url">{t('options.operationsUrl')}</label>
        <input
          id="kc-operations-url"
          type="url"
          aria-describedby="kc-operations-url-hint"
          value={model.mewsOperationsUrl.value}
          onInput={(event) => (model.mewsOperationsUrl.value = event.currentTarget.value)}
        />
        <p id="kc-operations-url-hint" class="kc-muted">
          {t('options.operationsUrlHint')}
        </p>
        <div class="kc-buttons">
          <button type="submit">{t('common.save')}</button>
        </div>
        {model.operationsNote.value ? (
          <p class={model.operationsNote.value.tone === 'info' ? 'kc-done' : 'kc-error'} role="status">
            {model.operationsNote.value.text}
          </p>
        ) : null}
      </form>
    </main>
  );
}
