/**
 * The rules ARCHITECTURE.md says the tree keeps, checked on the tree itself: no import cycle
 * between folders, the server reads only lib/contract of lib/, and no source file a reader
 * cannot hold in mind (over 300 lines).
 */
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../..');
const sourceRoots = ['entrypoints', 'components', 'lib', 'server'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Resolves an import specifier to a file in the tree, or null for a package. */
function resolveImport(from: string, spec: string): string | null {
  let base: string;
  if (spec.startsWith('@/')) base = join(root, spec.slice(2));
  else if (spec.startsWith('.')) base = resolve(dirname(from), spec);
  else return null;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  throw new Error(`${relative(root, from)} imports ${spec}, which resolves to no file`);
}

const files = sourceRoots.flatMap((dir) => sourceFiles(join(root, dir)));
const importPattern = /(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
const edges = files.flatMap((file) =>
  [...readFileSync(file, 'utf8').matchAll(importPattern)].flatMap((match) => {
    const spec = match[1] ?? match[2];
    const target = spec ? resolveImport(file, spec) : null;
    return target ? [{ from: relative(root, file), to: relative(root, target) }] : [];
  }),
);

/** Folder cycles: strongly connected components of the folder graph with more than one folder. */
function folderCycles(): string[][] {
  const graph = new Map<string, Set<string>>();
  for (const { from, to } of edges) {
    const a = dirname(from);
    const b = dirname(to);
    if (a === b) continue;
    if (!graph.has(a)) graph.set(a, new Set());
    graph.get(a)!.add(b);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let next = 0;
  const visit = (node: string): void => {
    index.set(node, next);
    low.set(node, next++);
    stack.push(node);
    onStack.add(node);
    for (const target of graph.get(node) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node)!, low.get(target)!));
      } else if (onStack.has(target)) low.set(node, Math.min(low.get(node)!, index.get(target)!));
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) cycles.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return cycles;
}

describe('the tree ARCHITECTURE.md describes', () => {
  it('reads the import graph (the check sees the arrows it judges)', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(edges.some((e) => e.from.startsWith('components/') && e.to.startsWith('lib/models/'))).toBe(true);
  });

  it('has no import cycle between folders', () => {
    expect(folderCycles()).toEqual([]);
  });

  it('lets the server read only lib/contract of the extension', () => {
    const crossings = edges.filter((e) => e.from.startsWith('server/') && e.to.startsWith('lib/'));
    expect(crossings.length).toBeGreaterThan(0);
    expect(crossings.filter((e) => !e.to.startsWith('lib/contract/'))).toEqual([]);
  });

  it('keeps the extension off the server (and the proxy off the sandbox)', () => {
    const outOfBounds = edges.filter(
      (e) =>
        (!e.from.startsWith('server/') && e.to.startsWith('server/')) ||
        (e.from.startsWith('server/proxy/') && e.to.startsWith('server/sandbox/')) ||
        (e.from.startsWith('server/sandbox/') && e.to.startsWith('server/proxy/')),
    );
    expect(outOfBounds).toEqual([]);
  });

  it('has no source file over 300 lines', () => {
    const long = files
      .map((file) => ({ file: relative(root, file), lines: readFileSync(file, 'utf8').split('\n').length - 1 }))
      .filter(({ lines }) => lines > 300);
    expect(long).toEqual([]);
  });
});
