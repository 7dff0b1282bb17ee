import { useId, useState } from 'preact/hooks';
import type { Program } from '@/lib/contract';
import type { Failure } from '@/lib/contract/messages';

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
    return <p class="kc-message-text">No loyalty program is set up for this hotel yet.</p>;
  }
  return (
    <div class="kc-enroll">
      <p class="kc-message-title">Not a member yet</p>
      {only ? (
        <p class="kc-message-text">Enroll this guest in {only.name}.</p>
      ) : (
        <>
          <label class="kc-label" for={`${id}-program`}>
            Program
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
        {busy ? 'Enrolling…' : 'Enroll'}
      </button>
      {error ? (
        <p class="kc-field-error" role="alert">
          {error.message}
        </p>
      ) : null}
    </div>
  );
}
