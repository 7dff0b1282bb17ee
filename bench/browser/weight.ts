/**
 * Weight: what the extension costs the desk's browser. Gzipped size (level 9) of the
 * production build's content script, panel page, popup and background, each with every file
 * its page or script loads (script and stylesheet tags, module preloads, static imports of
 * chunks); and the JS heaps of a guest page and of its panel frame in Chromium after 10 and
 * after 100 guest navigations.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { round, type Figure } from '../lib/figures';
import { buildIsStale, chromiumMissing, guestPath, openDesk, panelFrame, someMembers, timeToPoints } from './desk';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BUILD = join(ROOT, '.output/chrome-mv3');
const KIB = 1024;
const MIB = 1024 * 1024;

/** Builds the production Chrome extension when it is missing or older than its sources. */
async function ensureBuild(log: (line: string) => void): Promise<void> {
  if (!buildIsStale('.output/chrome-mv3')) return;
  log(existsSync(join(BUILD, 'manifest.json')) ? 'production build older than its sources: wxt build' : 'no production build: wxt build');
  // Chrome only (Firefox's build is not weighed); never with the sandbox's dev hosts.
  await promisify(execFile)(join(ROOT, 'node_modules/.bin/wxt'), ['build'], {
    cwd: ROOT,
    env: { ...process.env, KEYCARD_DEV_HOSTS: '' },
  });
}

type Import = { spec: string; later: boolean };

/**
 * Imports of an ES module chunk (`import … from "./x.js"`, `import "./x.js"`, re-exports) and the
 * chunks it imports later (`import(\`./x.js\`)`, `later`: the popup loads its app after its first
 * paint, entrypoints/popup/main.ts), with what Vite preloads for those (`__vite__mapDeps`, paths
 * from the build's root, returned with a leading `/`).
 */
function chunkImports(code: string): Import[] {
  const found: Import[] = [];
  const pattern = /(?:^|[;\s}])(?:import|export)\s*(?:[^'"();]*?\bfrom\s*)?["']([^"']+\.(?:js|mjs|css))["']/g;
  for (const match of code.matchAll(pattern)) found.push({ spec: match[1]!, later: false });
  for (const match of code.matchAll(/\bimport\(\s*[`'"]([^`'"]+\.m?js)[`'"]\s*\)/g)) found.push({ spec: match[1]!, later: true });
  const preloaded = /__vite__mapDeps=[^\n]*?m\.f=\[([^\]]*)\]/.exec(code)?.[1] ?? '';
  for (const match of preloaded.matchAll(/"([^"]+\.(?:js|css))"/g)) found.push({ spec: `/${match[1]!}`, later: true });
  return found;
}

/**
 * The file and everything it loads, as paths inside the build (`chunks/x.js`). A later import
 * of a chunk `onDemand` matches is not followed: the page loads it only when the desk asks for
 * what it holds (weighed apart). Static imports are always followed, so a chunk the page needs
 * at once is counted even when its name matches.
 */
function closure(entries: readonly string[], onDemand?: RegExp): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file) || !existsSync(join(BUILD, file))) return;
    seen.add(file);
    if (!/\.m?js$/.test(file)) return;
    for (const { spec, later } of chunkImports(readFileSync(join(BUILD, file), 'utf8'))) {
      const target = spec.startsWith('/') ? spec.slice(1) : posix.normalize(posix.join(posix.dirname(file), spec));
      if (!(later && onDemand?.test(target))) visit(target);
    }
  };
  entries.forEach(visit);
  return [...seen];
}

/** Scripts, module preloads and stylesheets an HTML page of the build loads. */
function pageEntries(html: string): string[] {
  const text = readFileSync(join(BUILD, html), 'utf8');
  const files: string[] = [];
  for (const tag of text.matchAll(/<(script|link)\b[^>]*>/g)) {
    const attrs = tag[0];
    const src = /\b(?:src|href)="([^"]+)"/.exec(attrs)?.[1];
    if (!src || /^[a-z]+:/i.test(src)) continue;
    if (tag[1] === 'link' && !/\brel="(?:stylesheet|modulepreload)"/.test(attrs)) continue;
    files.push(src.startsWith('/') ? src.slice(1) : posix.normalize(posix.join(posix.dirname(html), src)));
  }
  return files;
}

