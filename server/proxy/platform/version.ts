/** The proxy's version: package.json's, read once so /health and OpenAPI agree with npm. */
import { readFileSync } from 'node:fs';

/**
 * Keycard's package.json, looked for upwards from this module: the source sits three folders
 * down (server/proxy/platform), the compiled bundle two (dist/proxy, scripts/build-proxy.mjs).
 */
function readVersion(): string {
  for (const up of ['../../../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(up, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'keycard') return pkg.version ?? '0.0.0';
    } catch {
      // not there: try the next place
    }
  }
  return '0.0.0';
}

export const PROXY_VERSION = readVersion();
