import { useEffect, useId, useRef } from 'preact/hooks';
import { SUBSCRIPTIONS } from '@/lib/contract/vocabulary';
import { EDITABLE_PROGRAM_TYPES } from '@/lib/contract/vocabulary';
import { SelectField, TextField } from './Fields';
import { PROGRAM_TYPE_LABELS, RETIER_LABELS, SUBSCRIPTION_LABELS, TIER_ORDER_LABELS, type ProgramDraft, type ProgramsAdmin } from '@/lib/models/programs-admin';
import { t, failureText } from '@/lib/i18n';

/** The open program or tier form: fields, their problems, and Mews's refusal in Mews's words. */
export function ProgramForm({ admin }: { admin: ProgramsAdmin }) {
  const id = useId();
  const first = useRef<HTMLInputElement>(null);
  const editor = admin.editor.value;
  useEffect(() => first.current?.focus(), [editor]);
  if (!editor) return null;
  const draft = admin.draft.value;
  const errors = admin.showErrors.value ? admin.errors.value : {};
  const isProgram = editor.kind === 'program';
  const existing = isProgram ? editor.program : editor.tier;
  const title = existing ? t('program.edit', { name: existing.name }) : isProgram ? t('program.new') : t('program.newTier', { program: editor.program.name });

  const field = (name: keyof ProgramDraft, label: string, props: Record<string, unknown> = {}) => (
    <TextField id={`${id}-${name}`} label={label} value={draft[name]} error={errors[name]} onValue={(value) => admin.setField(name, value)} {...props} />
  );
  const choice = (name: keyof ProgramDraft, label: string, options: [string, string][]) => (
    <SelectField id={`${id}-${name}`} label={label} value={draft[name]} options={options} onValue={(value) => admin.setField(name, value)} />
  );

  return (
    <form
      class="kc-admin-form"
      noValidate
      aria-label={title}
      onSubmit={(event) => {
        event.preventDefault();
        void admin.save();
      }}
    >
      <h3>{title}</h3>
      <div class="kc-grid">
        {field('name', t('program.name'), { inputRef: first })}
        {field('code', t('program.code'), isProgram && existing ? { readOnly: true, title: t('program.keepsCode') } : {})}
        {isProgram ? (
          <>
            {choice('type', t('program.type'), EDITABLE_PROGRAM_TYPES.map((type) => [type, PROGRAM_TYPE_LABELS[type]]))}
            {choice('subscription', t('program.subscription'), SUBSCRIPTIONS.map((s) => [s, SUBSCRIPTION_LABELS[s]]))}
            {choice('retierMode', t('program.retierMode'), [['up', RETIER_LABELS.up], ['both', RETIER_LABELS.both]])}
            {/* Mews does not say which way Ordering runs; once confirmed, there is no going back to "not confirmed". */}
            {choice('tierOrder', t('program.tierOrder'), [
              ...(isProgram && editor.program?.tierOrder ? [] : [['', t('program.notConfirmed')] as [string, string]]),
              ['ascending', TIER_ORDER_LABELS.ascending],
              ['descending', TIER_ORDER_LABELS.descending],
            ])}
          </>
        ) : (
          <>
            {field('ordering', t('program.ordering'), { inputMode: 'numeric' })}
            {field('minPoints', t('program.threshold'), { inputMode: 'numeric', placeholder: t('program.thresholdExample') })}
          </>
        )}
      </div>
      <div class="kc-buttons">
        <button type="submit" class="is-primary" disabled={admin.saving.value}>
          {admin.saving.value ? t('common.saving') : isProgram ? t('program.saveProgram') : t('program.saveTier')}
        </button>
        <button type="button" onClick={admin.close}>{t('common.cancel')}</button>
      </div>
      {admin.saveError.value ? <p class="kc-error" role="alert">{failureText(admin.saveError.value)}</p> : null}
    </form>
  );
}
