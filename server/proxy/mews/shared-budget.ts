/**
 * One Mews budget for every instance on one PostgreSQL. Mews counts 200 requests per 30 s per
 * access token, whichever instance sends them; a limiter per process let two instances send
 * twice that. Here every Mews request takes a slot in the database (store/mews-budget-repository.ts,
 * one round trip that also hands back the slots whose answers came), so all instances together
 * stay within `maxRequests` per window. Same counting as limiter.ts: a slot counts from when it
 * is taken until `windowMs` after the answer arrived (a slot never handed back, its instance
 * killed, leaves `windowMs + heldMs` after it was taken), by the database's clock.
 *
 * Fair share, across instances, in two simple rules:
 *  1. A desk may hold at most `deviceShare` slots of the window (DEVICE_MEWS_SHARE), counted in
 *     the database, so a flooding desk's requests wait behind its own share on every instance
 *     while the rest of the window stays open to the other desks. (Each instance still refuses a
 *     desk past its share up front with 429, device-share.ts; this rule is what makes the share
 *     hold when the desk's requests are spread over instances.) The proxy's own work (poller,
 *     stays, manager requests) is held only to the window.
 *  2. Inside an instance, callers wait in one queue per desk and are served in turn (round
 *     robin, a few slots per turn), not first come first served: a desk whose share is used waits
 *     without holding up the desk behind it. That is why a quiet desk's lookup goes ahead of a
 *     flood of another desk's searches.
 *
 * Fail safe: if PostgreSQL does not answer, no Mews request is sent without a slot. Callers wait
 * (the log says so once), and those that waited longer than `giveUpMs` fail with a MewsError.
 */
import { mewsCallerDevice } from './device-share';
import { MewsError } from './errors';
import type { MewsBudget, ReleaseSlot } from './limiter';
import type { MewsLogger } from './client';

export interface SlotAsk {
  device: string | null;
  want: number;
  released: readonly string[];
}

export interface SlotAnswer {
  ids: string[];
  used: number;
  heldBack: number;
  retryAfterMs: number;
  deviceFull: boolean;
}

export interface SharedBudgetOptions {
  maxRequests: number;
  windowMs: number;
  /** Slots one desk may hold in the window, across instances. */
  deviceShare: number;
  /** One round trip to the database (the token and the limits bound in). */
  take: (ask: SlotAsk) => Promise<SlotAnswer>;
  /** How long callers wait for an unreachable database before failing. */
  giveUpMs: number;
  logger?: MewsLogger;
}

interface Waiter {
  since: number;
  resolve: (release: ReleaseSlot) => void;
  reject: (reason: unknown) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

/** Slots asked for one desk per turn: enough to keep a busy desk moving, few enough to take turns. */
const PER_TURN = 8;
/** Longest wait before asking again: slots still on their way are counted long until handed back. */
const MAX_WAIT_MS = 250;
/** Handed-back slots ride on the next take, or go alone this soon after. */
const RELEASE_FLUSH_MS = 100;
const BACKGROUND = '';

/**
 * @example
 * const budget = new SharedMewsBudget({ maxRequests: 200, windowMs: 30_000, deviceShare: 50, giveUpMs: 15_000,
 *   take: (ask) => takeMewsSlots(store.db, { ...ask, tokenKey, limit: 200, deviceLimit: 50, windowMs: 30_000, heldMs: 16_000 }) });
 * const release = await budget.acquire();
 */
export class SharedMewsBudget implements MewsBudget {
  readonly maxRequests: number;
  readonly windowMs: number;
  /** One queue per desk (BACKGROUND for the proxy's own work), in serving order. */
  private readonly lanes = new Map<string, Waiter[]>();
  /** A desk whose share is used waits until then; its queue is skipped meanwhile. */
  private readonly laneBlockedUntil = new Map<string, number>();
  private blockedUntil = 0;
  private released: string[] = [];
  private lastUsed = 0;
  private notedAt = 0;
  private pumping = false;
  private again = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private unreachable = false;

  constructor(private readonly options: SharedBudgetOptions) {
    if (!(options.maxRequests >= 1)) throw new RangeError('maxRequests must be >= 1');
    this.maxRequests = options.maxRequests;
    this.windowMs = options.windowMs;
  }

  get queueLength(): number {
    let length = 0;
    for (const lane of this.lanes.values()) length += lane.length;
    return length;
  }

  /**
   * How full the window is for the callers that may still take slots, scaled to `maxRequests`
   * (the lookups' coalescer widens its window with it, memberships/coalescer.ts): slots of desks
   * at their share are left out, with the room they hold. A flooding desk held at its share
   * made every other desk's lookup wait up to 2 s for company that never came.
   */
  get used(): number {
    // Not asked for a window: whatever was counted then has left.
    return Date.now() - this.notedAt > this.windowMs ? 0 : this.lastUsed;
  }

  private note(answer: SlotAnswer): void {
    this.notedAt = Date.now();
    const open = this.maxRequests - answer.heldBack;
    this.lastUsed = open <= 0 ? this.maxRequests : Math.round(((answer.used - answer.heldBack) / open) * this.maxRequests);
  }

