#!/usr/bin/env node
/**
 * `npm test`: everything, in the order a failure is cheapest to read — type check, unit and
 * integration tests (vitest), the extension builds, browser tests in real Chromium and
 * Firefox (node:test), and `web-ext lint`. Every step runs even if an earlier one failed, so
 * one run shows all that is wrong; the exit code is non-zero if any step failed.
 * The last line is `Keycard: N passed, N failed, N skipped`.
 */
import { spawn } from 'node:child_process';
import { mkdir, readFile, readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => `${root}node_modules/.bin/${name}`;
const totals = { passed: 0, failed: 0, skipped: 0 };
const failedSteps = [];

function run(name, command, args, env = {}) {
  return new Promise((resolve) => {
    console.log(`\n━━ ${name} ━━`);
    const started = Date.now();
    let output = '';
    const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      process.stderr.write(chunk);
      output += chunk;
    });
    child.on('close', (code) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(`━━ ${name}: ${code === 0 ? 'ok' : `FAILED (exit ${code})`} in ${seconds} s`);
      if (code !== 0) failedSteps.push(name);
      resolve({ code, output });
    });
  });
}

/** A step that is a single check (type check, build, lint) counts as one test. */
function countStep({ code }) {
  if (code === 0) totals.passed += 1;
  else totals.failed += 1;
}

await mkdir(`${root}test-results`, { recursive: true });

countStep(await run('type check', bin('tsc'), ['--noEmit']));

const vitest = await run('unit and integration tests (vitest)', bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  '--outputFile.json=test-results/vitest.json',
]);
try {
  const report = JSON.parse(await readFile(`${root}test-results/vitest.json`, 'utf8'));
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests + (report.numFailedTestSuites ?? 0);
  totals.skipped += report.numPendingTests + report.numTodoTests;
} catch {
  totals.failed += 1;
}

const builds = [
  await run('extension build (production)', 'npm', ['run', '--silent', 'build']),
  await run('extension build (with sandbox hosts)', 'npm', ['run', '--silent', 'build:dev']),
];
builds.forEach(countStep);

// Node 20's test runner takes no globs: list the files ourselves, in a stable order.
const browserFiles = (await readdir(`${root}test/browser`))
  .filter((name) => name.endsWith('.test.mjs'))
  .sort()
  .map((name) => `test/browser/${name}`);
const browser = await run('browser tests (Chromium, Firefox)', process.execPath, [
  '--test',
  '--test-concurrency=1',
  '--test-reporter=spec',
  ...browserFiles,
]);
const count = (label) => Number(new RegExp(`^ℹ ${label} (\\d+)`, 'm').exec(browser.output)?.[1] ?? 0);
totals.passed += count('pass');
totals.failed += count('fail') + count('cancelled');
// A suite skipped whole (browser missing) counts as 0 skipped tests in node's summary; its
// loud "!!! SKIPPED:" line (support/browsers.mjs) is what says it did not run.
const skippedSuites = (browser.output.match(/^!!! SKIPPED: /gm) ?? []).length;
totals.skipped += count('skipped') + count('todo') + skippedSuites;
if (browser.code !== 0 && count('fail') + count('cancelled') === 0) totals.failed += 1;

countStep(await run('web-ext lint (Firefox build)', bin('web-ext'), ['lint', '--source-dir', '.output/firefox-mv2', '--output', 'text']));

if (failedSteps.length > 0) console.log(`\nFailed steps: ${failedSteps.join(', ')}`);
if (totals.skipped > 0) console.log(`\n!!! ${totals.skipped} test(s) SKIPPED — look for "SKIPPED" above for what to install.`);
console.log(`\nKeycard: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failedSteps.length > 0 || totals.failed > 0 ? 1 : 0);