function gzipBytes(files: readonly string[]): number {
  return files.reduce((sum, file) => sum + gzipSync(readFileSync(join(BUILD, file)), { level: 9 }).length, 0);
}

function sizeFigure(name: string, label: string, files: readonly string[], budget?: number): Figure {
  const raw = files.reduce((sum, file) => sum + statSync(join(BUILD, file)).size, 0);
  return {
    name,
    label,
    unit: 'KiB gz',
    value: round(gzipBytes(files) / KIB, 2),
    ...(budget === undefined ? {} : { budget }),
    note: `gzip -9 of each file, summed: ${gzipBytes(files).toLocaleString('en-US')} bytes (${round(raw / KIB, 1)} KiB raw) in ${files.join(', ')}; production build.`,
  };
}

/**
 * What the popup loads only when the desk opens a member's detail: the panel's model
 * (lib/models/member-detail.ts) and views (components/popup/SearchDetail.tsx). Named after the
 * modules imported; should a name change, the chunk is counted in the popup again.
 */
const POPUP_DETAIL = /^chunks\/(?:panel-model|PanelContent)-[\w-]{8}\.js$/;

/** The catalogue's parts a page loads only when it needs them (lib/i18n/load.ts). */
const LANGUAGE_PART = /^chunks\/(?:cs|de|en-options|cs-options|de-options)-[\w-]{8}\.js$/;

function withLanguages(figure: Figure, parts: string): Figure {
  return { ...figure, note: `${figure.note} For an English desk; a Czech or German desk adds its language (KiB gz: ${parts}; the options parts load only on the options page).` };
}

function withDetail(figure: Figure, detail: readonly string[]): Figure {
  return {
    ...figure,
    note: `${figure.note} A member's detail, loaded when the desk first opens one, adds ${round(gzipBytes(detail) / KIB, 2)} KiB gz (${detail.join(', ') || 'nothing'}).`,
  };
}

function bundleFigures(): Figure[] {
  const manifest = JSON.parse(readFileSync(join(BUILD, 'manifest.json'), 'utf8')) as {
    background?: { service_worker?: string };
    action?: { default_popup?: string };
  };
  const contentScript = closure(['content-scripts/mews.js']);
  // What an English desk loads: a Czech or German desk adds its language's chunk, the options
  // page the options page's words (lib/i18n/load.ts); those are weighed apart, in the notes.
  const page = (html: string, onDemand?: RegExp) => [html, ...closure(pageEntries(html), onDemand).filter((f) => f !== html && !LANGUAGE_PART.test(f))];
  const popupHtml = manifest.action?.default_popup ?? 'popup.html';
  const popup = page(popupHtml, POPUP_DETAIL);
  // The detail's chunks with what they bring that the popup has not loaded yet.
  const detail = page(popupHtml).filter((f) => !popup.includes(f));
  const panel = page('panel-frame.html');
  const parts = readdirSync(join(BUILD, 'chunks'))
    .filter((name) => LANGUAGE_PART.test(`chunks/${name}`))
    .map((name) => `${name.replace(/-[\w-]{8}\.js$/, '')} ${round(gzipBytes([`chunks/${name}`]) / KIB, 1)}`)
    .sort()
    .join(', ');
  const background = closure([manifest.background?.service_worker ?? 'background.js']);
  return [
    sizeFigure('weight.content-script', 'Content script gzipped (finds the guest, holds the panel\u2019s frame)', contentScript, 25),
    withLanguages(sizeFigure('weight.panel', 'Panel gzipped, its frame page and every chunk it loads', panel, 35), parts),
    withDetail(withLanguages(sizeFigure('weight.popup', 'Popup gzipped, page and every chunk it loads to search (a member\u2019s detail apart)', popup, 35), parts), detail),
    sizeFigure('weight.background', 'Background service worker gzipped', background),
  ];
}

type HeapUsage = { usedSize: number; totalSize: number };

