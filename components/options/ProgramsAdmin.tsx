import { useEffect } from 'preact/hooks';
import type { Program } from '@/lib/contract';
import { formatPoints } from '@/lib/format';
import type { EarningRulesAdmin } from '@/lib/models/earning-rules';
import { PROGRAM_TYPE_LABELS, RETIER_LABELS, type ProgramsAdmin as Admin } from '@/lib/models/programs-admin';
import { EarningRules } from './EarningRules';
import { ProgramForm } from './ProgramForm';
import type { ProgramConnectionAdmin } from '@/lib/models/program-connection';
import { ProgramConnection } from './ProgramConnection';

function DeleteConfirm({ admin }: { admin: Admin }) {
  const target = admin.confirming.value;
  if (!target) return null;
  const text =
    target.kind === 'program'
      ? `Delete the program ${target.program.name} in Mews? Mews refuses while guests are members.`
      : `Delete the tier ${target.tier.name} from ${target.program.name}? Mews refuses while memberships hold it.`;
  return (
    <div class="kc-confirm" role="group" aria-label="Confirm delete">
      <p class="kc-confirm-text">{text}</p>
      <div class="kc-buttons">
        <button type="button" class="is-danger" disabled={admin.deleting.value} onClick={() => void admin.confirmDelete()}>
          {admin.deleting.value ? 'Deleting…' : 'Delete'}
        </button>
        <button type="button" onClick={admin.cancelDelete}>Keep</button>
      </div>
      {admin.deleteError.value ? <p class="kc-error" role="alert">{admin.deleteError.value.message}</p> : null}
    </div>
  );
}

function ProgramBlock({ admin, earning, connection, program, locale }: { admin: Admin; earning?: EarningRulesAdmin; connection?: ProgramConnectionAdmin; program: Program; locale?: string }) {
  const editor = admin.editor.value;
  const confirming = admin.confirming.value;
  const editingThis = editor?.kind === 'program' && editor.program?.id === program.id;
  const tierFormHere = editor?.kind === 'tier' && editor.program.id === program.id;
  const tiers = [...program.tiers].sort((a, b) => a.ordering - b.ordering);
  const type = program.type === 'Unknown' ? 'Unknown type' : PROGRAM_TYPE_LABELS[program.type];
  return (
    <section class="kc-program-block" aria-label={program.name} data-program-id={program.id}>
      <div class="kc-program-head">
        <div>
          <h3>{program.name}</h3>
          <p class="kc-muted">
            {program.code} · {type} · {program.subscription} · {RETIER_LABELS[program.retierMode ?? 'up']}
          </p>
        </div>
        <div class="kc-inline-buttons">
          <button type="button" class="is-small" aria-label={`Edit ${program.name}`} onClick={() => admin.openProgram(program)}>Edit</button>
          <button type="button" class="is-small is-danger-text" aria-label={`Delete ${program.name}`}
            onClick={() => admin.askDelete({ kind: 'program', program })}>Delete</button>
        </div>
      </div>
      {connection ? <ProgramConnection connection={connection} program={program} /> : null}
      {confirming?.kind === 'program' && confirming.program.id === program.id ? <DeleteConfirm admin={admin} /> : null}
      {editingThis ? <ProgramForm admin={admin} /> : null}
      <table class="kc-tiers">
        <caption class="kc-visually-hidden">Tiers of {program.name}</caption>
        <thead>
          <tr>
            <th scope="col" class="is-order">#</th><th scope="col">Tier</th><th scope="col">Code</th>
            <th scope="col" class="is-number">From</th><th scope="col" class="is-actions"><span class="kc-visually-hidden">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {tiers.length === 0 ? (
            <tr><td colSpan={5} class="kc-muted">No tiers yet.</td></tr>
          ) : tiers.map((tier) => (
            <tr key={tier.id} data-tier-id={tier.id}>
              <td>{tier.ordering}</td>
              <td>{tier.name}</td>
              <td>{tier.code}</td>
              <td class="is-number">{tier.minPoints === null ? '—' : `${formatPoints(tier.minPoints, locale)} pts`}</td>
              <td>
                <div class="kc-inline-buttons">
                <button type="button" class="is-small" aria-label={`Edit ${tier.name}`} onClick={() => admin.openTier(program, tier)}>Edit</button>
                <button type="button" class="is-small is-danger-text" aria-label={`Delete ${tier.name}`}
                  onClick={() => admin.askDelete({ kind: 'tier', program, tier })}>Delete</button>
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {confirming?.kind === 'tier' && confirming.program.id === program.id ? <DeleteConfirm admin={admin} /> : null}
      {tierFormHere ? <ProgramForm admin={admin} /> : (
        <button type="button" class="is-small kc-add-tier" aria-label={`Add tier to ${program.name}`} onClick={() => admin.openTier(program, null)}>
          Add tier
        </button>
      )}
      {earning ? <EarningRules earning={earning} program={program} locale={locale} /> : null}
    </section>
  );
}

/** The options page's Programs section, for manager devices: programs, their tiers and thresholds, and (given `earning`) their earning rules. */
export function ProgramsAdmin({ admin, earning, connection, locale }: { admin: Admin; earning?: EarningRulesAdmin; connection?: ProgramConnectionAdmin; locale?: string }) {
  useEffect(() => void admin.load(), [admin]);
  const editor = admin.editor.value;
  const programs = admin.programs.value;
  return (
    <section class="kc-pair kc-admin" aria-labelledby="kc-programs-heading">
      <div class="kc-program-head">
        <h2 id="kc-programs-heading">Programs</h2>
        <button type="button" disabled={editor?.kind === 'program' && !editor.program} onClick={() => admin.openProgram(null)}>
          Add program
        </button>
      </div>
      <p class="kc-muted">Loyalty programs and tiers in Mews. Points thresholds are Keycard's: guests move up (and with "Promote and demote", down) as points change.</p>
      {editor?.kind === 'program' && !editor.program ? <ProgramForm admin={admin} /> : null}
      {admin.notice.value ? <p class="kc-done" role="status">{admin.notice.value}</p> : null}
      {admin.loadError.value ? <p class="kc-error" role="alert">{admin.loadError.value.message}</p> : null}
      {admin.loading.value && programs.length === 0 ? <p class="kc-muted">Loading programs…</p> : null}
      {!admin.loading.value && !admin.loadError.value && programs.length === 0 ? <p class="kc-muted">No programs yet.</p> : null}
      {programs.map((program) => <ProgramBlock key={program.id} admin={admin} earning={earning} connection={connection} program={program} locale={locale} />)}
    </section>
  );
}
