/**
 * Issue 18: `engines.node` must be true to what the dependencies ask for (wxt, ky and kysely
 * need Node ≥ 22 while it said ≥ 20.19, and `npm install` warned six times).
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const read = (path: string) => JSON.parse(readFileSync(new URL(path, root), 'utf8')) as {
  engines?: { node?: string };
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
};

/** The lowest Node major a range admits: ">=22.0.0" → 22, "20.x || 22.x" → 20, "^16 || >=20" → 16. */
function lowestMajor(range: string): number {
  return Math.min(...[...range.matchAll(/(\d+)(?:\.\d+|\.x)*/g)].map((match) => Number(match[1])));
}

describe('engines', () => {
  it('asks for at least the Node every dependency asks for', () => {
    const manifest = read('package.json');
    const ours = lowestMajor(manifest.engines?.node ?? '0');
    const needs = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies })
      .filter((name) => existsSync(new URL(`node_modules/${name}/package.json`, root)))
      .map((name) => ({ name, node: read(`node_modules/${name}/package.json`).engines?.node }))
      .filter((dep): dep is { name: string; node: string } => typeof dep.node === 'string' && /\d/.test(dep.node))
      .filter((dep) => lowestMajor(dep.node) > ours);
    expect(needs).toEqual([]);
  });
});
