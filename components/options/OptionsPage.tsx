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
      <section class="kc-status" aria-labelledby="kc-status-heading">
        <h2 id="kc-status-heading">Connection</h2>
        <p data-field="connection" class={status?.paired ? 'is-paired' : undefined}>
          {model.statusText.value}
        </p>
        {status?.device ? (
          <p>
            Role: <span data-field="role">{status.device.role === 'manager' ? 'Manager' : 'Desk'}</span>
          </p>
        ) : null}
        {status?.paired && lastError ? <p class="kc-muted">Last problem: {lastError.message}</p> : null}
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
          Programs, tiers, earning rules, crediting past stays and the ledger export: managers only. Pair a manager device to change them.
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
        <h2>{pairing ? 'Pair this desk' : 'This desk'}</h2>
        <label for="kc-proxy-url">Proxy URL</label>
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
            Set by your administrator's browser policy; it cannot be changed here.
          </p>
        ) : null}
        <label for="kc-device-name">Device name</label>
        <input
          id="kc-device-name"
          type="text"
          readOnly
          aria-describedby="kc-device-name-note"
          placeholder="Comes with the pairing code"
          value={model.deviceName.value}
        />
        <p id="kc-device-name-note" class="kc-muted">
          The name the manager gave this desk's pairing code; the ledger and the audit log show it.
        </p>
        {pairing ? (
          <>
            <label for="kc-pairing-code">Pairing code</label>
            <input
              id="kc-pairing-code"
              type="text"
              autoComplete="off"
              spellcheck={false}
              placeholder="XXXX-XXXX"
              value={model.code.value}
              onInput={(event) => (model.code.value = event.currentTarget.value)}
            />
          </>
        ) : null}
        <div class="kc-buttons">
          {pairing ? (
            <button type="submit" class="is-primary" disabled={busy}>
              Pair
            </button>
          ) : (
            <button type="button" disabled={busy} onClick={() => model.pairAgain()}>
              Pair again
            </button>
          )}
          {pairing && status?.paired ? (
            <button type="button" disabled={busy} onClick={() => model.pairAgain(false)}>
              Cancel
            </button>
          ) : null}
          <button type="button" disabled={busy || !status?.paired} onClick={() => void model.signOut()}>
            Sign out
          </button>
        </div>
        {model.error.value ? (
          <p class="kc-error" role="alert">
            {model.error.value.message}
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
              {model.discardOffer.value === 'pair' ? 'Pair and discard queued changes' : 'Sign out and discard queued changes'}
            </button>
          </div>
        ) : null}
        {model.done.value ? (
          <p class="kc-done" role="status">
            {model.done.value}
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
        <h2>Guest links</h2>
        <label for="kc-operations-url">Mews Operations URL</label>
        <input
          id="kc-operations-url"
          type="url"
          aria-describedby="kc-operations-url-hint"
          value={model.mewsOperationsUrl.value}
          onInput={(event) => (model.mewsOperationsUrl.value = event.currentTarget.value)}
        />
        <p id="kc-operations-url-hint" class="kc-muted">
          Leave empty: search results open guest profiles in the Mews Operations your Keycard server names. Fill in only to
          override it for this desk, e.g. https://app.mews-demo.com.
        </p>
        <div class="kc-buttons">
          <button type="submit">Save</button>
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