  acquire(signal?: AbortSignal): Promise<ReleaseSlot> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    const key = mewsCallerDevice() ?? BACKGROUND;
    return new Promise<ReleaseSlot>((resolve, reject) => {
      const waiter: Waiter = { since: Date.now(), resolve, reject, signal };
      if (signal) {
        waiter.onAbort = () => {
          const lane = this.lanes.get(key);
          const index = lane?.indexOf(waiter) ?? -1;
          if (index >= 0) lane!.splice(index, 1);
          reject(signal.reason);
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      const lane = this.lanes.get(key);
      if (lane) lane.push(waiter);
      else this.lanes.set(key, [waiter]);
      void this.pump();
    });
  }

  blockUntil(untilMs: number): void {
    if (untilMs > this.blockedUntil) this.blockedUntil = untilMs;
    void this.pump();
  }

  /** One pump at a time: each turn asks the database for the desks whose queues may move. */
  private async pump(): Promise<void> {
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.again = false;
        await this.turn();
      } while (this.again);
    } finally {
      this.pumping = false;
      this.scheduleWake();
      this.scheduleFlush();
    }
  }

  private async turn(): Promise<void> {
    for (;;) {
      const now = Date.now();
      if (now < this.blockedUntil) return;
      const ready = [...this.lanes].filter(([key, lane]) => lane.length > 0 && (this.laneBlockedUntil.get(key) ?? 0) <= now);
      if (ready.length === 0) return;
      for (const [key, lane] of ready) {
        const answer = await this.ask(key === BACKGROUND ? null : key, Math.min(PER_TURN, lane.length));
        if (!answer) return; // the database did not answer: wait and try again
        this.note(answer);
        for (const id of answer.ids) {
          const waiter = lane.shift();
          if (!waiter) {
            this.released.push(id); // its caller gave up meanwhile: hand the slot straight back
            continue;
          }
          if (waiter.signal && waiter.onAbort) waiter.signal.removeEventListener('abort', waiter.onAbort);
          waiter.resolve(this.releaser(id));
        }
        // Served (or not): to the back of the line, so the next desk goes first next turn.
        this.lanes.delete(key);
        if (lane.length > 0) this.lanes.set(key, lane);
        else this.laneBlockedUntil.delete(key);
        if (answer.ids.length > 0) continue;
        const wait = Math.min(MAX_WAIT_MS, Math.max(1, answer.retryAfterMs));
        if (answer.deviceFull) this.laneBlockedUntil.set(key, Date.now() + wait);
        else {
          this.blockedUntil = Math.max(this.blockedUntil, Date.now() + wait);
          return;
        }
      }
    }
  }

  /** One round trip; null (callers kept waiting, or failed past `giveUpMs`) if PostgreSQL does not answer. */
  private async ask(device: string | null, want: number): Promise<SlotAnswer | null> {
    const released = this.released;
    this.released = [];
    try {
      const answer = await this.options.take({ device, want, released });
      if (this.unreachable) {
        this.unreachable = false;
        this.options.logger?.warn({}, 'Mews budget: PostgreSQL answers again; Mews requests go on');
      }
      return answer;
    } catch (error) {
      this.released.push(...released);
      if (!this.unreachable) {
        this.unreachable = true;
        this.options.logger?.warn({ err: error }, 'Mews budget: PostgreSQL does not answer; no Mews request is sent until it does');
      }
      this.blockedUntil = Math.max(this.blockedUntil, Date.now() + 1_000);
      this.failStale();
      return null;
    }
  }

  private failStale(): void {
    const cutoff = Date.now() - this.options.giveUpMs;
    for (const [key, lane] of this.lanes) {
      const stale = lane.filter((w) => w.since <= cutoff);
      if (stale.length === 0) continue;
      this.lanes.set(key, lane.filter((w) => w.since > cutoff));
      for (const waiter of stale) {
        if (waiter.signal && waiter.onAbort) waiter.signal.removeEventListener('abort', waiter.onAbort);
        waiter.reject(new MewsError({
          kind: 'network', operation: 'budget',
          detail: 'the shared Mews budget (PostgreSQL) did not answer, so nothing was sent to Mews',
        }));
      }
    }
  }

  private releaser(id: string): ReleaseSlot {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.released.push(id);
      this.scheduleFlush();
    };
  }

  private scheduleFlush(): void {
    if (this.flushTimer || this.released.length === 0) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      // A running pump carries them on its next take, or schedules this again when it ends.
      if (this.released.length > 0 && !this.pumping) void this.flush();
    }, RELEASE_FLUSH_MS);
    this.flushTimer.unref?.();
  }

  /** Hands back answered slots when no take carried them. */
  private async flush(): Promise<void> {
    this.pumping = true;
    try {
      const answer = await this.ask(null, 0);
      if (answer) this.note(answer);
    } finally {
      this.pumping = false;
      this.scheduleFlush(); // if the database did not answer, they are handed back later
      if (this.again || this.queueLength > 0) void this.pump();
    }
  }

  private scheduleWake(): void {
    if (this.timer || this.queueLength === 0) return;
    const now = Date.now();
    let next = this.blockedUntil > now ? this.blockedUntil : Number.POSITIVE_INFINITY;
    if (next === Number.POSITIVE_INFINITY) {
      for (const [key, lane] of this.lanes) {
        if (lane.length > 0) next = Math.min(next, this.laneBlockedUntil.get(key) ?? now);
      }
    }
    if (next === Number.POSITIVE_INFINITY) return;
    // Not unref'd, like limiter.ts: queued callers are real work that must keep Node alive.
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.pump();
    }, Math.max(0, Math.min(next - now, MAX_WAIT_MS * 4)));
  }
}
