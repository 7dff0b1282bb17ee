import type { Program } from '@/lib/contract';
import { CONNECTION_LABELS, type ProgramConnectionAdmin } from '@/lib/models/program-connection';

/** One program's link to Mews: how its memberships reach Mews, and the confirmed switch to partner. */
export function ProgramConnection({ connection, program }: { connection: ProgramConnectionAdmin; program: Program }) {
  const current = program.connection ?? 'connector';
  const asking = connection.confirming.value?.program.id === program.id ? connection.confirming.value : null;
  const notice = connection.notice.value?.programId === program.id ? connection.notice.value.text : null;
  const busy = connection.busy.value;
  return (
    <div class="kc-connection" role="group" aria-label={`Mews connection of ${program.name}`}>
      <p class="kc-muted">
        Mews: <span data-field="connection-mode">{CONNECTION_LABELS[current]}</span>
        {current === 'connector' && !asking ? (
          <button type="button" class="is-small kc-connection-switch" aria-label={`Make partner program: ${program.name}`}
            onClick={() => connection.ask(program, 'partner')}>
            Make partner program
          </button>
        ) : null}
      </p>
      {asking ? (
        <div class="kc-confirm" role="group" aria-label="Confirm partner program">
          <p class="kc-confirm-text">
            Move every {program.name} membership out of Mews into Keycard? Mews's Loyalty section then shows them through
            Keycard once staff link them; points, ledger and history stay as they are. This cannot be undone while the
            program has members.
          </p>
          <div class="kc-buttons">
            <button type="button" disabled={busy} onClick={() => void connection.confirm()}>{busy ? 'Moving…' : 'Make partner program'}</button>
            <button type="button" onClick={connection.cancel}>Keep as is</button>
          </div>
          {connection.error.value ? <p class="kc-error" role="alert">{connection.error.value.message}</p> : null}
        </div>
      ) : null}
      {notice ? <p class="kc-done" role="status">{notice}</p> : null}
    </div>
  );
}
