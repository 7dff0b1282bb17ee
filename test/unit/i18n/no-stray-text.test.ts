/**
 * Nothing a desk reads is written in a view or in the code behind it: every word comes from the
 * catalogue (lib/i18n), so it is there in Czech and German too. Scans components/, the
 * extension's entrypoints and lib/ (the background's answers, the models' notices).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { strayTexts } from './visible-strings';

const root = resolve(__dirname, '../../..');

function sourceFiles(dir: string, ending: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path, ending);
    return ending.test(name) ? [path] : [];
  });
}

/**
 * Parts of lib/ that say nothing to a desk in its language, and why:
 * - lib/i18n: the catalogues themselves.
 * - lib/contract: the proxy's words. Its schemas validate requests on the server, which words its
 *   refusals for desks in lib/contract/problem-texts.ts (its catalogue, picked by Accept-Language).
 */
const NOT_THE_DESKS = ['lib/i18n/', 'lib/contract/'];

/**
 * Literals in lib/ that look like words but are not the desk's to read in its language, and why.
 * Each is `file: text`, so a new string beside them is still caught.
 */
const DATA_NOT_WORDS = new Set([
  // The note an Undo writes into the ledger: stored data every desk and the audit read, in any
  // language, like a note a receptionist types; written in English once, not in the desk's language.
  'lib/models/guest-writes.ts: Undo of',
]);

const strays = (files: string[], plain: boolean) =>
  files.flatMap((file) =>
    strayTexts(readFileSync(file, 'utf8'), { plain: plain && file.endsWith('.ts') })
      .filter(({ text }) => !DATA_NOT_WORDS.has(`${relative(root, file)}: ${text}`))
      .map(({ line, text }) => `${relative(root, file)}:${line} ${JSON.stringify(text)}`),
  );

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

  it('in plain TypeScript, finds messages passed, returned, assigned and in objects, and lets logs, errors and machine text pass', () => {
    const source = `const invalid = (message: string) => failure('invalid', message);
      const CALM: Record<string, string> = { unreachable: 'Server unreachable — try again.', kind: 'notFound' };
      function check(x: unknown): string | null {
        if (!x) return 'Choose both dates.';
        if (x === 'Hotel') return invalid('No program given.');
        console.warn('[keycard] sync failed', x);
        if (x === 1) throw new Error('Unknown state ' + x);
        const NOT_A_NUMBER = Symbol('not a number');
        notice.value = \`Saved \${x}.\`;
        const error = { kind: 'server', message: 'Keycard had a problem.', type: 'Hotel', keys: 'Alt+Shift+L', auth: \`Bearer \${x}\` };
        document.querySelector('main h1, [role="main"] h1')?.setAttribute('lang', 'en-US');
        const style = ':host { all: initial; }';
        storage.getItem<string>('local:deskLanguage'); db.index('recentGuests'); send({ type: 'getContext' });
        return t('check.zero', { unit: 'UTC', url: 'https://app.mews.com', mime: 'text/csv;charset=utf-8' });
      }`;
    expect(strayTexts(source, { plain: true }).map((s) => s.text)).toEqual([
      'Server unreachable — try again.',
      'Choose both dates.',
      'No program given.',
      'Saved',
      'Keycard had a problem.',
    ]);
  });

  it('comes only from the catalogue in every view', () => {
    const files = [...sourceFiles(join(root, 'components'), /\.tsx$/), ...sourceFiles(join(root, 'entrypoints'), /\.tsx$/)];
    expect(strays(files, false)).toEqual([]);
  });

  it('comes only from the catalogue in what lib/ tells the desk', () => {
    const files = sourceFiles(join(root, 'lib'), /\.tsx?$/).filter((file) => !NOT_THE_DESKS.some((part) => relative(root, file).startsWith(part)));
    expect(strays(files, true)).toEqual([]);
  });
});
