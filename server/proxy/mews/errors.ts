/**
 * One error type for everything that can go wrong talking to Mews, and its translation into
 * what the desk sees. Tokens never appear here: messages are redacted before they are stored.
 */
import { problemDetail, type ProblemText } from '../../../lib/contract/problem-texts';

/**
 * - `http`: Mews answered with an error status (`status` is it).
 * - `timeout`: no answer in time; whether a write happened is unknown.
 * - `network`: connection failed (refused, reset, DNS).
 * - `invalid-response`: 2xx with a body that is not the JSON we expect.
 * - `rate-limited`: 429 and we gave up waiting (too many retries or Retry-After too long).
 */
export type MewsErrorKind = 'http' | 'timeout' | 'network' | 'invalid-response' | 'rate-limited';

export class MewsError extends Error {
  override readonly name = 'MewsError';
  readonly kind: MewsErrorKind;
  /** HTTP status from Mews, or 0 when there was none (timeout, network). */
  readonly status: number;
  readonly operation: string;
  /** Mews's `Message` (for 403: meant for the end user). */
  readonly mewsMessage: string | null;
  readonly requestId: string | null;
  /** For `rate-limited`: how long Mews asked us to wait. */
  readonly retryAfterMs: number | null;

  constructor(init: {
    kind: MewsErrorKind;
    status?: number;
    operation: string;
    mewsMessage?: string | null;
    requestId?: string | null;
    retryAfterMs?: number | null;
    detail?: string;
  }) {
    const status = init.status ?? 0;
    const base = `Mews ${init.operation} failed (${init.kind}${status ? ` ${status}` : ''})`;
    const extra = init.mewsMessage ?? init.detail;
    super(extra ? `${base}: ${extra}` : base);
    this.kind = init.kind;
    this.status = status;
    this.operation = init.operation;
    this.mewsMessage = init.mewsMessage ?? null;
    this.requestId = init.requestId ?? null;
    this.retryAfterMs = init.retryAfterMs ?? null;
  }

  /**
   * True when Mews may or may not have applied a write: the caller must keep its ledger entry
   * pending and reconcile later instead of assuming either outcome.
   */
  get outcomeUnknown(): boolean {
    return this.kind === 'timeout' || this.kind === 'network' || this.kind === 'invalid-response' ||
      (this.kind === 'http' && (this.status >= 500 || this.status === 408));
  }

  toJSON() {
    return {
      name: this.name,
      kind: this.kind,
      status: this.status,
      operation: this.operation,
      message: this.message,
      requestId: this.requestId,
    };
  }
}

export function isMewsError(error: unknown): error is MewsError {
  return error instanceof MewsError;
}

/** Replaces every secret occurring in `text` with `***`. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret) out = out.split(secret).join('***');
  return out;
}

const PROBLEM_BASE = 'https://keycard.dev/problems/';

/** A Mews failure as a problem: `detail` in English, `text` its catalogued words. */
export interface MewsProblem {
  type: string;
  title: string;
  status: number;
  detail: string;
  text: ProblemText;
  mewsRequestId?: string;
  retryAfter?: number;
}

/**
 * What the desk sees for a Mews failure (RFC 9457), its detail as catalogued words (`text`,
 * lib/contract/problem-texts). 403 is a business rule Mews wants the user to read, so its
 * Message is the detail (Keycard's framing around it is said in the desk's language, Mews's
 * words stay as Mews sent them); 401 means our tokens are wrong, which the desk cannot fix;
 * everything else is "Mews is unwell", 502/503/504.
 *
 * @example
 * mewsProblem(new MewsError({ kind: 'http', status: 403, operation: 'loyaltyMemberships/add',
 *   mewsMessage: 'Customer is already a member.' })).status // 422
 */
export function mewsProblem(error: MewsError): MewsProblem {
  const problem = mewsWords(error);
  return { ...problem, detail: problemDetail('en', problem.text) };
}

function mewsWords(error: MewsError): Omit<MewsProblem, 'detail'> {
  const ref = error.requestId ? { mewsRequestId: error.requestId } : {};
  const quoting = (key: 'mewsRefused' | 'mewsConflict' | 'mewsRejected', silently: ProblemText['key']): ProblemText =>
    error.mewsMessage ? { key, params: { message: error.mewsMessage } } : { key: silently };
  if (error.kind === 'http') {
    if (error.status === 403) {
      return {
        type: `${PROBLEM_BASE}mews-rejected`,
        title: 'Mews refused the change',
        status: 422,
        text: quoting('mewsRefused', 'mewsRefusedSilently'),
        ...ref,
      };
    }
    if (error.status === 409) {
      return {
        type: `${PROBLEM_BASE}mews-conflict`,
        title: 'The data changed in Mews; refresh and try again',
        status: 409,
        text: quoting('mewsConflict', 'mewsConflictSilently'),
        ...ref,
      };
    }
    if (error.status === 401) {
      return {
        type: `${PROBLEM_BASE}proxy-misconfigured`,
        title: 'Proxy misconfigured',
        status: 502,
        text: { key: 'mewsCredentials' },
        ...ref,
      };
    }
    if (error.status === 408) {
      return { type: `${PROBLEM_BASE}mews-timeout`, title: 'Mews timed out', status: 504, text: { key: 'mewsTimeout' }, ...ref };
    }
    if (error.status >= 400 && error.status < 500) {
      return {
        type: `${PROBLEM_BASE}mews-bad-request`,
        title: 'Mews rejected the request',
        status: 502,
        text: quoting('mewsRejected', 'mewsRejectedSilently'),
        ...ref,
      };
    }
    return { type: `${PROBLEM_BASE}mews-unavailable`, title: 'Mews is unavailable', status: 502, text: { key: 'mewsUnavailable' }, ...ref };
  }
  if (error.kind === 'timeout') {
    return { type: `${PROBLEM_BASE}mews-timeout`, title: 'Mews timed out', status: 504, text: { key: 'mewsTimeout' }, ...ref };
  }
  if (error.kind === 'rate-limited') {
    const retryAfter = Math.ceil((error.retryAfterMs ?? 1000) / 1000);
    return {
      type: `${PROBLEM_BASE}mews-rate-limited`,
      title: 'Mews is busy; try again shortly',
      status: 503,
      text: { key: 'mewsBusy', params: { seconds: retryAfter } },
      retryAfter,
    };
  }
  if (error.kind === 'invalid-response') {
    return { type: `${PROBLEM_BASE}mews-invalid-response`, title: 'Mews sent an invalid response', status: 502, text: { key: 'mewsInvalidResponse' }, ...ref };
  }
  return { type: `${PROBLEM_BASE}mews-unreachable`, title: 'Mews is unreachable', status: 502, text: { key: 'mewsUnreachable' } };
}
