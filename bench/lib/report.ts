/** Writes `bench/results.json`, the Markdown table, and the copy of the table in README.md. */
import { readFile, writeFile } from 'node:fs/promises';
import { meetsTarget, withinBudget, type Figure } from './figures';
import type { MachineFacts } from './machine';

const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';

function formatNumber(value: number | undefined, unit: string): string {
  if (value === undefined || Number.isNaN(value)) return '—';
  const text = Math.abs(value) >= 1000 ? Math.round(value).toLocaleString('en-US') : String(value);
  return unit ? `${text} ${unit}` : text;
}

/** A figure as results.json keeps it: with the machine, date and commit of the run that measured it. */
export type RecordedFigure = Figure & { machine: MachineFacts; date: string; commit: string };

function measuredOn(m: MachineFacts): string {
  return `${m.date.slice(0, 10)} at commit \`${m.commit}\` on ${m.cores} cores (${m.cpu}), ` +
    `${m.memoryGiB} GiB, Node ${m.node}${m.chromium ? `, Chromium ${m.chromium}` : ''}`;
}

/** Where the figures come from: one line per run (a partial run's figures are named). */
function provenance(figures: readonly RecordedFigure[]): string {
  const runs = new Map<string, RecordedFigure[]>();
  for (const f of figures) runs.set(f.date, [...(runs.get(f.date) ?? []), f]);
  const [first, ...later] = [...runs.values()].sort((a, b) => b.length - a.length);
  if (!first) return 'No figures.';
  return [
    `Measured ${measuredOn(first[0]!.machine)}${later.length ? ', except as said below' : ''}.`,
    ...later.map((run) => `${run.map((f) => `*${f.label}*`).join(', ')}: measured ${measuredOn(run[0]!.machine)}.`),
  ].join('\n');
}

/** The figures as a Markdown table with the runs' dates, commits and machines. */
export function markdownTable(figures: readonly RecordedFigure[]): string {
  const rows = figures.map((f) => {
    const spread = f.p95 !== undefined ? `${formatNumber(f.p50, '')} / ${formatNumber(f.p95, '')}` : '';
    const budget = f.budget === undefined ? '' : `${f.higherIsBetter ? '≥' : '≤'} ${formatNumber(f.budget, f.unit)}`;
    const verdict = f.budget === undefined ? '' : withinBudget(f) ? 'within' : '**over**';
    const baseline = f.baseline ? `${f.baseline.label}: ${formatNumber(f.baseline.value, f.unit)}` : '';
    const ratio = f.ratio === undefined ? '' : `${f.ratio}×`;
    const target = f.target === undefined ? ''
      : `${f.higherIsBetter ? '≥' : '≤'} ${f.targetOn === 'ratio' ? `${f.target}×` : formatNumber(f.target, f.unit)} ${meetsTarget(f) ? 'met' : '**missed**'}`;
    return `| ${f.label} | ${formatNumber(f.value, f.unit)} | ${spread} | ${budget} ${verdict} | ${target} | ${baseline} | ${ratio} |`;
  });
  const notes = figures.filter((f) => f.note).map((f) => `- *${f.label}*: ${f.note}`);
  return [
    provenance(figures),
    '',
    '| figure | value | p50 / p95 | budget | target | baseline | ratio |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    '',
    ...notes,
  ].join('\n');
}

/**
 * A partial run (`npm run bench -- stays`) replaces the figures it measured and keeps the
 * others from results.json, so running one benchmark never wipes the rest of the table.
 */
async function withEarlierFigures(root: string, fresh: readonly RecordedFigure[]): Promise<RecordedFigure[]> {
  let earlier: RecordedFigure[] = [];
  try {
    earlier = JSON.parse(await readFile(`${root}bench/results.json`, 'utf8')) as RecordedFigure[];
  } catch {
    return [...fresh];
  }
  const measured = new Map(fresh.map((f) => [f.name, f]));
  return [...earlier.map((f) => measured.get(f.name) ?? f), ...fresh.filter((f) => !earlier.some((e) => e.name === f.name))];
}

export async function writeReports(root: string, figures: readonly Figure[], machine: MachineFacts, options: { partial: boolean }): Promise<void> {
  const fresh = figures.map((figure) => ({ ...figure, machine, date: machine.date, commit: machine.commit }));
  const results = options.partial ? await withEarlierFigures(root, fresh) : fresh;
  await writeFile(`${root}bench/results.json`, `${JSON.stringify(results, null, 2)}\n`);
  const table = markdownTable(results);
  await writeFile(`${root}bench/RESULTS.md`, `# Keycard benchmarks\n\n${table}\n`);
  const readme = await readFile(`${root}README.md`, 'utf8');
  const from = readme.indexOf(START);
  const to = readme.indexOf(END);
  if (from === -1 || to === -1) return;
  await writeFile(`${root}README.md`, `${readme.slice(0, from + START.length)}\n${table}\n${readme.slice(to)}`);
}
