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
}

/** No faults. */
export const NO_FAULTS: FaultSettings = { rate429: 0, rate5xx: 0, latencyMs: 0, timeoutRate: 0, hangMs: 15_000 };

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
