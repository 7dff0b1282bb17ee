/**
 * popup.html's first frame: the search box, drawn before any script runs, styled by the
 * stylesheets inlined into the page at build (wxt.config.ts), so the frame waits for no
 * stylesheet (issue 19's popup.first-paint). Every class the box uses needs its rule there.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const PAGE = resolve(process.cwd(), 'entrypoints/popup/index.html');

describe('the popup\u2019s first frame', () => {
  const html = readFileSync(PAGE, 'utf8');
  // The page's links read from its text: parsed, the test's DOM would try to fetch them.
  const links = [...html.matchAll(/<link\b[^>]*>/g)].map(([tag]) => tag);
  const stylesheets = links.filter((tag) => /\brel="stylesheet"/.test(tag));
  const inlined = stylesheets.filter((tag) => /\bdata-inline\b/.test(tag)).map((tag) => /\bhref="([^"]+)"/.exec(tag)![1]!);
  const page = new DOMParser().parseFromString(html.replace(/<link\b[^>]*>/g, ''), 'text/html');

  it('inlines the search box\u2019s stylesheets and links none to wait for', () => {
    expect(inlined).toEqual(['./first-frame.css', '../panel-frame/basics.css']);
    expect(stylesheets).toHaveLength(inlined.length);
  });

  it('has a rule in them for every class the pre-drawn box uses', () => {
    const css = inlined.map((href) => readFileSync(resolve(dirname(PAGE), href), 'utf8')).join('\n');
    const classes = new Set([...page.querySelectorAll('#app [class]')].flatMap((node) => [...node.classList]));
    expect(classes.size).toBeGreaterThan(3);
    const missing = [...classes].filter((name) => !new RegExp(`\\.${name}(?![\\w-])`).test(css));
    expect(missing).toEqual([]);
  });

  it('leaves the rest of the popup\u2019s look to its app, not to the page\u2019s first script', () => {
    const main = readFileSync(resolve(dirname(PAGE), 'main.ts'), 'utf8');
    expect(main).not.toMatch(/import\s+['"][^'"]+\.css['"]/);
  });
});
