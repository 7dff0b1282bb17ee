import { formatTime } from '@/lib/format';
import type { SyncProgress } from '@/lib/models/sync-progress';
import { t, tn, failureText } from '@/lib/i18n';

/** In the hotel's time zone, as the panel and the popup tell times; the browser's until it is known. */
const timeOf = (iso: string | null, timeZone: string | null) =>
  iso ? formatTime(iso, timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone) : null;

/** The offline member cache: download progress, then its size and freshness, and the outbox. */
export function SyncProgressView({ sync }: { sync: SyncProgress }) {
  const status = sync.status.value;
  const summary = sync.summary.value;
  if (!status?.paired || !summary) return null;
  const full = status.phase === 'full';
  const total = status.estimatedTotal ? Math.max(status.estimatedTotal, status.received) : undefined;
  const checked = timeOf(status.lastDeltaAt ?? status.lastFullSyncAt, status.timeZone);
  const { pending, refused } = status.outbox;
  return (
    <section class="kc-status kc-sync" aria-labelledby="kc-sync-heading">
      <h2 id="kc-sync-heading">{t('sync.heading')}</h2>
      {full || status.phase === 'never' ? (
        <progress class="kc-progress" aria-label={t('sync.download')} max={total} value={total ? status.received : undefined} />
      ) : null}
      <p data-field="sync-progress">{summary}</p>
      {!full && checked ? <p class="kc-muted">{t('sync.lastChecked', { time: checked })}</p> : null}
      {pending ? (
        <p class="kc-muted" data-field="outbox">
          {tn('sync.pending', pending)}
        </p>
      ) : null}
      {refused ? (
        <p class="kc-error" data-field="refused">
          {tn('sync.refused', refused)}
        </p>
      ) : null}
      {status.lastError ? <p class="kc-muted">{t('sync.lastProblem', { message: failureText(status.lastError) })}</p> : null}
    </section>
  );
}
