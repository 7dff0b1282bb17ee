import { Fragment } from 'preact';
import { formatDate, formatMoney, pointsWithUnit as points } from '@/lib/format';
import type { StayProgramLine, StaySummary } from '@/lib/models/shown-stay';
import { t, tn } from '@/lib/i18n';

interface StayViewProps {
  summary: StaySummary;
  timeZone: string;
  locale?: string;
}

/** "2 nights · 341.00 EUR so far": the facts after the stay's number, whatever is known yet. */
function facts(summary: StaySummary, locale?: string): string[] {
  const { nights, revenue } = summary;
  return [
    ...(nights > 0 ? [tn('unit.nights', nights)] : []),
    ...(revenue ? [summary.open ? t('stay.soFar', { amount: formatMoney(revenue.amount, revenue.currency, locale) }) : formatMoney(revenue.amount, revenue.currency, locale)] : []),
    ...(summary.canceled ? [t('stay.canceled')] : []),
  ];
}

function lineText(line: StayProgramLine, timeZone: string, locale?: string): string {
  if (line.status === 'earned') return t('stay.earned', { points: points(line.points, locale), date: formatDate(line.earnedAt ?? '', timeZone, locale) });
  if (line.status === 'reversed') return t('stay.reversed');
  return line.points > 0 ? t('stay.earns', { points: points(line.points, locale) }) : t('stay.earnsNothing');
}

function ProgramLine({ line, timeZone, locale }: { line: StayProgramLine; timeZone: string; locale?: string }) {
  const text = lineText(line, timeZone, locale);
  const tone = line.status === 'earned' ? ' is-earned' : line.status === 'estimate' && line.points > 0 ? '' : ' is-none';
  return (
    <p class={`kc-stay-points${tone}`} data-program-id={line.programId} data-field={line.status === 'estimate' ? 'stay-estimate' : 'stay-earned'}>
      {line.programName ? t('stay.forProgram', { program: line.programName, text: `${text.charAt(0).toLocaleLowerCase(locale)}${text.slice(1)}` }) : text}
    </p>
  );
}

/**
 * The stay on a reservation page, above the memberships: what it is so far and what it earns.
 * Text only, no controls: a glance at a busy desk, nothing to operate.
 */
export function StayView({ summary, timeZone, locale }: StayViewProps) {
  const rest = facts(summary, locale);
  return (
    <div class="kc-stay" data-section="stay">
      <p class="kc-stay-head" data-field="stay">
        <strong>{summary.number ? t('stay.numbered', { number: summary.number }) : t('stay.this')}</strong>
        {/* Each fact on one line: "341.00 EUR so far" must not leave "far" alone on the next. */}
        {rest.map((fact) => (
          <Fragment key={fact}>
            {' · '}
            <span class="kc-stay-fact">{fact}</span>
          </Fragment>
        ))}
      </p>
      {summary.company ? (
        <p class="kc-stay-points is-none" data-field="stay-skipped">
          {t('stay.company')}
        </p>
      ) : (
        summary.programs.map((line) => <ProgramLine key={line.programId} line={line} timeZone={timeZone} locale={locale} />)
      )}
    </div>
  );
}
