/**
 * `npm run proxy:prod`, the command the README gives for production, caps V8's heap: with
 * the default limit (a quarter of the machine's memory) V8 let the old generation fill with
 * garbage before a major GC, and the proxy's peak resident memory was 130 MiB under the
 * throughput bench's load (issue 19); capped, it collects sooner. The bench runs the proxy
 * with these very flags, read from package.json, so the figure is what production runs.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { proxyProdNodeOptions } from '../../bench/lib/prod-command';

const scripts = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> }).scripts;

describe('npm run proxy:prod', () => {
  it('runs the compiled proxy under plain node with its young and old generations capped', () => {
    expect(scripts['proxy:prod']).toMatch(/^node (--[a-z-]+=\d+ )+dist\/proxy\/main\.mjs$/);
    const flags = proxyProdNodeOptions().split(' ');
    expect(flags).toContain('--max-semi-space-size=4');
    // Far above the proxy's own peak (~115 MiB of heap serving a 101,022-member desk its first download).
    expect(flags).toContain('--max-old-space-size=512');
  });

  it('is what the throughput bench runs: its flags are read from package.json, not written again', () => {
    const bench = readFileSync(new URL('../../bench/proxy-throughput.ts', import.meta.url), 'utf8');
    expect(bench).toContain('proxyProdNodeOptions()');
    expect(bench).not.toMatch(/--max-(semi|old)-space-size=\d/);
  });
});
