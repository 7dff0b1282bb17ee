/**
 * axe-core inside the browser suites: the panel's frame, the popup and the options page are
 * checked in place, in the real browser, with every rule axe ships (WCAG A/AA and best
 * practice) and every impact counted. The panel is checked as its own document, the extension
 * page inside the Mews page's closed host, which is what a screen reader meets.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AXE_SOURCE = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe's violations in a Playwright page or frame, as lines a failure message can show.
 * Runtime evaluation is not bound by the extension pages' CSP, so no script tag is needed.
 */
export async function axeViolations(frame) {
  const loaded = await frame.evaluate(() => typeof globalThis.axe === 'object');
  if (!loaded) await frame.evaluate(AXE_SOURCE);
  const violations = await frame.evaluate(async () => {
    const result = await globalThis.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.map((node) => `${node.target.join(' ')} — ${node.failureSummary?.replace(/\s+/g, ' ')}`),
    }));
  });
  return violations.flatMap((violation) =>
    violation.nodes.map((node) => `${violation.impact} ${violation.id} (${violation.help}): ${node}`),
  );
}

/** Fails with every violation listed, naming the view (`where`) it was found in. */
export async function assertAccessible(frame, where) {
  const found = await axeViolations(frame);
  assert.deepEqual(found, [], `axe found ${found.length} violation(s) in ${where}:\n${found.join('\n')}`);
}
