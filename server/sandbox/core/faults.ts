/**
 * Injected failures for resilience tests (`POST /_sandbox/faults`). They apply to Connector
 * API paths only, never to the test hooks or the look-alike pages.
 */
import { MewsError } from './errors.ts';

/** Fault settings; rates are probabilities 0..1. */
export interface FaultSettings {
  /** Share of requests answered 429 (with Retry-After: 1) regardless of the real limit. */
  rate429: number;
  /** Share of requests answered 500 or 503. */
  rate5xx: number;
  /** Delay added before every API request is handled. */
  latencyMs: number;
  /** Share of requests that hang for `hangMs`, then get 408 (a 10 s client sees a timeout). */
  timeoutRate: number;
  /** How long a "timeout" request hangs; default 15 s. */
  hangMs: number;
  /**
   * Share of writes Mews applies late: held `applyLateMs`, then applied and answered. A client
   * whose timeout is shorter has given up by then, yet the write still lands.
   */
  applyLateRate: number;
  applyLateMs: number;
  /** Share of writes applied whose answer is lost: the connection drops after the change. */
  dropAnswerAfterApplyRate: number;
  /** Share of reads answered slowly: the answer is what Mews held on arrival, sent `readLateMs` later. */
  readLateRate: number;
  readLateMs: number;
}

/** No faults. */
export const NO_FAULTS: FaultSettings = {
  rate429: 0, rate5xx: 0, latencyMs: 0, timeoutRate: 0, hangMs: 15_000,
  applyLateRate: 0, applyLateMs: 0, dropAnswerAfterApplyRate: 0, readLateRate: 0, readLateMs: 0,
};

/** Validates a `/_sandbox/faults` body, merging it over `current`; throws 400 on nonsense. */
export function parseFaults(body: unknown, current: FaultSettings): FaultSettings {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new MewsError(400, 'Invalid JSON.');
  const b = body as Record<string, unknown>;
  const next = { ...current };
  const num = (key: keyof FaultSettings, max: number) => {
    const v = b[key];
    if (v === undefined || v === null) return;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > max) throw new MewsError(400, `Invalid ${key}.`, `0..${max}`);
    next[key] = v;
  };
  num('rate429', 1);
  num('rate5xx', 1);
  num('timeoutRate', 1);
  num('latencyMs', 120_000);
  num('hangMs', 600_000);
  num('applyLateRate', 1);
  num('applyLateMs', 600_000);
  num('dropAnswerAfterApplyRate', 1);
  num('readLateRate', 1);
  num('readLateMs', 600_000);
  // The names the resilience suites use for "every write late by N ms": a delay alone means all.
  if (b.applyLateMs !== undefined && b.applyLateRate === undefined && next.applyLateMs > 0 && current.applyLateRate === 0) next.applyLateRate = 1;
  if (b.readLateMs !== undefined && b.readLateRate === undefined && next.readLateMs > 0 && current.readLateRate === 0) next.readLateRate = 1;
  return next;
}

/** Sleeps `ms`; the timer does not keep the process alive, and `signal` cuts it short. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    t.unref?.();
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}

/**
 * Runs the faults for one API request: waits, then maybe throws 408/429/5xx.
 * `random` is injectable so tests can be exact; `signal` ends hangs on reset/close.
 */
export async function applyFaults(f: FaultSettings, random: () => number, signal: AbortSignal): Promise<void> {
  await sleep(f.latencyMs, signal);
  if (f.timeoutRate > 0 && random() < f.timeoutRate) {
    await sleep(f.hangMs, signal);
    throw new MewsError(408, 'The request timed out. Request smaller batches of data.', 'sandbox fault: timeoutRate');
  }
  if (f.rate429 > 0 && random() < f.rate429) {
    throw new MewsError(429, 'Too many requests. Wait before retrying.', 'sandbox fault: rate429', { 'Retry-After': '1' });
  }
  if (f.rate5xx > 0 && random() < f.rate5xx) {
    const status = random() < 0.5 ? 500 : 503;
    throw new MewsError(status, 'An unexpected error occurred.', 'sandbox fault: rate5xx');
  }
}

/** What happens around one operation once it passed the pipeline's checks. */
export interface OperationFaults {
  /** Wait this long before applying (a write) or before answering (a read). */
  lateMs: number;
  /** A write: apply it, then drop the connection instead of answering. */
  dropAnswer: boolean;
}

/** Reads are the operations that only look: `…/get`, `…/getAll`, `…/search` (and dated variants). */
export const isReadOperation = (name: string) => /\/(get|getAll|search)(\/|$)/.test(name);

/** Draws the late-apply, lost-answer and slow-read faults for one operation. */
export function operationFaults(f: FaultSettings, random: () => number, name: string): OperationFaults {
  if (isReadOperation(name)) {
    return { lateMs: f.readLateRate > 0 && random() < f.readLateRate ? f.readLateMs : 0, dropAnswer: false };
  }
  return {
    lateMs: f.applyLateRate > 0 && random() < f.applyLateRate ? f.applyLateMs : 0,
    dropAnswer: f.dropAnswerAfterApplyRate > 0 && random() < f.dropAnswerAfterApplyRate,
  };
}
