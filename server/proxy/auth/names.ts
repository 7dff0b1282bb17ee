/**
 * Names a manager gives devices and partner tokens. They end up in a terminal (the CLI's
 * tables), the audit log, the ledger and its CSV; a control character or a direction override
 * in one rewrites what the reader sees there (a line wiped, a clipboard written, "desk" shown
 * as "manager"). So such names are refused when given, and stored text the CLI prints is
 * escaped, which keeps rows from before the check harmless.
 */

/** Longest name, in UTF-16 units as the contract counts them (lib/contract: 80). */
export const NAME_MAX_LENGTH = 80;

/**
 * C0 controls, DEL and C1 controls; the bidi marks, embeddings, overrides and isolates
 * (U+061C, U+200E/F, U+202A–202E, U+2066–2069); the Unicode line and paragraph separators.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const UNSAFE_EVERYWHERE = new RegExp(UNSAFE.source, 'gu');

const NAMED: Record<string, string> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One unsafe character as a reader can see it: `\r`, `\x1b`, `\u202e`. */
function escapeCharacter(character: string): string {
  const named = NAMED[character];
  if (named) return named;
  const code = character.codePointAt(0)!;
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * What is wrong with a name, phrased to follow the name's label, or undefined when it is fine.
 *
 * @example
 * nameProblem('Desk 1');            // undefined
 * nameProblem('Desk\u202E1');       // 'contains a control or direction character (\u202e at position 5); …'
 */
export function nameProblem(name: string): string | undefined {
  if (name.trim() === '') return 'is empty; give a name such as "Desk 1"';
  if (name.length > NAME_MAX_LENGTH) return `is at most ${NAME_MAX_LENGTH} characters, got ${name.length}`;
  const unsafe = UNSAFE.exec(name);
  if (unsafe) {
    return `contains a control or direction character (${escapeCharacter(unsafe[0])} at position ${unsafe.index + 1}); ` +
      'use letters, digits, spaces and punctuation';
  }
  return undefined;
}

/**
 * Stored text made safe for a terminal: every unsafe character written as an escape.
 *
 * @example
 * escapeForTerminal('Desk\x1b[2K'); // 'Desk\\x1b[2K'
 */
export function escapeForTerminal(text: string): string {
  return text.replace(UNSAFE_EVERYWHERE, escapeCharacter);
}
