import { useEffect, useId, useRef } from 'preact/hooks';
import type { EarningRules as Rules, Program } from '@/lib/contract';
import { formatDate, pointsWithUnit } from '@/lib/format';
import type { EarningRulesAdmin } from '@/lib/models/earning-rules';
import { EarningRulesForm } from './EarningRulesForm';
import { t, tn, failureText } from '@/lib/i18n';

/** The rules in force in one line: "10 points a night · 1 point per EUR (net, extras included) · Gold × 1.5". */
function summaryOf(rules: Rules, program: Program, currency: string, locale?: string): string {
  const points = (n: number) => pointsWithUnit(n, locale);
  const parts: string[] = [];
  if (rules.perNight) parts.push(t('earning.perNight', { points: points(rules.perNight) }));
  if (rules.perCurrencyUnit) {
    const words = { points: tn('unit.points', rules.perCurrencyUnit), currency, basis: t(`revenue.${rules.revenue}`) };
    parts.push(t(rules.includeProducts ? 'earning.perCurrencyExtras' : 'earning.perCurrency', words));
  }
  if (rules.perStay) parts.push(t('earning.perStay', { points: points(rules.perStay) }));
  if (rules.minNights > 1) parts.push(t('earning.minNights', { nights: rules.minNights }));
  // The proxy lists tiers lowest first, by the rank it can tell (thresholds, the confirmed direction).
  for (const tier of program.tiers) {
    const multiplier = rules.tierMultipliers[tier.id];
    if (multiplier !== undefined && multiplier !== 1) parts.push(`${tier.name} × ${multiplier}`);
  }
  return parts.length ? parts.join(' · ') : t('earning.nothing');
}

/** A program's earning rules: the version in force, and the form that saves the next one. */
export function EarningRules({ earning, program, locale }: { earning: EarningRulesAdmin; program: Program; locale?: string }) {
  const headingId = useId();
  const editButton = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(false);
  useEffect(() => void earning.load(program.id), [earning, program.id]);
  const open = earning.program.value?.id === program.id;
  // Closing the form (saved or cancelled) hands focus back to the button that opened it.
  useEffect(() => {
    if (wasOpen.current && !open) editButton.current?.focus();
    wasOpen.current = open;
  }, [open]);

  const version = earning.versions.value[program.id];
  const loadError = earning.loadErrors.value[program.id];
  const hotel = earning.hotel.value;
  const notice = earning.notice.value?.programId === program.id ? earning.notice.value.text : null;
  const versionLine =
    version === undefined
      ? loadError ? null : t('earning.loading')
      : version
        ? t('earning.version', { version: String(version.version), by: version.savedBy, date: formatDate(version.savedAt, hotel?.timeZone, locale) })
        : t('earning.none');

  return (
    <div class="kc-earning" role="group" aria-labelledby={headingId}>
      <div class="kc-program-head">
        <div>
          <h4 id={headingId}>{t('earning.heading')}</h4>
          {versionLine ? <p class="kc-muted" data-field="earning-version">{versionLine}</p> : null}
          {version ? <p class="kc-earning-summary" data-field="earning-summary">{summaryOf(version.rules, program, hotel?.currency ?? '', locale)}</p> : null}
        </div>
        {open ? null : (
          <button type="button" ref={editButton} class="is-small" aria-label={t('earning.editOf', { program: program.name })}
            disabled={version === undefined} onClick={() => earning.edit(program)}>
            {/* The visible word is part of the name (axe label-content-name-mismatch): "Edit", also before the first rules. */}
            {t('admin.edit')}
          </button>
        )}
      </div>
      {loadError ? <p class="kc-error" role="alert">{failureText(loadError)}</p> : null}
      {notice ? <p class="kc-done" role="status">{notice}</p> : null}
      {open ? <EarningRulesForm earning={earning} program={program} locale={locale} /> : null}
    </div>
  );
}
