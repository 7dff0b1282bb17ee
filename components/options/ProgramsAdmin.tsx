import { useEffect } from 'preact/hooks';
import type { Program } from '@/lib/contract';
import { formatPoints } from '@/lib/format';
import type { EarningRulesAdmin } from '@/lib/models/earning-rules';
import { PROGRAM_TYPE_LABELS, RETIER_LABELS, SUBSCRIPTION_LABELS, TIER_ORDER_LABELS, type ProgramsAdmin as Admin } from '@/lib/models/programs-admin';
import { EarningRules } from './EarningRules';
import { ProgramForm } from './ProgramForm';
import type { ProgramConnectionAdmin } from '@/lib/models/program-connection';
import { ProgramConnection } from './ProgramConnection';
import { t, failureText } from '@/lib/i18n';

function DeleteConfirm({ admin }: { admin: Admin }) {
  const target = admin.confirming.value;
  if (!target) return null;
  const text =
    target.kind === 'program'
      ? t('admin.deleteProgram', { program: target.program.name })
      : t('admin.deleteTier', { tier: target.tier.name, program: target.program.name });
  return (
    <div class="kc-confirm" role="group" aria-label={t('manage.confirmDelete')}>
      <p class="kc-confirm-text">{text}</p>
      <div class="kc-buttons">
        <button type="button" class="is-danger" disabled={admin.deleting.value} onClick={() => void admin.confirmDelete()}>
          {admin.deleting.value ? t('manage.deleting') : t('manage.delete')}
        </button>
        <button type="button" onClick={admin.cancelDelete}>{t('manage.keep')}</button>
      </div>
      {admin.deleteError.value ? <p class="kc-error" role="alert">{failureText(admin.deleteError.value)}</p> : null}
    </div>
  );
}

function ProgramBlock({ admin, earning, connection, program, locale }: { admin: Admin; earning?: EarningRulesAdmin; connection?: ProgramConnectionAdmin; program: Program; locale?: string }) {
  const editor = admin.editor.value;
  const confirming = admin.confirming.value;
  const editingThis = editor?.kind === 'program' && editor.program?.id === program.id;
  const tierFormHere = editor?.kind === 'tier' && editor.program.id === program.id;
  const tiers = program.tiers; // lowest first, as the proxy ranks them (Ordering may run either way)
  const type = program.type === 'Unknown' ? t('admin.unknownType') : PROGRAM_TYPE_LABELS[program.type];
  // Without a confirmed order, tiers lacking a threshold cannot be ranked: say so, quietly.
  const order = program.tierOrder ? TIER_ORDER_LABELS[program.tierOrder]
    : program.tiers.some((t) => t.minPoints === null) ? t('admin.orderNotConfirmed') : null;
  return (
    <section class="kc-program-block" aria-label={program.name} data-program-id={program.id}>
      <div class="kc-program-head">
        <div>
          <h3>{program.name}</h3>
          <p class="kc-muted">
            {program.code} · {type} · {SUBSCRIPTION_LABELS[program.subscription] ?? program.subscription} · {RETIER_LABELS[program.retierMode ?? 'up']}
            {order ? <span data-field="tier-order"> · {order}</span> : null}
          </p>
        </div>
        <div class="kc-inline-buttons">
          <button type="button" class="is-small" aria-label={t('admin.editNamed', { name: program.name })} onClick={() => admin.openProgram(program)}>{t('admin.edit')}</button>
          <button type="button" class="is-small is-danger-text" aria-label={t('admin.deleteNamed', { name: program.name })}
            onClick={() => admin.askDelete({ kind: 'program', program })}>{t('manage.delete')}</button>
        </div>
      </div>
      {connection ? <ProgramConnection connection={connection} program={program} /> : null}
      {confirming?.kind === 'program' && confirming.program.id === program.id ? <DeleteConfirm admin={admin} /> : null}
      {editingThis ? <ProgramForm admin={admin} /> : null}
      <table class="kc-tiers">
        <caption class="kc-visually-hidden">{t('admin.tiersOf', { program: program.name })}</caption>
        <thead>
          <tr>
            <th scope="col" class="is-order">#</th><th scope="col">{t('admin.tier')}</th><th scope="col">{t('program.code')}</th>
            <th scope="col" class="is-number">{t('admin.from')}</th><th scope="col" class="is-actions"><span class="kc-visually-hidden">{t('admin.actions')}</span></th>
          </tr>
        </thead>
        <tbody>
          {tiers.length === 0 ? (
            <tr><td colSpan={5} class="kc-muted">{t('admin.noTiers')}</td></tr>
          ) : tiers.map((tier) => (
            <tr key={tier.id} data-tier-id={tier.id}>
              <td>{tier.ordering}</td>
              <td>{tier.name}</td>
              <td>{tier.code}</td>
              <td class="is-number">{tier.minPoints === null ? '—' : `${formatPoints(tier.minPoints, locale)} ${t('unit.pts')}`}</td>
              <td>
                <div class="kc-inline-buttons">
                <button type="button" class="is-small" aria-label={t('admin.editNamed', { name: tier.name })} onClick={() => admin.openTier(program, tier)}>{t('admin.edit')}</button>
                <button type="button" class="is-small is-danger-text" aria-label={t('admin.deleteNamed', { name: tier.name })}
                  onClick={() => admin.askDelete({ kind: 'tier', program, tier })}>{t('manage.delete')}</button>
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {confirming?.kind === 'tier' && confirming.program.id === program.id ? <DeleteConfirm admin={admin} /> : null}
      {tierFormHere ? <ProgramForm admin={admin} /> : (
        <button type="button" class="is-small kc-add-tier" aria-label={t('admin.addTierTo', { program: program.name })} onClick={() => admin.openTier(program, null)}>
          {t('admin.addTier')}
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
        <h2 id="kc-programs-heading">{t('admin.programs')}</h2>
        <button type="button" disabled={editor?.kind === 'program' && !editor.program} onClick={() => admin.openProgram(null)}>
          {t('admin.addProgram')}
        </button>
      </div>
      <p class="kc-muted">{t('admin.explain')}</p>
      {editor?.kind === 'program' && !editor.program ? <ProgramForm admin={admin} /> : null}
      {admin.notice.value ? <p class="kc-done" role="status">{admin.notice.value.text}</p> : null}
      {admin.loadError.value ? <p class="kc-error" role="alert">{failureText(admin.loadError.value)}</p> : null}
      {admin.loading.value && programs.length === 0 ? <p class="kc-muted">{t('admin.loading')}</p> : null}
      {!admin.loading.value && !admin.loadError.value && programs.length === 0 ? <p class="kc-muted">{t('admin.none')}</p> : null}
      {programs.map((program) => <ProgramBlock key={program.id} admin={admin} earning={earning} connection={connection} program={program} locale={locale} />)}
    </section>
  );
}
