import { formatDate, formatDelta, formatPoints, formatTime, pointsWithUnit } from '@/lib/format';
import { REASON_LABELS } from '@/lib/models/adjust-form';
import { LEDGER_KIND_LABELS, type LedgerHistory as History } from '@/lib/models/ledger-history';
import type { LedgerEntry } from '@/lib/contract/manager';
import { t, failureText } from '@/lib/i18n';

interface LedgerHistoryProps {
  history: History;
  membershipId: string;
  timeZone: string;
  locale?: string;
}

function Entry({ entry, timeZone, locale }: { entry: LedgerEntry; timeZone: string; locale?: string }) {
  // Keycard's own re-tier rows move no points; they say which tier the points reached.
  const retier = entry.kind === 'retier';
  const reason = (entry.kind ? LEDGER_KIND_LABELS[entry.kind] : undefined) ?? REASON_LABELS[entry.reason] ?? entry.reason;
  const points = (n: number | null) => (n === null ? '—' : formatPoints(n, locale));
  const when = `${formatDate(entry.createdAt, timeZone, locale)}, ${formatTime(entry.createdAt, timeZone, locale)}`;
  return (
    <li class="kc-ledger-row" data-adjustment-id={entry.id}>
      <div class="kc-ledger-line">
        <span class={retier ? 'kc-ledger-delta is-neutral' : entry.delta < 0 ? 'kc-ledger-delta is-minus' : 'kc-ledger-delta'}>
          {retier ? '—' : formatDelta(entry.delta, locale)}
        </span>
        <span class="kc-ledger-reason">{reason}{entry.status !== 'applied' ? ` ${t('history.status', { status: t(`adjustStatus.${entry.status}`) })}` : ''}</span>
        {retier ? null : (
          <span class="kc-ledger-balance" aria-label={t('history.balance', { before: points(entry.pointsBefore), after: entry.pointsAfter === null ? '—' : pointsWithUnit(entry.pointsAfter, locale) })}>
            {points(entry.pointsBefore)} → {points(entry.pointsAfter)}
          </span>
        )}
      </div>
      <div class="kc-ledger-meta">
        <span data-field="who">{entry.deviceName}</span> · <time dateTime={entry.createdAt}>{when}</time>
      </div>
      {entry.note ? <p class="kc-ledger-note">{entry.note}</p> : null}
    </li>
  );
}

/** A membership's ledger, newest first, a page at a time. Desks may read it too. */
export function LedgerHistory({ history, membershipId, timeZone, locale }: LedgerHistoryProps) {
  const entries = history.entries.value;
  const loading = history.loading.value;
  const error = history.error.value;
  return (
    <div class="kc-history" id={`kc-history-${membershipId}`} data-section="history">
      {entries.length ? (
        <ol class="kc-ledger" aria-label={t('history.list')}>
          {entries.map((entry) => <Entry key={entry.id} entry={entry} timeZone={timeZone} locale={locale} />)}
        </ol>
      ) : null}
      {!loading && !error && entries.length === 0 ? <p class="kc-muted-line">{t('history.empty')}</p> : null}
      {loading ? <p class="kc-muted-line" role="status">{t('common.loading')}</p> : null}
      {error ? <p class="kc-field-error" role="alert">{failureText(error)}</p> : null}
      {history.nextBefore.value && !loading ? (
        <button type="button" class="kc-button kc-button--link" onClick={() => void history.more()}>
          {t('history.more')}
        </button>
      ) : null}
    </div>
  );
}
