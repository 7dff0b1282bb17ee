/**
 * Failures the background words itself (a message it refuses, the server away, a full disk), said
 * from the catalogue. The background has no view and no `deskLanguage` of its own: it says the
 * message in the desk's stored choice (request-language.ts, the language it also asks the proxy
 * for) and sends the key with it, so the view says it again in the desk's language when it renders
 * (lib/i18n/failure-text.ts) and a message already on screen follows a change of language.
 * Key and params rather than the sentence alone: the views re-render on a language change, the
 * background's answers do not come again.
 */
import type { Failure, FailureKind } from '@/lib/contract/messages';
import type { Problem } from '@/lib/contract';
import { sayFailure } from '@/lib/i18n/failure-text';
import type { MessageParams, TextKey } from '@/lib/i18n';
import { requestLanguage } from './request-language';

/**
 * A failed Result said from the catalogue in the desk's language, carrying its key.
 *
 * @example
 * ```ts
 * return saidFailure('invalid', 'failure.noMembership');
 * ```
 */
export function saidFailure(kind: FailureKind, key: TextKey, params?: MessageParams, problem?: Problem): { ok: false; error: Failure } {
  return sayFailure(kind, key, params, { problem, language: requestLanguage() });
}
