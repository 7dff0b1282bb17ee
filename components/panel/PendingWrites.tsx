import type { Program } from '@/lib/contract';
import { formatDelta } from '@/lib/format';
import { waitsBusy, type PendingWrite } from '@/lib/contract/desk-cache';
import { t, tn, failureText } from '@/lib/i18n';

interface PendingWritesProps {
  /** This membership's (or, for enrollments, this guest's) writes still in the outbox. */
  writes: PendingWrite[];
  programs: Program[];
  locale?: string;
  onDismiss: (id: number) => void;
}

const whatOf = (write: PendingWrite, programs: Program[], locale?: string) =>
  write.kind === 'enroll'
    ? t('pending.enrollment', { program: programs.find((program) => program.id === write.programId)?.name ?? t('pending.theProgram') })
    : tn('pending.points', Math.abs(write.delta ?? 0), { delta: formatDelta(write.delta ?? 0, locale) });

/**
 * Writes the desk made while the proxy was away: one calm line for what is still on its way,
 * and, for each write the proxy refused on replay, its reason and a Dismiss button (nothing
 * the desk did disappears without the desk seeing it).
 */
export function PendingWrites({ writes, programs, locale, onDismiss }: PendingWritesProps) {
  const waiting = writes.filter((write) => write.status === 'pending');
  const refused = writes.filter((write) => write.status === 'refused');
  const delta = waiting.reduce((sum, write) => sum + (write.kind === 'adjust' ? (write.delta ?? 0) : 0), 0);
  const enrollments = waiting.filter((write) => write.kind === 'enroll');
  const parts = [
    ...enrollments.map((write) => whatOf(write, programs, locale)),
    ...(waiting.length > enrollments.length ? [`${formatDelta(delta, locale)}`] : []),
  ];
  return (
    <>
      {waiting.length ? (
        <p class="kc-pending" data-field="pending">
          {/* Away, or there but busy (a 429 or 5xx): the desk is not told the server is away when it is not. */}
          {t(waiting.every(waitsBusy) ? 'pending.busy' : 'pending.waiting', { what: parts.join(', ') })}
        </p>
      ) : null}
      {refused.map((write) => (
        <div key={write.id} class="kc-refused" role="alert" data-field="refused">
          <p class="kc-refused-text">
            <strong>{t('pending.notApplied', { what: whatOf(write, programs, locale) })}</strong> {write.failure ? failureText(write.failure) : t('pending.refused')}
          </p>
          <button type="button" class="kc-button kc-button--link" onClick={() => onDismiss(write.id)}>
            {t('pending.dismiss')}
          </button>
        </div>
      ))}
    </>
  );
}
