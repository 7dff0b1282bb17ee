import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { transformSync } from 'esbuild';
import type { Plugin } from 'vite';
import { defineConfig } from 'wxt';

/**
 * Production builds run only on Mews Operations. `KEYCARD_DEV_HOSTS=1` (set by `npm start`
 * and the browser tests) adds the local sandbox's look-alike pages.
 */
const devHosts = process.env.KEYCARD_DEV_HOSTS === '1';
export const MEWS_HOSTS = ['https://app.mews.com/*', 'https://app.mews-demo.com/*'];
export const DEV_HOSTS = ['http://localhost/*', 'http://127.0.0.1/*'];

/**
 * A page's `<link rel="stylesheet" href="…" data-inline>` becomes a `<style>` holding that file,
 * minified: a first frame that waits for no stylesheet, from the same source file the other pages
 * import (popup.html: its search box, issue 19's first paint).
 */
function inlineStylesheets(): Plugin {
  return {
    name: 'keycard:inline-stylesheets',
    transformIndexHtml: {
      order: 'pre',
      handler: (html, { filename }) =>
        html.replace(/<link\b[^>]*\bdata-inline\b[^>]*>/g, (tag) => {
          const href = /\bhref="([^"]+)"/.exec(tag)?.[1];
          if (!href) throw new Error(`${filename}: ${tag} names no stylesheet`);
          const css = readFileSync(resolve(dirname(filename), href), 'utf8');
          return `<style>${transformSync(css, { loader: 'css', minify: true }).code.trim()}</style>`;
        }),
    },
  };
}

export default defineConfig({
  srcDir: '.',
  // Dev-host builds go beside production ones so a stray test build is never shipped.
  outDir: devHosts ? '.output/dev' : '.output',
  // The extension's files come from disk: a dynamic import (the popup's app, a language's words)
  // needs no preloading, and Vite's helper for it was 1.1 KiB gz in every page (issue 19's weights).
  vite: () => ({ build: { modulePreload: false }, plugins: [inlineStylesheets()] }),
  manifest: ({ browser, manifestVersion }) => ({
    name: 'Keycard',
    description: 'Loyalty membership, tier and points beside Mews Operations.',
    // storage: settings and device token; alarms: delta sync and outbox replay while the
    // worker sleeps. No host permissions: the background reaches the proxy through CORS
    // (the proxy allows extension origins only), so the extension cannot read any site.
    permissions: ['storage', 'alarms'],
    // The panel's page, framed by the content script inside Mews Operations: web-accessible on
    // Mews's pages only. Chrome loads it through a per-session address (use_dynamic_url), so no
    // page can frame a copy it guessed; Firefox's MV2 list has no matches, but its address
    // holds this installation's random UUID.
    web_accessible_resources:
      manifestVersion === 2
        ? ['panel-frame.html']
        : [{ resources: ['panel-frame.html'], matches: MEWS_HOSTS, use_dynamic_url: true }],
    commands: {
      // MV3 opens the action's popup with `_execute_action`; Firefox's MV2 build only knows
      // `_execute_browser_action` (WXT does not translate the name), so Alt+Shift+K needs both spellings.
      [manifestVersion === 2 ? '_execute_browser_action' : '_execute_action']: {
        suggested_key: { default: 'Alt+Shift+K' },
        description: 'Search loyalty members',
      },
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'keycard@keycard.dev',
              // 142: the first version that knows data_collection_permissions.
              strict_min_version: '142.0',
              data_collection_permissions: { required: ['personallyIdentifyingInfo'] },
            },
          },
        }
      : {
          // Lets administrators fix the proxy URL by policy (read via storage.managed).
          // Firefox reads managed storage from a native manifest instead and rejects this key.
          storage: { managed_schema: 'managed-schema.json' },
        }),
  }),
  // `npm run zip`: the Chrome Web Store and AMO packages, and AMO's sources archive. The sources
  // are what builds the extension: never the proxy's data (its store holds device tokens), tests or benchmarks.
  zip: {
    excludeSources: ['data/**', 'test-results/**', 'test/**', 'bench/**', 'server/**', 'scripts/**', '**/*.log', '**/*.pairing-key', '**/*.sqlite*'],
  },
  hooks: {
    // Content-script matches are declared in the entrypoint; widen them for the sandbox.
    'build:manifestGenerated': (_wxt, manifest) => {
      if (!devHosts) return;
      for (const script of manifest.content_scripts ?? []) {
        script.matches = [...(script.matches ?? []), ...DEV_HOSTS];
      }
      // The panel's page is a web-accessible resource scoped to the same pages.
      for (const resource of manifest.web_accessible_resources ?? []) {
        if (typeof resource === 'object' && 'matches' in resource) {
          resource.matches = [...(resource.matches ?? []), ...DEV_HOSTS];
        }
      }
    },
  },
});
