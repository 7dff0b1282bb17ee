/**
 * "Credit past stays": a manager previews what the stays checked out in a date range earn
 * (the proxy's dry run), then credits exactly the range previewed. The proxy writes only the
 * difference from what the ledger already credited each stay, so a second run credits nothing.
 */
import { batch, computed, createModel, signal } from '@preact/signals';
import type { BackfillReport } from '@/lib/contract';
import type { Failure, Send } from '@/lib/contract/messages';
import { dateRangeProblem, localIsoDate } from './hotel-date';
import { liveLabels, sayFailure, t } from '@/lib/i18n';

/** Why stays earned nothing, in the hotel's words (the proxy's reasons as keys). */
export const SKIP_REASON_LABELS: Record<string, string> = liveLabels(
  ['company', 'not-a-member', 'no-rules', 'below-minimum', 'not-settled-yet'] as const,
  (reason) => t(`skip.${reason}`),
);

/** Points a report credits (or, in a preview, would credit) over all programs. */
export const creditOf = (report: BackfillReport | null) => report?.programs.reduce((sum, p) => sum + p.credit, 0) ?? 0;

/** A refusal's own words: the proxy names what is wrong with the range in its field problems. */
function refusal(error: Failure): Failure {
  const details = error.problem?.errors?.map((e) => e.detail) ?? [];
  return details.length ? { ...error, message: details.join(' ') } : error;
}

/**
 * @example
 * ```ts
 * const backfill = new BackfillModel({ send: sendToBackground });
 * backfill.setDate('from', '2026-09-01');
 * await backfill.runPreview(); // backfill.preview: stays, points per program, members
 * await backfill.credit();     // credits what the preview showed
 * ```
 */
export const BackfillModel = createModel(({ send, today = () => new Date() }: { send: Send; today?: () => Date }) => {
  const now = today();
  const from = signal(localIsoDate(new Date(now.getFullYear(), now.getMonth() - 1, 1)));
  const to = signal(localIsoDate(now));
  const busy = signal<'preview' | 'credit' | null>(null);
  const error = signal<Failure | null>(null);
  /** The last dry run; "Credit" credits its range, never dates typed since. */
  const preview = signal<BackfillReport | null>(null);
  /** The last real run. */
  const result = signal<BackfillReport | null>(null);
  const toCredit = computed(() => creditOf(preview.value));

  async function run(range: { from: string; to: string }, dryRun: boolean): Promise<BackfillReport | null> {
    batch(() => {
      busy.value = dryRun ? 'preview' : 'credit';
      error.value = null;
    });
    const answer = await send({ type: 'runBackfill', ...range, dryRun });
    batch(() => {
      busy.value = null;
      if (!answer.ok) error.value = refusal(answer.error);
    });
    return answer.ok ? answer.data : null;
  }

  return {
    from,
    to,
    busy,
    error,
    preview,
    result,
    toCredit,

    /** A changed date makes the preview stale: it goes, so no one credits a range they did not see. */
    setDate(which: 'from' | 'to', value: string) {
      batch(() => {
        (which === 'from' ? from : to).value = value;
        preview.value = null;
      });
    },

    async runPreview() {
      if (busy.value) return;
      const problem = dateRangeProblem(from.value, to.value);
      if (problem) {
        error.value = sayFailure('invalid', problem).error;
        return;
      }
      batch(() => {
        preview.value = null;
        result.value = null;
      });
      const report = await run({ from: from.value, to: to.value }, true);
      if (report) preview.value = report;
    },

    /** Credits the previewed range for real. Run twice, it credits nothing new. */
    async credit() {
      const previewed = preview.value;
      if (busy.value || !previewed) return;
      const report = await run({ from: previewed.from, to: previewed.to }, false);
      if (!report) return;
      batch(() => {
        preview.value = null;
        result.value = report;
      });
    },
  };
});

export type Backfill = InstanceType<typeof BackfillModel>;
