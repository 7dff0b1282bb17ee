import { formatPoints, formatTime } from '@/lib/format';
import type { SyncProgress } from '@/lib/models/sync-progress';

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
      <h2 id="kc-sync-heading">Offline members</h2>
      {full || status.phase === 'never' ? (
        <progress class="kc-progress" aria-label="Member download" max={total} value={total ? status.received : undefined} />
      ) : null}
      <p data-field="sync-progress">{summary}</p>
      {!full && checked ? <p class="kc-muted">Last checked with the proxy at {checked}.</p> : null}
      {pending ? (
        <p class="kc-muted" data-field="outbox">
          {formatPoints(pending)} change{pending === 1 ? '' : 's'} saved offline, waiting for the proxy.
        </p>
      ) : null}
      {refused ? (
        <p class="kc-error" data-field="refused">
          {formatPoints(refused)} offline change{refused === 1 ? ' was' : 's were'} refused by the proxy: see the guest's panel.
        </p>
      ) : null}
      {status.lastError ? <p class="kc-muted">Last sync problem: {status.lastError.message}</p> : null}
    </section>
  );
}
