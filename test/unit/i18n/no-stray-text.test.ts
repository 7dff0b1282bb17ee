/**
 * Nothing a desk reads is written in a view: every word comes from the catalogue (lib/i18n),
 * so it is there in Czech and German too. Scans components/ and the extension's entrypoints.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { strayTexts } from './visible-strings';

const root = resolve(__dirname, '../../..');

function viewFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return viewFiles(path);
    return name.endsWith('.tsx') ? [path] : [];
  });
}

/**
 * Views not yet moved to the catalogue (issue 18 lands in steps): each must still have stray
 * text, so a view that is done must leave this list, and the list only shrinks.
 */
const NOT_YET_TRANSLATED = new Set<string>([
  'components/options/EarningRules.tsx', 'components/options/EarningRulesForm.tsx',
]);

describe('user-visible text', () => {
  it('the scanner finds text, labels and shown literals, and lets keys, classes and symbols pass', () => {
    const source = `const a = (n: number) => n === 1 ? 'One point' : 'Points';
      export const V = ({ on }: { on: boolean }) => (
        <p class={on ? 'kc-on' : 'kc-off'} aria-label="Close" title={t('a.b')} data-x="Ignored words">
          Hello {on ? 'Open' : t('c.d')} — {'·'} {\`\${1} pts\`} {on === 'manager' ? 1 : 2}
        </p>
      );`;
    expect(strayTexts(source).map((s) => s.text)).toEqual(['One point', 'Points', 'Close', 'Hello', 'Open', 'pts']);
  });

  it('comes only from the catalogue in every view', () => {
    const files = [...viewFiles(join(root, 'components')), ...viewFiles(join(root, 'entrypoints'))];
    const stray = files.flatMap((file) => {
      const name = relative(root, file);
      const found = strayTexts(readFileSync(file, 'utf8')).map(({ line, text }) => `${name}:${line} ${JSON.stringify(text)}`);
      if (!NOT_YET_TRANSLATED.has(name)) return found;
      return found.length === 0 ? [`${name} is translated: take it off NOT_YET_TRANSLATED`] : [];
    });
    expect(stray).toEqual([]);
  });
});
