import type { BackfillReport, Program } from '@/lib/contract';
import { formatPoints } from '@/lib/format';
import { creditOf, SKIP_REASON_LABELS, type Backfill } from '@/lib/models/backfill';

const count = (n: number, one: string, many: string, locale?: string) => `${formatPoints(n, locale)} ${n === 1 ? one : many}`;

/** What a run found or did: stays, points per program, members, and the stays that earn nothing. */
function Report({ report, programs, locale }: { report: BackfillReport; programs: Program[]; locale?: string }) {
  const nameOf = (id: string) => programs.find((p) => p.id === id)?.name ?? id;
  const skipped = Object.entries(report.skipped).filter(([, n]) => n > 0);
  const label = report.dryRun ? 'Preview' : 'Credited';
  return (
    <div class="kc-report" role="group" aria-label={label} data-field={report.dryRun ? 'backfill-preview' : 'backfill-result'}>
      <p>
        <strong>{count(report.stays, 'stay', 'stays', locale)}</strong> checked out from {report.from} to {report.to}
        {' · '}<strong>{count(report.members, 'member', 'members', locale)}</strong> {report.dryRun ? 'would get points' : 'got points'}
      </p>
      {report.programs.length ? (
        <table class="kc-tiers">
          <caption class="kc-visually-hidden">Points per program</caption>
          <thead>
            <tr>
              <th scope="col">Program</th>
              <th scope="col" class="is-number">Stays earn</th>
              <th scope="col" class="is-number">{report.dryRun ? 'To credit' : 'Credited'}</th>
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
          Skipped: {skipped.map(([reason, n]) => `${SKIP_REASON_LABELS[reason] ?? reason} (${formatPoints(n, locale)})`).join(', ')}.
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
      <h2 id="kc-backfill-heading">Credit past stays</h2>
      <p class="kc-muted">
        Points for stays checked out between two dates (UTC days, both included), by the earning rules in force at each check-out.
        Preview first; crediting twice never credits a stay twice.
      </p>
      <div class="kc-grid">
        <div class="kc-field">
          <label for="kc-backfill-from">From</label>
          <input id="kc-backfill-from" type="date" value={backfill.from.value} max={backfill.to.value || undefined}
            onInput={(event) => backfill.setDate('from', event.currentTarget.value)} />
        </div>
        <div class="kc-field">
          <label for="kc-backfill-to">To</label>
          <input id="kc-backfill-to" type="date" value={backfill.to.value} min={backfill.from.value || undefined}
            onInput={(event) => backfill.setDate('to', event.currentTarget.value)} />
        </div>
      </div>
      <div class="kc-buttons">
        <button type="submit" class={preview ? undefined : 'is-primary'} disabled={busy !== null}>
          {busy === 'preview' ? 'Reading stays…' : 'Preview'}
        </button>
        {preview && toCredit !== 0 ? (
          <button type="button" class="is-primary" disabled={busy !== null} onClick={() => void backfill.credit()}>
            {busy === 'credit' ? 'Crediting…' : `Credit ${formatPoints(toCredit, locale)} points`}
          </button>
        ) : null}
      </div>
      {backfill.error.value ? <p class="kc-error" role="alert">{backfill.error.value.message}</p> : null}
      {preview ? <Report report={preview} programs={programs} locale={locale} /> : null}
      {preview && toCredit === 0 ? <p class="kc-muted" data-field="backfill-nothing">Nothing to credit: these stays are credited already, or earn nothing.</p> : null}
      {result ? (
        <>
          <p class="kc-done" role="status">
            {credited === 0 ? 'Nothing new was credited: these stays were credited already.' : `Credited ${formatPoints(credited, locale)} points to ${count(result.members, 'member', 'members', locale)}.`}
          </p>
          <Report report={result} programs={programs} locale={locale} />
        </>
      ) : null}
    </form>
  );
}
