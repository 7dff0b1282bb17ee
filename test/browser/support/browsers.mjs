/**
 * Real browsers with the built extension loaded: Debian's Chromium through playwright-core,
 * Firefox ESR through puppeteer-core (Playwright's Firefox needs a patched build).
 * A browser that is not installed makes its suite skip loudly with the install hint.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './stack.mjs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
export const CHROME_BUILD = join(ROOT, '.output/dev/chrome-mv3');
export const FIREFOX_BUILD = join(ROOT, '.output/dev/firefox-mv2');
export const SCREENSHOTS = join(ROOT, 'test-results/screenshots');

/** Why a suite must skip, or false. Printed loudly by the caller. */
export function missing(browser) {
  if (browser === 'chromium' && !existsSync(CHROMIUM)) return `Chromium not found at ${CHROMIUM}: apt-get install -y chromium`;
  if (browser === 'firefox' && !existsSync(FIREFOX)) return `Firefox not found at ${FIREFOX}: apt-get install -y firefox-esr`;
  const build = browser === 'chromium' ? CHROME_BUILD : FIREFOX_BUILD;
  if (!existsSync(join(build, 'manifest.json'))) return `no extension build at ${build}: run npm run build:dev`;
  return false;
}

export function skipLoudly(reason) {
  if (reason) console.warn(`\n!!! SKIPPED: ${reason}\n`);
  return reason;
}

export async function screenshotPath(name) {
  await mkdir(SCREENSHOTS, { recursive: true });
  return join(SCREENSHOTS, `${name}.png`);
}

/**
 * @param {{ profileDir?: string }} [options] reuse a profile to test restarts
 * @returns {Promise<{ context: import('playwright-core').BrowserContext, extensionId: string, profileDir: string, errors: string[], close(): Promise<void> }>}
 */
export async function launchChromium(options = {}) {
  const { chromium } = await import('playwright-core');
  const profileDir = options.profileDir ?? (await mkdtemp(join(tmpdir(), 'keycard-chromium-')));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--disable-extensions-except=${CHROME_BUILD}`,
      `--load-extension=${CHROME_BUILD}`,
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  // Console errors from pages and the service worker fail tests that check `errors`.
  const errors = [];
  const watch = (page) =>
    page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  context.pages().forEach(watch);
  context.on('page', watch);
  return { context, extensionId, profileDir, errors, close: () => context.close() };
}

/**
 * @returns {Promise<{ browser: import('puppeteer-core').Browser, extensionUuid: string, close(): Promise<void> }>}
 */
export async function launchFirefox() {
  const puppeteer = (await import('puppeteer-core')).default;
  const extensionUuid = 'c2f7f1a0-6b0e-4c4e-9c3a-4b5d2e8a7f10';
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      // A fixed moz-extension:// UUID so tests can open the extension's own pages.
      'extensions.webextensions.uuids': JSON.stringify({ 'keycard@keycard.dev': extensionUuid }),
      'datareporting.policy.dataSubmissionEnabled': false,
      'browser.shell.checkDefaultBrowser': false,
    },
  });
  await browser.installExtension(FIREFOX_BUILD);
  return { browser, extensionUuid, close: () => browser.close() };
}
