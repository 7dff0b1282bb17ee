/**
 * The mutable state of one sandbox instance. `reset()` swaps the store and clears the
 * counters in place, so handlers always read the current fields through this object.
 */
import type { Behaviour } from './behaviour.ts';
import type { FaultSettings } from './faults.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { Stats } from './stats.ts';
import type { Store } from './store.ts';
import type { Webhooks } from './webhooks.ts';

/** Options after defaults were applied. */
export interface ResolvedOptions {
  customers: number;
  seed: number;
  maxBodyBytes: number;
}

/** Everything one sandbox holds. */
export interface SandboxState {
  store: Store;
  /** POSTs served so far (every write is one): tells a saver (core/snapshot.ts) when to save. */
  changes: number;
  faults: FaultSettings;
  /** How the sandbox reads the docs where they are silent (behaviour.ts). */
  behaviour: Behaviour;
  stats: Stats;
  limiter: RateLimiter;
  webhooks: Webhooks;
  options: ResolvedOptions;
  /** Seeded randomness for fault injection, so fault tests are repeatable. */
  random: () => number;
  /** Aborted on reset/close to end hanging "timeout" requests. */
  hangs: AbortController;
}

/** Hono environment of the sandbox app. */
export interface SandboxEnv {
  Variables: { requestId: string };
}
