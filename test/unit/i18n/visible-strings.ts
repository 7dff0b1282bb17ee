/**
 * Finds the words a desk could read that do not come from the message catalogue: JSX text,
 * user-facing attribute literals (aria-label, title, placeholder, alt, label) and string literals
 * in the values a view shows (a ternary's branches, a template's text, what a helper returns).
 * Text of only numbers, punctuation and symbols is allowed; so are machine tokens (`kc-done`,
 * `manager`, `recentGuests`) outside JSX, and literals compared, passed to calls, used as keys or imported.
 *
 * Plain TypeScript (`{ plain: true }`, for lib/): no JSX, so a message is found where code keeps it:
 * a string returned, assigned, in an object literal (`error:`, `text:`, `title:`) or a table, and an
 * argument to a call (`failure('invalid', 'Choose a tier.')`), except a log line or an Error thrown
 * for the programmer (`console.*`, `new Error(…)`, `Symbol('…')`): those are read by whoever debugs, in English.
 * Code has words that are not the desk's, so a literal also passes when it is a CSS rule or
 * selector, a URL, a MIME type, a locale tag, an upper-case code (`UTC`) or a Mews wire value.
 */
import { createRequire } from 'node:module';
import type * as Babel from '@babel/parser';

// TypeScript 7 has no compiler API; WXT's own @babel/parser reads TSX. Loaded by Node itself:
// the extension's test environment resolves `import` for the browser.
const { parse } = createRequire(import.meta.url)('@babel/parser') as typeof Babel;

