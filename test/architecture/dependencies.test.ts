// @vitest-environment node
/**
 * The dependency check that works offline (issue 17: `npm audit` cannot reach an advisory service
 * from these machines). It does not know advisories; it keeps what a reviewer needs to check them
 * true and tamper-evident: every package in the lockfile is pinned to an exact version (from the
 * npm registry, where it says) with a SHA-512 integrity hash (so `npm ci` refuses a changed tarball), and the
 * README's security section lists the production dependencies at the versions the lockfile
 * installs, with the number of production packages in all. Changing a dependency without
 * updating that list fails here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const lock = JSON.parse(readFileSync(new URL('package-lock.json', root), 'utf8')) as {
  packages: Record<string, { version?: string; resolved?: string; integrity?: string; dev?: boolean; devOptional?: boolean; link?: boolean }>;
};
const manifest = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { dependencies: Record<string, string> };
const readme = readFileSync(new URL('README.md', root), 'utf8');

/** The README's table of production dependencies: `| name | version |` rows under its heading. */
function documented(): { versions: Map<string, string>; total: number | undefined } {
  const section = readme.split('### Production dependencies')[1]?.split(/\n#{2,3} /)[0] ?? '';
  const versions = new Map([...section.matchAll(/^\| `([^`]+)` \| ([^ |]+) \|/gm)].map((m) => [m[1]!, m[2]!]));
  const total = /(\d+) production packages in all/.exec(section)?.[1];
  return { versions, total: total ? Number(total) : undefined };
}

describe('dependencies', () => {
  const installed = Object.entries(lock.packages).filter(([path, entry]) => path !== '' && !entry.link);

  it('are all pinned to the npm registry with a SHA-512 integrity hash', () => {
    // `resolved` may be left out (npm then fetches from the configured registry); if present, it is npm's.
    const loose = installed.filter(([, e]) => !e.version || !e.integrity?.startsWith('sha512-') || (e.resolved !== undefined && !e.resolved.startsWith('https://registry.npmjs.org/')));
    expect(loose.map(([path]) => path)).toEqual([]);
  });

  it('in production are listed in the README at the versions the lockfile installs', () => {
    const { versions, total } = documented();
    const expected = new Map(Object.keys(manifest.dependencies).map((name) => [name, lock.packages[`node_modules/${name}`]?.version ?? 'missing']));
    expect(Object.fromEntries(versions)).toEqual(Object.fromEntries(expected));
    expect(total).toBe(installed.filter(([, e]) => !e.dev && !e.devOptional).length);
  });
});
