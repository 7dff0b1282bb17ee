/**
 * Finds the words a desk could read that do not come from the message catalogue: JSX text,
 * user-facing attribute literals (aria-label, title, placeholder, alt, label) and string literals
 * in the values a view shows (a ternary's branches, a template's text, what a helper returns).
 * Text of only numbers, punctuation and symbols is allowed; so are lowercase machine tokens
 * (`kc-done`, `manager`) outside JSX, and literals compared, passed to calls, used as keys or imported.
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
const MACHINE_TOKEN = /^[-_:./#]?[a-z0-9]+(?:[-_:./#][a-z0-9]+)*[-_:./#]?$/;
const COMPARISONS = new Set(['===', '!==', '==', '!=', 'in']);

export interface StrayText {
  line: number;
  text: string;
}

type Node = { type: string; loc?: { start: { line: number } } | null; [key: string]: unknown };

/** Whether a literal sits where it is not shown (compared, an argument, a key, an import, a type), or in JSX. */
function placeOf(chain: Node[]): 'hidden' | 'jsx' | 'code' {
  for (let i = chain.length - 1; i > 0; i--) {
    const child = chain[i]!;
    const parent = chain[i - 1]!;
    if (parent.type === 'JSXAttribute') {
      const name = (parent.name as Node).name as string;
      return USER_FACING_ATTRIBUTES.has(name) ? 'jsx' : 'hidden';
    }
    if (parent.type === 'JSXExpressionContainer' && chain[i - 2]?.type !== 'JSXAttribute') return 'jsx';
    if ((parent.type === 'CallExpression' || parent.type === 'OptionalCallExpression' || parent.type === 'NewExpression') && (parent.arguments as Node[]).includes(child)) return 'hidden';
    if (parent.type === 'BinaryExpression' && COMPARISONS.has(parent.operator as string)) return 'hidden';
    if (parent.type === 'SwitchCase' && parent.test === child) return 'hidden';
    if (parent.type === 'MemberExpression' && parent.property === child) return 'hidden';
    if ((parent.type === 'ObjectProperty' || parent.type === 'ObjectMethod') && parent.key === child) return 'hidden';
    if (parent.type.startsWith('Import') || parent.type.startsWith('Export') || parent.type.startsWith('TS')) return 'hidden';
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
export function strayTexts(source: string): StrayText[] {
  const file = parse(source, { sourceType: 'module', plugins: ['typescript', 'jsx'] }) as unknown as Node;
  const found: StrayText[] = [];
  const report = (node: Node, text: string) => SAME_IN_EVERY_LANGUAGE.has(text.trim()) || found.push({ line: node.loc?.start.line ?? 0, text: text.trim() });
  const visit = (node: Node, chain: Node[]) => {
    if (node.type === 'JSXText') {
      if (HAS_LETTER.test(node.value as string)) report(node, node.value as string);
    } else if (node.type === 'StringLiteral' || node.type === 'TemplateLiteral') {
      const place = placeOf(chain);
      const texts = node.type === 'StringLiteral'
        ? [node.value as string]
        : (node.quasis as Node[]).map((quasi) => (quasi.value as { cooked: string }).cooked);
      if (place !== 'hidden') {
        for (const text of texts) {
          if (HAS_LETTER.test(text) && (place === 'jsx' || !MACHINE_TOKEN.test(text.trim()))) report(node, text);
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
