/**
 * `npm run bench`: every benchmark in one run on this machine, written to
 * `bench/results.json`, `bench/RESULTS.md` and the table in README.md.
 * `npm run bench -- economy weight` runs only the named ones.
 */
import { fileURLToPath } from 'node:url';
import type { Figure } from './lib/figures';
import { machineFacts } from './lib/machine';
import { writeReports } from './lib/report';
import { mewsEconomy } from './mews-economy';
import { proxyThroughput } from './proxy-throughput';
import { adjustLatency } from './browser/adjust-latency';
import { timeToStatus } from './browser/time-to-status';
import { weight } from './browser/weight';

const root = fileURLToPath(new URL('..', import.meta.url));
type Bench = (log: (line: string) => void) => Promise<Figure[]>;

const BENCHES: Record<string, Bench> = {
  economy: mewsEconomy,
  throughput: proxyThroughput,
  'time-to-status': timeToStatus,
  'adjust-latency': adjustLatency,
  weight,
};

const wanted = process.argv.slice(2);
const selected = Object.entries(BENCHES).filter(([name]) => wanted.length === 0 || wanted.includes(name));
const figures: Figure[] = [];
const started = performance.now();
for (const [name, bench] of selected) {
  const t0 = performance.now();
  console.log(`\n── ${name}`);
  try {
    figures.push(...(await bench((line) => console.log(`   ${line}`))));
  } catch (error) {
    console.error(`   ${name} failed: ${(error as Error).stack ?? error}`);
    process.exitCode = 1;
  }
  console.log(`   (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}
await writeReports(root, figures, machineFacts());
console.log(`\n${figures.length} figures in ${((performance.now() - started) / 1000).toFixed(0)} s → bench/results.json, bench/RESULTS.md, README.md`);
