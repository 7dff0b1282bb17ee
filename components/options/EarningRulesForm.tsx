import { useEffect, useId, useRef } from 'preact/hooks';
import type { Program } from '@/lib/contract';
import { REVENUE_BASES, type RevenueBasis } from '@/lib/contract/vocabulary';
import { formatPoints, pointsWithUnit } from '@/lib/format';
import { multiplierKey, multiplierLabel, REVENUE_BASIS_LABELS, type EarningNumberField } from '@/lib/models/earning-draft';
import type { EarningExample, EarningRulesAdmin } from '@/lib/models/earning-rules';
import { SelectField, TextField } from './Fields';
import { t, failureText } from '@/lib/i18n';

/** "A 2-night stay at 100 EUR a night earns 250 points (Gold: 375)." */
function exampleText(example: EarningExample, locale?: string): string {
  const { nights, nightly } = example.stay;
  if (example.minNights !== null) return t('earning.tooShort', { nights, min: example.minNights });
  const tiers = example.tiers.map((tier) => `${tier.name}: ${formatPoints(tier.points, locale)}`).join(', ');
  const words = { nights, nightly, currency: example.currency, points: pointsWithUnit(example.points, locale), tiers: tiers ? ` (${tiers})` : '' };
  return t('earning.example', words);
}

/** The open earning-rules form of one program: its fields, the proxy's refusals on them, a live example. */
export function EarningRulesForm({ earning, program, locale }: { earning: EarningRulesAdmin; program: Program; locale?: string }) {
  const id = useId();
  const form = useRef<HTMLFormElement>(null);
  const draft = earning.draft.value;
  const errors = earning.errors.value;
  const labels = earning.labels.value;
  const example = earning.example.value;
  const saveError = earning.saveError.value;
  const tiers = program.tiers; // lowest first, as the proxy ranks them
  useEffect(() => form.current?.querySelector('input')?.focus(), []);
  // After a refused save, the first marked field takes focus, so a keyboard user lands on it.
  useEffect(() => {
    if (saveError) form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [saveError]);

  const amount = (field: EarningNumberField, inputMode: 'numeric' | 'decimal' = 'numeric') => (
    <TextField id={`${id}-${field}`} label={labels[field]} value={draft[field]} error={errors[field]} inputMode={inputMode} placeholder="0"
      onValue={(value) => earning.setField(field, value)} />
  );

  return (
    <form
      ref={form}
      class="kc-admin-form kc-earning-form"
      noValidate
      aria-label={t('earning.rulesOf', { program: program.name })}
      onSubmit={(event) => {
        event.preventDefault();
        void earning.save();
      }}
    >
      <div class="kc-grid">
        {amount('perNight')}
        {amount('perCurrencyUnit', 'decimal')}
        {amount('perStay')}
        {amount('minNights')}
        <SelectField id={`${id}-revenue`} label={labels.revenue} value={draft.revenue}
          options={REVENUE_BASES.map((basis) => [basis, REVENUE_BASIS_LABELS[basis]] as const)}
          onValue={(value) => earning.setField('revenue', value as RevenueBasis)} />
        <div class="kc-field kc-check">
          <input id={`${id}-includeProducts`} type="checkbox" checked={draft.includeProducts}
            onChange={(event) => earning.setField('includeProducts', event.currentTarget.checked)} />
          <label for={`${id}-includeProducts`}>{labels.includeProducts}</label>
        </div>
      </div>
      {tiers.length ? (
        <fieldset class="kc-multipliers">
          <legend>{t('earning.multipliers')} <span class="kc-muted">{t('earning.multipliersEmpty')}</span></legend>
          <div class="kc-grid">
            {tiers.map((tier) => (
              <TextField key={tier.id} id={`${id}-tier-${tier.id}`} label={multiplierLabel(tier)} value={draft.tierMultipliers[tier.id] ?? ''}
                error={errors[multiplierKey(tier.id)]} inputMode="decimal" placeholder="1"
                onValue={(value) => earning.setMultiplier(tier.id, value)} />
            ))}
          </div>
        </fieldset>
      ) : null}
      {/* No example while a field is marked: it would count a value that will not be saved. */}
      {example && !Object.keys(errors).length ? <p class="kc-example" data-field="earning-example">{exampleText(example, locale)}</p> : null}
      <div class="kc-buttons">
        <button type="submit" class="is-primary" disabled={earning.saving.value}>
          {earning.saving.value ? t('common.saving') : t('earning.save')}
        </button>
        <button type="button" onClick={earning.close}>{t('common.cancel')}</button>
      </div>
      {saveError ? <p class="kc-error" role="alert">{failureText(saveError)}</p> : null}
    </form>
  );
}
