#!/usr/bin/env node
/**
 * `npm run test:soak`: the long variants of the reliability suites (test/reliability), one
 * file at a time with KEYCARD_SOAK=1 — crash (≥ 100 SIGKILLs, ≥ 5,000 adjustments), stays
 * crash (1,000 check-outs on SQLite and on PostgreSQL, ≥ 50 SIGKILLs each), fuzz (100,000 +
 * 20,000 cases), scale-out on PostgreSQL (500 adjustments on one membership), plus the
 * fast-only files once more. Prints each suite's figures and
 * `Soak: N passed, N failed`; exits non-zero if any failed.
 *
 *   npm run test:soak                 # all
 *   npm run test:soak -- crash fuzz   # only files whose name contains one of the words
 *   npm run test:soak -- stays-crash  # only the stays crash test
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(new URL('../test/reliability/', import.meta.url))
  .filter((name) => name.endsWith('.test.ts'))
  .filter((name) => filters.length === 0 || filters.some((f) => name.includes(f)))
  .map((name) => `test/reliability/${name}`);

/** Lines the suites print with their figures. */
const FIGURES = /^(Crash test|  adjustments|  answers seen|  lost:|Stays crash test|  settled|  lost or doubled|Fuzz|Scale-out|Secrets|.*SKIPPING)/;

function run(file) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [
      'node_modules/vitest/vitest.mjs', 'run', '--project', 'server', file,
      '--testTimeout', '3600000', '--hookTimeout', '300000', '--reporter', 'default',
    ], { cwd: root, env: { ...process.env, KEYCARD_SOAK: '1', FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const figures = [];
    let output = '';
    const take = (chunk) => {
      const text = chunk.toString();
      output += text;
      // vitest wraps console output in colour codes even without a TTY: strip them first.
      for (const line of text.replace(/\x1b\[[0-9;]*m/g, '').split('\n')) {
        if (FIGURES.test(line)) {
          figures.push(line);
          process.stdout.write(`  ${line}\n`);
        } else if (/^\s+… \d+ kills/.test(line)) process.stdout.write(`  ${line.trim()}\n`);
      }
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('close', (code) => resolve({ file, ok: code === 0, seconds: (Date.now() - started) / 1000, figures, output }));
  });
}

let passed = 0;
let failed = 0;
const summary = [];
for (const file of files) {
  process.stdout.write(`▶ ${file} (soak)\n`);
  const result = await run(file);
  if (result.ok) passed++;
  else {
    failed++;
    process.stdout.write(result.output.split('\n').filter((l) => /FAIL|Error|expected|×/.test(l)).slice(0, 30).join('\n') + '\n');
  }
  summary.push(`${result.ok ? '✓' : '✗'} ${file} ${result.seconds.toFixed(0)} s`);
}
process.stdout.write(`\n${summary.join('\n')}\nSoak: ${passed} passed, ${failed} failed\n`);
process.exit(failed === 0 ? 0 : 1);
