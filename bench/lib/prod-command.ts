/**
 * The node flags `npm run proxy:prod` starts the compiled proxy with, read from package.json,
 * so a bench measures the proxy as production runs it and the two cannot drift apart.
 */
import { readFileSync } from 'node:fs';

/**
 * @example
 * ```ts
 * startStack({ proxyScript: 'dist/proxy/main.mjs', proxyEnv: { NODE_OPTIONS: proxyProdNodeOptions() } });
 * ```
 */
export function proxyProdNodeOptions(): string {
  const { scripts } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };
  const command = scripts['proxy:prod'];
  const match = command && /^node ((?:--[a-z-]+=\d+ ?)*) ?dist\/proxy\/main\.mjs$/.exec(command);
  if (!match) throw new Error(`package.json's proxy:prod is not "node [--flag=N …] dist/proxy/main.mjs": ${command ?? '(missing)'}`);
  return match[1]!.trim();
}
