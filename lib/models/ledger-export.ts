/**
 * The options page's ledger export: two dates, one button. The background fetches the CSV
 * with the device token and hands it over as text; the page saves it as a file through a
 * Blob and an `<a download>`, so the extension needs no `downloads` permission.
 */
import { batch, createModel, signal } from '@preact/signals';
import type { Failure, Send } from '@/lib/contract/messages';
import { dateRangeProblem, localIsoDate } from './hotel-date';
import { sayFailure, t, withLiveText } from '@/lib/i18n';

/** Saves text as a file the browser downloads. */
export type SaveFile = (text: string, filename: string) => void;

/** Saves through a Blob URL and a temporary `<a download>`. */
export const saveCsvFile: SaveFile = (text, filename) => {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked after the click has been handled; revoking at once can cancel the download.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
};

/**
 * @example
 * ```ts
 * const exporter = new LedgerExportModel({ send: sendToBackground });
 * exporter.from.value = '2026-03-01';
 * await exporter.exportCsv(); // downloads keycard-ledger-2026-03-01-2026-03-31.csv
 * ```
 */
export const LedgerExportModel = createModel(({ send, save = saveCsvFile, today = () => new Date() }: { send: Send; save?: SaveFile; today?: () => Date }) => {
  const now = today();
  const from = signal(localIsoDate(new Date(now.getFullYear(), now.getMonth(), 1)));
  const to = signal(localIsoDate(now));
  const busy = signal(false);
  const error = signal<Failure | null>(null);
  /** What was saved, said again in the desk's language when read (withLiveText). */
  const done = signal<{ readonly text: string } | null>(null);

  return {
    from,
    to,
    busy,
    error,
    done,
    async exportCsv() {
      if (busy.value) return;
      const range = { from: from.value, to: to.value };
      const problem = dateRangeProblem(range.from, range.to);
      batch(() => {
        error.value = problem ? sayFailure('invalid', problem).error : null;
        done.value = null;
      });
      if (problem) return;
      busy.value = true;
      const answer = await send({ type: 'exportLedger', ...range });
      batch(() => {
        busy.value = false;
        if (!answer.ok) {
          error.value = answer.error;
          return;
        }
        save(answer.data.csv, answer.data.filename);
        const file = answer.data.filename;
        done.value = withLiveText({}, () => t('export.saved', { file }));
      });
    },
  };
});

export type LedgerExport = InstanceType<typeof LedgerExportModel>;
