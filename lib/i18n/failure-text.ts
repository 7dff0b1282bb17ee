/**
 * What a view shows for a failed answer. Keycard's own failures carry the catalogue key they were
 * said from (`Failure.text`), and are said again here in the desk's current language, so one on
 * screen follows a change of language; the proxy's refusals are already in the desk's language
 * (it answered `Accept-Language`) and show as they came.
 */
import { failure, type Failure, type FailureKind, type SaidText } from '@/lib/contract/messages';
import type { Problem } from '@/lib/contract';
import { deskLanguage, hasText, t, type MessageParams } from './translate';
import type { TextKey } from './catalogue';
import type { Language } from './languages';

const isTextKey = (key: string): key is TextKey => hasText(key);

/**
 * A said text in a language (the desk's by default); null for a key this catalogue does not have.
 *
 * @example
 * ```ts
 * sayText({ key: 'failure.unreachable' }, 'de'); // → 'Keycard-Server nicht erreichbar – bitte erneut versuchen.'
 * ```
 */
export function sayText(text: SaidText, language?: Language): string | null {
  return isTextKey(text.key) ? t(text.key, text.params as MessageParams | undefined, language) : null;
}

/**
 * The failure's sentence in the desk's current language (read while rendering, so it follows).
 *
 * @example
 * ```ts
 * <p role="alert">{failureText(form.submitError.value)}</p>
 * ```
 */
export function failureText(failure: Pick<Failure, 'message' | 'text'>): string {
  return (failure.text && sayText(failure.text)) ?? failure.message;
}

/**
 * A failure Keycard words itself, said from the catalogue (in the desk's language unless told
 * another: the background passes the desk's stored choice) and carrying its key, so a view says it
 * again in the language the desk has when it renders.
 *
 * @example
 * ```ts
 * error.value = sayFailure('invalid', 'dates.chooseBoth').error;
 * ```
 */
export function sayFailure(
  kind: FailureKind,
  key: TextKey,
  params?: MessageParams,
  { problem, language = deskLanguage.value }: { problem?: Problem; language?: Language } = {},
): { ok: false; error: Failure } {
  const said = failure(kind, t(key, params, language), problem);
  said.error.text = params ? { key, params } : { key };
  return said;
}
