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
    const stray = files.flatMap((file) =>
      strayTexts(readFileSync(file, 'utf8')).map(({ line, text }) => `${relative(root, file)}:${line} ${JSON.stringify(text)}`),
    );
    expect(stray).toEqual([]);
  });
});