/** Heap figures of one V8 isolate after 10, 55 and 100 navigations. */
function isolateFigures(prefix: string, what: string, [after10, after55, after100]: HeapUsage[], how: string): Figure[] {
  const growth = after100!.usedSize - after10!.usedSize;
  // Growth that stops (warm-up: compiled code, feedback) differs from growth per navigation (a leak).
  const halves = `${round((after55!.usedSize - after10!.usedSize) / KIB, 1)} KiB over navigations 10–55, ${round((after100!.usedSize - after55!.usedSize) / KIB, 1)} KiB over 55–100`;
  return [
    { name: `${prefix}-after-10`, label: `${what} JS heap after 10 guest navigations`, unit: 'MiB', value: round(after10!.usedSize / MIB), note: how },
    { name: `${prefix}-after-100`, label: `${what} JS heap after 100 guest navigations`, unit: 'MiB', value: round(after100!.usedSize / MIB), note: how },
    {
      name: `${prefix}-growth`,
      label: `${what} JS heap growth from 10 to 100 navigations (no growth = no leak)`,
      unit: 'KiB',
      value: round(growth / KIB, 1),
      note: `${round(after10!.usedSize / MIB, 3)} → ${round(after100!.usedSize / MIB, 3)} MiB used (${round(after100!.totalSize / MIB, 1)} MiB allocated); ${halves}. ${how}`,
    },
  ];
}

/**
 * The JS heaps after 10, 55 and 100 navigations, each after a forced GC: the guest page's
 * (the look-alike page and the content script) and the panel frame's (the panel itself, an
 * extension page in its own process).
 */
async function heapFigures(log: (line: string) => void): Promise<Figure[]> {
  const missing = chromiumMissing();
  if (missing) {
    log(`!!! SKIPPED heap: ${missing}`);
    return [];
  }
  const desk = await openDesk({ customers: 2000 }, log);
  try {
    const { stack, browser, enterpriseId } = desk;
    const [first, ...guests] = await someMembers(stack, 101);
    const page = await browser.context.newPage();
    await page.goto(`${stack.sandboxUrl}${guestPath(enterpriseId, first!.accountId)}`);
    const panel = await panelFrame(page);
    await panel.locator(`[data-membership-id="${first!.membershipId}"] [data-field="points"]`).waitFor({ timeout: 30_000 });
    const sessions = [await browser.context.newCDPSession(page), await browser.context.newCDPSession(panel)];
    const heaps = async (): Promise<HeapUsage[]> => {
      // Answers still on their way land first, then two collections (the second sweeps what the first freed).
      await page.waitForTimeout(1_000);
      const usage: HeapUsage[] = [];
      for (const cdp of sessions) {
        await cdp.send('HeapProfiler.collectGarbage');
        await cdp.send('HeapProfiler.collectGarbage');
        usage.push(await cdp.send('Runtime.getHeapUsage'));
      }
      return usage;
    };
    const samples: HeapUsage[][] = [];
    for (const [i, m] of guests.entries()) {
      await timeToPoints(page, guestPath(enterpriseId, m.accountId), m.membershipId);
      if (i + 1 === 10 || i + 1 === 55) samples.push(await heaps());
    }
    samples.push(await heaps());
    const [pageHeaps, panelHeaps] = [0, 1].map((which) => samples.map((sample) => sample[which]!));
    for (const [what, [after10, , after100]] of [['guest page', pageHeaps!], ['panel frame', panelHeaps!]] as const) {
      log(`${what} heap: ${round(after10!.usedSize / MIB)} MiB after 10 navigations, ${round(after100!.usedSize / MIB)} MiB after 100`);
    }
    const how =
      'Runtime.getHeapUsage over CDP after HeapProfiler.collectGarbage, on a sandbox guest page in Chromium with the dev build; each navigation is ' +
      'pushState + popstate to another member, waited until the panel showed that member\u2019s points.';
    return [
      ...isolateFigures('weight.heap', 'Guest page', pageHeaps!, `${how} The page\u2019s V8 isolate: the look-alike page\u2019s scripts and the content script\u2019s isolated world.`),
      ...isolateFigures('weight.panel-heap', 'Panel frame', panelHeaps!, `${how} The panel\u2019s own frame, an extension page with its own V8 isolate.`),
    ];
  } finally {
    await desk.close();
  }
}

export async function weight(log: (line: string) => void): Promise<Figure[]> {
  await ensureBuild(log);
  const sizes = bundleFigures();
  for (const f of sizes) log(`${f.label}: ${f.value} ${f.unit}${f.budget ? ` (budget ${f.budget})` : ''}`);
  return [...sizes, ...(await heapFigures(log))];
}
