/** Writes `bench/results.json`, the Markdown table, and the copy of the table in README.md. */
import { readFile, writeFile } from 'node:fs/promises';
import { withinBudget, type Figure } from './figures';
import type { MachineFacts } from './machine';

const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';

function formatNumber(value: number | undefined, unit: string): string {
  if (value === undefined || Number.isNaN(value)) return '—';
  const text = Math.abs(value) >= 1000 ? Math.round(value).toLocaleString('en-US') : String(value);
  return unit ? `${text} ${unit}` : text;
}

/** The figures as a Markdown table with the run's date, commit and machine. */
export function markdownTable(figures: readonly Figure[], machine: MachineFacts): string {
  const rows = figures.map((f) => {
    const spread = f.p95 !== undefined ? `${formatNumber(f.p50, '')} / ${formatNumber(f.p95, '')}` : '';
    const budget = f.budget === undefined ? '' : `${f.higherIsBetter ? '≥' : '≤'} ${formatNumber(f.budget, f.unit)}`;
    const verdict = f.budget === undefined ? '' : withinBudget(f) ? 'within' : '**over**';
    const baseline = f.baseline ? `${f.baseline.label}: ${formatNumber(f.baseline.value, f.unit)}` : '';
    const ratio = f.ratio === undefined ? '' : `${f.ratio}×`;
    return `| ${f.label} | ${formatNumber(f.value, f.unit)} | ${spread} | ${budget} ${verdict} | ${baseline} | ${ratio} |`;
  });
  const notes = figures.filter((f) => f.note).map((f) => `- *${f.label}*: ${f.note}`);
  return [
    `Measured ${machine.date.slice(0, 10)} at commit \`${machine.commit}\` on ${machine.cores} cores (${machine.cpu}), ` +
      `${machine.memoryGiB} GiB, Node ${machine.node}${machine.chromium ? `, Chromium ${machine.chromium}` : ''}.`,
    '',
    '| figure | value | p50 / p95 | budget | baseline | ratio |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
    ...notes,
  ].join('\n');
}

export async function writeReports(root: string, figures: readonly Figure[], machine: MachineFacts): Promise<void> {
  const results = figures.map((figure) => ({ ...figure, machine, date: machine.date, commit: machine.commit }));
  await writeFile(`${root}bench/results.json`, `${JSON.stringify(results, null, 2)}\n`);
  const table = markdownTable(figures, machine);
  await writeFile(`${root}bench/RESULTS.md`, `# Keycard benchmarks\n\n${table}\n`);
  const readme = await readFile(`${root}README.md`, 'utf8');
  const from = readme.indexOf(START);
  const to = readme.indexOf(END);
  if (from === -1 || to === -1) return;
  await writeFile(`${root}README.md`, `${readme.slice(0, from + START.length)}\n${table}\n${readme.slice(to)}`);
}
