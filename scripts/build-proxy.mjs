#!/usr/bin/env node
/**
 * `npm run build:proxy`: the proxy and its CLI as plain JavaScript for production
 * (`npm run proxy:prod`, `npm run keycard:prod`): one esbuild bundle each in dist/proxy, npm
 * packages left external (better-sqlite3 and pg load their native parts as installed), a
 * source map beside each so stack traces name the TypeScript lines. tsx stays a development
 * tool: it compiled every module at start and kept its loader in memory (259 MiB under load).
 *
 *   node scripts/build-proxy.mjs [--outdir DIR]
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));
const at = process.argv.indexOf('--outdir');
const outdir = at > 0 ? resolve(process.argv[at + 1]) : resolve(root, 'dist/proxy');

const started = Date.now();
await build({
  absWorkingDir: root,
  entryPoints: { main: 'server/proxy/main.ts', cli: 'server/proxy/cli.ts' },
  outdir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  legalComments: 'none',
  logLevel: 'warning',
});
console.log(`Built the proxy into ${outdir} in ${Date.now() - started} ms (node ${outdir}/main.mjs).`);
