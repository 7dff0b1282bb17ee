import { useEffect, useId, useRef } from 'preact/hooks';
import { ADJUSTMENT_REASONS, type AdjustmentReason } from '@/lib/contract/vocabulary';
import { formatDelta, pointsWithUnit } from '@/lib/format';
import { POINT_PRESETS, REASON_LABELS, type AdjustForm as AdjustFormModel } from '@/lib/models/adjust-form';
import { t, failureText } from '@/lib/i18n';

interface AdjustFormProps {
  form: AdjustFormModel;
  locale?: string;
  onApply: () => Promise<unknown>;
  onCancel: () => void;
  onBack: () => void;
}

/** Adds or removes points: amount, reason, optional note; large changes ask once more. */
export function AdjustForm({ form, locale, onApply, onCancel, onBack }: AdjustFormProps) {
  const id = useId();
  const pointsRef = useRef<HTMLInputElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const error = form.pointsError.value;
  const confirming = form.confirming.value;
  const submitting = form.submitting.value;
  const parsed = form.parsed.value;

  useEffect(() => pointsRef.current?.focus(), []);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  async function apply(event: Event) {
    event.preventDefault();
    await onApply();
    if (form.pointsError.value) pointsRef.current?.focus();
  }

  return (
    <form class="kc-adjust" noValidate onSubmit={apply}>
      <div class="kc-presets" role="group" aria-label={t('adjust.quickAmounts')}>
        {POINT_PRESETS.map((delta) => (
          <button key={delta} type="button" class="kc-chip" onClick={() => form.preset(delta)}>
            {formatDelta(delta, locale)}
          </button>
        ))}
      </div>
      <label class="kc-label" for={`${id}-points`}>
        {t('adjust.points')}
      </label>
      <input
        ref={pointsRef}
        id={`${id}-points`}
        class="kc-input"
        type="text"
        inputMode="numeric"
        autoComplete="off"
        placeholder={t('adjust.pointsExample')}
        value={form.pointsText.value}
        aria-invalid={error ? 'true' : 'false'}
        aria-describedby={error ? `${id}-points-error` : undefined}
        onInput={(event) => form.setPoints(event.currentTarget.value)}
      />
      {error ? (
        <p id={`${id}-points-error`} class="kc-field-error">
          {error}
        </p>
      ) : null}
      <label class="kc-label" for={`${id}-reason`}>
        {t('adjust.reason')}
      </label>
      <select
        id={`${id}-reason`}
        class="kc-input"
        value={form.reason.value}
        onChange={(event) => form.setReason(event.currentTarget.value as AdjustmentReason)}
      >
        {ADJUSTMENT_REASONS.map((reason) => (
          <option key={reason} value={reason}>
            {REASON_LABELS[reason]}
          </option>
        ))}
      </select>
      <label class="kc-label" for={`${id}-note`}>
        {t('adjust.note')} <span class="kc-optional">{t('adjust.optional')}</span>
      </label>
      <input
        id={`${id}-note`}
        class="kc-input"
        type="text"
        maxLength={200}
        value={form.note.value}
        onInput={(event) => form.setNote(event.currentTarget.value)}
      />
      {confirming && parsed.ok ? (
        <div class="kc-confirm" role="group" aria-labelledby={`${id}-confirm`}>
          <p id={`${id}-confirm`} class="kc-confirm-text">
            {t(parsed.delta > 0 ? 'adjust.confirmAdd' : 'adjust.confirmRemove', { points: pointsWithUnit(Math.abs(parsed.delta), locale) })}
          </p>
          <div class="kc-actions">
            <button ref={confirmRef} type="submit" class="kc-button kc-button--primary" disabled={submitting}>
              {t('adjust.confirm')}
            </button>
            <button type="button" class="kc-button" onClick={onBack}>
              {t('adjust.back')}
            </button>
          </div>
        </div>
      ) : (
        <div class="kc-actions">
          <button type="submit" class="kc-button kc-button--primary" disabled={submitting}>
            {submitting ? t('adjust.applying') : t('adjust.apply')}
          </button>
          <button type="button" class="kc-button" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        </div>
      )}
      {form.submitError.value && !error ? (
        form.needsManager.value ? (
          // Over a desk's daily cap: not an error to fix, a step to take (the detail says: ask a manager).
          <p class="kc-notice kc-notice--warning" role="status">
            {failureText(form.submitError.value)}
          </p>
        ) : (
          <p class="kc-field-error" role="alert">
            {failureText(form.submitError.value)}
          </p>
        )
      ) : null}
    </form>
  );
}