const USER_FACING_ATTRIBUTES = new Set(['aria-label', 'title', 'placeholder', 'alt', 'label', 'aria-placeholder', 'aria-roledescription', 'aria-valuetext']);
const HAS_LETTER = /\p{L}/u;
/** Names that read the same in every language: the product and the keys on the keyboard. */
const SAME_IN_EVERY_LANGUAGE = new Set(['Keycard', 'Esc', 'Mews']);
// Lower case or camelCase segments: CSS classes, message types, storage keys, catalogue keys, index names.
const MACHINE_TOKEN = /^[-_:./#]?[a-z0-9][a-zA-Z0-9]*(?:[-_:./#][a-zA-Z0-9]+)*[-_:./#]?$/;
/** Mews's and HTTP's own values (`type: 'Hotel'`, `subscription: 'Free'`, `Bearer …`): the wire's, never shown as words. */
const WIRE_VALUES = new Set(['Hotel', 'ExternalPartner', 'SoftBrand', 'Free', 'Paid', 'Bearer']);
/** Code's text that is not prose: CSS (rules, selectors), URLs, MIME types, locale tags, codes like UTC or NFD, key chords. */
const NOT_PROSE = [/[{}[\]]|^:host|^[a-z]+(?:\s+[a-z0-9]+)?,\s/, /^[a-z]+:\/\//, /^[a-z]+\/[-\w.+]+(?:;[-\w=]+)?$/, /^[a-z]{2}-[A-Z]{2}$/, /^[A-Z]{1,4}$/, /^(?:Alt|Ctrl|Shift|Meta)\+/];
/** Calls whose text is for whoever debugs, not the desk: logs, programmer errors, a Symbol's description. */
const quietCallee = (callee: Node): boolean =>
  (callee.type === 'MemberExpression' && (callee.object as Node).type === 'Identifier' && (callee.object as Node).name === 'console') ||
  (callee.type === 'Identifier' && (/Error$/.test(callee.name as string) || callee.name === 'Symbol'));
/** TypeScript wrappers around a value that is still shown (`'Saved' as const`, `x!`, `satisfies`). */
const TRANSPARENT_TS = new Set(['TSAsExpression', 'TSSatisfiesExpression', 'TSNonNullExpression', 'TSTypeAssertion', 'TSInstantiationExpression']);
const COMPARISONS = new Set(['===', '!==', '==', '!=', 'in']);

export interface ScanOptions {
  /** Plain TypeScript (lib/): no JSX, and the strings passed to calls count (see the file's comment). */
  plain?: boolean;
}

export interface StrayText {
  line: number;
  text: string;
}

type Node = { type: string; loc?: { start: { line: number } } | null; [key: string]: unknown };

/** Whether a literal sits where it is not shown (compared, an argument, a key, an import, a type), or in JSX. */
function placeOf(chain: Node[], plain: boolean): 'hidden' | 'jsx' | 'code' {
  for (let i = chain.length - 1; i > 0; i--) {
    const child = chain[i]!;
    const parent = chain[i - 1]!;
    if (parent.type === 'JSXAttribute') {
      const name = (parent.name as Node).name as string;
      return USER_FACING_ATTRIBUTES.has(name) ? 'jsx' : 'hidden';
    }
    if (parent.type === 'JSXExpressionContainer' && chain[i - 2]?.type !== 'JSXAttribute') return 'jsx';
    if ((parent.type === 'CallExpression' || parent.type === 'OptionalCallExpression' || parent.type === 'NewExpression') && (parent.arguments as Node[]).includes(child)) {
      if (!plain || quietCallee(parent.callee as Node)) return 'hidden';
    }
    if (parent.type === 'ThrowStatement') return 'hidden';
    if (parent.type === 'BinaryExpression' && COMPARISONS.has(parent.operator as string)) return 'hidden';
    if (parent.type === 'SwitchCase' && parent.test === child) return 'hidden';
    if (parent.type === 'MemberExpression' && parent.property === child) return 'hidden';
    if ((parent.type === 'ObjectProperty' || parent.type === 'ObjectMethod') && parent.key === child) return 'hidden';
    // A module's name (`import … from 'x'`, `import('x')`, `export * from 'x'`) or a type; not an exported function's body.
    if (parent.type.startsWith('Import') || (parent.type === 'CallExpression' && (parent.callee as Node).type === 'Import') || parent.type === 'ExportSpecifier' || (parent.type.startsWith('Export') && parent.source === child)) return 'hidden';
    if (parent.type.startsWith('TS') && !TRANSPARENT_TS.has(parent.type)) return 'hidden';
  }
  return 'code';
}

/**
 * The stray user-visible texts in one TSX source.
 *
 * @example
 * ```ts
 * strayTexts('const v = <p>Hello</p>;'); // → [{ line: 1, text: 'Hello' }]
 * ```
 */
export function strayTexts(source: string, { plain = false }: ScanOptions = {}): StrayText[] {
  const file = parse(source, { sourceType: 'module', plugins: plain ? ['typescript'] : ['typescript', 'jsx'] }) as unknown as Node;
  const notWords = (text: string) => MACHINE_TOKEN.test(text) || (plain && (WIRE_VALUES.has(text) || NOT_PROSE.some((pattern) => pattern.test(text))));
  const found: StrayText[] = [];
  const report = (node: Node, text: string) => SAME_IN_EVERY_LANGUAGE.has(text.trim()) || found.push({ line: node.loc?.start.line ?? 0, text: text.trim() });
  const visit = (node: Node, chain: Node[]) => {
    if (node.type === 'JSXText') {
      if (HAS_LETTER.test(node.value as string)) report(node, node.value as string);
    } else if (node.type === 'StringLiteral' || node.type === 'TemplateLiteral') {
      const place = placeOf(chain, plain);
      const texts = node.type === 'StringLiteral'
        ? [node.value as string]
        : (node.quasis as Node[]).map((quasi) => (quasi.value as { cooked: string }).cooked);
      if (place !== 'hidden') {
        for (const text of texts) {
          if (HAS_LETTER.test(text) && (place === 'jsx' || !notWords(text.trim()))) report(node, text);
        }
      }
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === 'loc' || key === 'leadingComments' || key === 'trailingComments' || key === 'innerComments' || key === 'extra') continue;
      for (const child of Array.isArray(value) ? value : [value]) {
        if (child && typeof child === 'object' && typeof (child as Node).type === 'string') visit(child as Node, [...chain, child as Node]);
      }
    }
  };
  visit(file, [file]);
  return found;
}
