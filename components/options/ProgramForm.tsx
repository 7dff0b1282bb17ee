import { useEffect, useId, useRef } from 'preact/hooks';
import { SUBSCRIPTIONS } from '@/lib/contract/vocabulary';
import { EDITABLE_PROGRAM_TYPES } from '@/lib/contract/vocabulary';
import { SelectField, TextField } from './Fields';
import { PROGRAM_TYPE_LABELS, RETIER_LABELS, TIER_ORDER_LABELS, type ProgramDraft, type ProgramsAdmin } from '@/lib/models/programs-admin';

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
  const noun = isProgram ? 'program' : 'tier';
  const title = existing ? `Edit ${existing.name}` : isProgram ? 'New program' : `New tier in ${editor.program.name}`;

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
        {field('name', 'Name', { inputRef: first })}
        {field('code', 'Code', isProgram && existing ? { readOnly: true, title: 'A program keeps its code' } : {})}
        {isProgram ? (
          <>
            {choice('type', 'Type', EDITABLE_PROGRAM_TYPES.map((t) => [t, PROGRAM_TYPE_LABELS[t]]))}
            {choice('subscription', 'Subscription', SUBSCRIPTIONS.map((s) => [s, s]))}
            {choice('retierMode', 'Re-tier mode', [['up', RETIER_LABELS.up], ['both', RETIER_LABELS.both]])}
            {/* Mews does not say which way Ordering runs; once confirmed, there is no going back to "not confirmed". */}
            {choice('tierOrder', 'Tier order', [
              ...(isProgram && editor.program?.tierOrder ? [] : [['', 'Not confirmed yet'] as [string, string]]),
              ['ascending', TIER_ORDER_LABELS.ascending],
              ['descending', TIER_ORDER_LABELS.descending],
            ])}
          </>
        ) : (
          <>
            {field('ordering', 'Ordering', { inputMode: 'numeric' })}
            {field('minPoints', 'Points threshold', { inputMode: 'numeric', placeholder: 'e.g. 10000' })}
          </>
        )}
      </div>
      <div class="kc-buttons">
        <button type="submit" class="is-primary" disabled={admin.saving.value}>
          {admin.saving.value ? 'Saving…' : `Save ${noun}`}
        </button>
        <button type="button" onClick={admin.close}>Cancel</button>
      </div>
      {admin.saveError.value ? <p class="kc-error" role="alert">{admin.saveError.value.message}</p> : null}
    </form>
  );
}
