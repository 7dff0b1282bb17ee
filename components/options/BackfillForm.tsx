import type { BackfillReport, Program } from '@/lib/contract';
import { formatPoints, pointsWithUnit } from '@/lib/format';
import { creditOf, SKIP_REASON_LABELS, type Backfill } from '@/lib/models/backfill';
import { t, tn, failureText } from '@/lib/i18n';


/** What a run found or did: stays, points per program, members, and the stays that earn nothing. */
function Report({ report, programs, locale }: { report: BackfillReport; programs: Program[]; locale?: string }) {
  const nameOf = (id: string) => programs.find((p) => p.id === id)?.name ?? id;
  const skipped = Object.entries(report.skipped).filter(([, n]) => n > 0);
  const label = report.dryRun ? t('backfill.preview') : t('backfill.credited');
  return (
    <div class="kc-report" role="group" aria-label={label} data-field={report.dryRun ? 'backfill-preview' : 'backfill-result'}>
      <p>
        <strong>{tn('backfill.stays', report.stays)}</strong> {t('backfill.checkedOut', { from: report.from, to: report.to })}
        {' · '}<strong>{tn('unit.members', report.members)}</strong> {report.dryRun ? t('backfill.wouldGet') : t('backfill.got')}
      </p>
      {report.programs.length ? (
        <table class="kc-tiers">
          <caption class="kc-visually-hidden">{t('backfill.perProgram')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('backfill.program')}</th>
              <th scope="col" class="is-number">{t('backfill.staysEarn')}</th>
              <th scope="col" class="is-number">{report.dryRun ? t('backfill.toCredit') : t('backfill.credited')}</th>
            </tr>
          </thead>
          <tbody>
            {report.programs.map((p) => (
              <tr key={p.programId} data-program-id={p.programId}>
                <td>{nameOf(p.programId)}</td>
                <td class="is-number">{formatPoints(p.points, locale)}</td>
                <td class="is-number">{formatPoints(p.credit, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {skipped.length ? (
        <p class="kc-muted" data-field="backfill-skipped">
          {t('backfill.skipped', { reasons: skipped.map(([reason, n]) => `${SKIP_REASON_LABELS[reason] ?? reason} (${formatPoints(n, locale)})`).join(', ') })}
        </p>
      ) : null}
    </div>
  );
}

/** Credit past stays: preview what a date range of check-outs earns, then credit exactly that. */
export function BackfillForm({ backfill, programs, locale }: { backfill: Backfill; programs: Program[]; locale?: string }) {
  const busy = backfill.busy.value;
  const preview = backfill.preview.value;
  const result = backfill.result.value;
  const toCredit = backfill.toCredit.value;
  const credited = creditOf(result);
  return (
    <form
      class="kc-pair kc-backfill"
      noValidate
      aria-labelledby="kc-backfill-heading"
      onSubmit={(event) => {
        event.preventDefault();
        void backfill.runPreview();
      }}
    >
      <h2 id="kc-backfill-heading">{t('backfill.heading')}</h2>
      <p class="kc-muted">{t('backfill.explain')}</p>
      <div class="kc-grid">
        <div class="kc-field">
          <label for="kc-backfill-from">{t('export.from')}</label>
          <input id="kc-backfill-from" type="date" value={backfill.from.value} max={backfill.to.value || undefined}
            onInput={(event) => backfill.setDate('from', event.currentTarget.value)} />
        </div>
        <div class="kc-field">
          <label for="kc-backfill-to">{t('export.to')}</label>
          <input id="kc-backfill-to" type="date" value={backfill.to.value} min={backfill.from.value || undefined}
            onInput={(event) => backfill.setDate('to', event.currentTarget.value)} />
        </div>
      </div>
      <div class="kc-buttons">
        <button type="submit" class={preview ? undefined : 'is-primary'} disabled={busy !== null}>
          {busy === 'preview' ? t('backfill.reading') : t('backfill.preview')}
        </button>
        {preview && toCredit !== 0 ? (
          <button type="button" class="is-primary" disabled={busy !== null} onClick={() => void backfill.credit()}>
            {busy === 'credit' ? t('backfill.crediting') : t('backfill.credit', { points: pointsWithUnit(toCredit, locale) })}
          </button>
        ) : null}
      </div>
      {backfill.error.value ? <p class="kc-error" role="alert">{failureText(backfill.error.value)}</p> : null}
      {preview ? <Report report={preview} programs={programs} locale={locale} /> : null}
      {preview && toCredit === 0 ? <p class="kc-muted" data-field="backfill-nothing">{t('backfill.nothing')}</p> : null}
      {result ? (
        <>
          <p class="kc-done" role="status">
            {credited === 0 ? t('backfill.nothingNew') : t('backfill.creditedTo', { points: pointsWithUnit(credited, locale), members: tn('unit.members', result.members) })}
          </p>
          <Report report={result} programs={programs} locale={locale} />
        </>
      ) : null}
    </form>
  );
}
