import type { LedgerExport } from '@/lib/models/ledger-export';
import { t, failureText } from '@/lib/i18n';

/** From / To dates and Export CSV: the points ledger for the hotel's accounts. */
export function LedgerExportForm({ exporter }: { exporter: LedgerExport }) {
  return (
    <form
      class="kc-pair"
      noValidate
      aria-labelledby="kc-export-heading"
      onSubmit={(event) => {
        event.preventDefault();
        void exporter.exportCsv();
      }}
    >
      <h2 id="kc-export-heading">{t('export.heading')}</h2>
      <p class="kc-muted">{t('export.explain')}</p>
      <div class="kc-grid">
        <div class="kc-field">
          <label for="kc-export-from">{t('export.from')}</label>
          <input id="kc-export-from" type="date" value={exporter.from.value} max={exporter.to.value || undefined}
            onInput={(event) => (exporter.from.value = event.currentTarget.value)} />
        </div>
        <div class="kc-field">
          <label for="kc-export-to">{t('export.to')}</label>
          <input id="kc-export-to" type="date" value={exporter.to.value} min={exporter.from.value || undefined}
            onInput={(event) => (exporter.to.value = event.currentTarget.value)} />
        </div>
      </div>
      <div class="kc-buttons">
        <button type="submit" class="is-primary" disabled={exporter.busy.value}>
          {exporter.busy.value ? t('export.exporting') : t('export.csv')}
        </button>
      </div>
      {exporter.error.value ? <p class="kc-error" role="alert">{failureText(exporter.error.value)}</p> : null}
      {exporter.done.value ? <p class="kc-done" role="status">{exporter.done.value.text}</p> : null}
    </form>
  );
}
