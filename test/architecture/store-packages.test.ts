/**
 * `npm run zip` makes what the Chrome Web Store and AMO take (README "Install for a hotel"):
 * the production extension (Mews's hosts only, no localhost) and AMO's sources archive, which
 * must build the extension and must never carry the proxy's data (its store holds device
 * tokens), tests or benchmarks.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

describe('npm run zip', () => {
  it('packs the Firefox add-on and a sources archive that builds it, without the proxy’s data', { timeout: 180_000 }, async () => {
    // A stand-in for a proxy store on this machine: it must not be packed.
    mkdirSync(join(root, 'data'), { recursive: true });
    const standIn = join(root, 'data', 'zip-check.sqlite');
    writeFileSync(standIn, 'device tokens live here');
    try {
      execFileSync(join(root, 'node_modules/.bin/wxt'), ['zip', '-b', 'firefox'], { cwd: root, stdio: 'pipe' });
    } finally {
      rmSync(standIn, { force: true });
    }
    const zips = readdirSync(join(root, '.output')).filter((name) => name.endsWith('.zip'));
    const sourcesName = zips.find((name) => /^keycard-.*-sources\.zip$/.test(name));
    const addonName = zips.find((name) => /^keycard-.*-firefox\.zip$/.test(name));
    expect(sourcesName, `a sources archive among ${zips.join(', ')}`).toBeDefined();
    expect(addonName, `a Firefox package among ${zips.join(', ')}`).toBeDefined();

    const sources = Object.keys((await JSZip.loadAsync(await readFile(join(root, '.output', sourcesName!)))).files);
    for (const needed of ['package.json', 'package-lock.json', 'wxt.config.ts', 'tsconfig.json', 'README.md', 'entrypoints/mews.content/index.ts', 'lib/contract/index.ts']) {
      expect(sources, `the sources archive holds ${needed}`).toContain(needed);
    }
    const unwanted = sources.filter((name) => /^(data|server|test|bench|test-results|node_modules|\.output)\//.test(name) || /\.(sqlite|log)$|pairing-key$/.test(name));
    expect(unwanted).toEqual([]);

    const addon = await JSZip.loadAsync(await readFile(join(root, '.output', addonName!)));
    const manifest = JSON.parse(await addon.file('manifest.json')!.async('string'));
    expect(manifest.browser_specific_settings.gecko.id).toBe('keycard@keycard.dev');
    const matches = manifest.content_scripts.flatMap((script: { matches: string[] }) => script.matches);
    expect(matches.sort()).toEqual(['https://app.mews-demo.com/*', 'https://app.mews.com/*']);
  });
});
