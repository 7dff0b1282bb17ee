import { useId, useState } from 'preact/hooks';
import type { Program } from '@/lib/contract';
import type { Failure } from '@/lib/contract/messages';
import { t, failureText } from '@/lib/i18n';

interface EnrollControlProps {
  programs: Program[];
  busy: boolean;
  error: Failure | null;
  onEnroll: (programId: string) => void;
}

/** For a guest with no membership: one Enroll button, with a program chooser only when there is a choice. */
export function EnrollControl({ programs, busy, error, onEnroll }: EnrollControlProps) {
  const id = useId();
  const [chosen, setChosen] = useState(programs[0]?.id ?? '');
  const only = programs.length === 1 ? programs[0] : null;
  const programId = programs.some((program) => program.id === chosen) ? chosen : (programs[0]?.id ?? '');

  if (programs.length === 0) {
    return <p class="kc-message-text">{t('enroll.noProgram')}</p>;
  }
  return (
    <div class="kc-enroll">
      <p class="kc-message-title">{t('enroll.notMember')}</p>
      {only ? (
        <p class="kc-message-text">{t('enroll.inProgram', { program: only.name })}</p>
      ) : (
        <>
          <label class="kc-label" for={`${id}-program`}>
            {t('enroll.program')}
          </label>
          <select
            id={`${id}-program`}
            class="kc-input"
            value={programId}
            onChange={(event) => setChosen(event.currentTarget.value)}
          >
            {programs.map((program) => (
              <option key={program.id} value={program.id}>
                {program.name}
              </option>
            ))}
          </select>
        </>
      )}
      <button type="button" class="kc-button kc-button--primary" disabled={busy} onClick={() => onEnroll(programId)}>
        {busy ? t('enroll.enrolling') : t('enroll.enroll')}
      </button>
      {error ? (
        <p class="kc-field-error" role="alert">
          {failureText(error)}
        </p>
      ) : null}
    </div>
  );
}
