/**
 * Each desk's fair share of this proxy's Mews budget. The budget (limiter.ts) is one queue per
 * access token: the security review (issue 17) sent 350 popup searches that Mews had to answer
 * from one desk, and another desk's guest lookup waited 29.8 s behind them. So every desk's
 * request runs with a ticket (an AsyncLocalStorage store) and every Mews request it causes is
 * charged to its device: answers from the mirror cost nothing, answers from Mews cost one per
 * request sent. A device whose charges in the last `windowMs` reach its share is refused
 * before its request starts (http/rate-limit.ts answers 429 with Retry-After), never in the
 * middle of one: a points write is never cut between its read and its write.
 *
 * Requests in flight that have not reached Mews yet hold one unit each, so a burst of
 * concurrent requests cannot all slip in before the first is charged. In memory, per
 * instance, like the per-device rate limit. With several instances on PostgreSQL, the shared
 * budget (shared-budget.ts) also holds each desk to this share of the whole window, across
 * instances: what one instance admitted past it waits there, behind the desk's own share.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** What one request of a device carries while it runs. */
export interface ShareTicket {
  /** Runs the request with this ticket, so the Mews requests it causes are charged to it. */
  run<T>(fn: () => Promise<T>): Promise<T>;
  /** The request ended; a ticket never charged frees the unit it held. */
  done(): void;
}

export type Admission = { ok: true; ticket: ShareTicket } | { ok: false; retryAfterMs: number };

interface Spend {
  /** When each charged Mews request was sent, ascending. */
  sent: number[];
  /** Requests admitted that have not reached Mews (nor ended) yet. */
  reserved: number;
}

interface Charged {
  deviceId: string;
  charge(): void;
}

const caller = new AsyncLocalStorage<Charged>();

/**
 * Charges one Mews request to whoever's request caused it (nobody for background work: the
 * poller, stays, the reconciler). The Mews client calls it for every request it sends.
 */
export function chargeMewsCaller(): void {
  caller.getStore()?.charge();
}

/**
 * The desk whose request is running here, if any: the shared budget (shared-budget.ts) holds
 * each desk to its share of the window across instances by this name.
 */
export function mewsCallerDevice(): string | undefined {
  return caller.getStore()?.deviceId;
}

/**
 * @example
 * const share = new MewsShare(50);
 * const admission = share.admit(device.id);
 * if (!admission.ok) throw tooManyRequests(admission.retryAfterMs / 1000);
 * try { await admission.ticket.run(() => next()); } finally { admission.ticket.done(); }
 */
export class MewsShare {
  private readonly devices = new Map<string, Spend>();

  constructor(
    /** Mews requests one device may cause per window. */
    readonly share: number,
    readonly windowMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Admits one request of `deviceId`, or says how long until its share has room again. */
  admit(deviceId: string): Admission {
    const spend = this.spendOf(deviceId);
    const used = spend.sent.length + spend.reserved;
    if (used >= this.share) {
      // The oldest charges that must leave the window first; reservations alone: ask again soon.
      const oldest = spend.sent[used - this.share];
      return { ok: false, retryAfterMs: oldest === undefined ? 1_000 : Math.max(1, oldest + this.windowMs - this.now()) };
    }
    spend.reserved++;
    return { ok: true, ticket: this.ticket(deviceId) };
  }

  /** Mews requests charged to `deviceId` within the window (tests, metrics). */
  spent(deviceId: string): number {
    return this.spendOf(deviceId).sent.length;
  }

  /**
   * A ticket finds its device's record each time (an idle record is dropped, and a charge
   * after its request answered, e.g. a batch it started, makes a new one); its reservation
   * keeps the record alive while it holds one.
   */
  private ticket(deviceId: string): ShareTicket {
    let holding = true;
    const release = () => {
      if (!holding) return;
      holding = false;
      this.spendOf(deviceId).reserved--;
    };
    const charged: Charged = {
      deviceId,
      charge: () => {
        this.spendOf(deviceId).sent.push(this.now());
        release();
      },
    };
    return {
      run: (fn) => caller.run(charged, fn),
      done: () => {
        release();
        const spend = this.spendOf(deviceId);
        if (spend.sent.length === 0 && spend.reserved === 0) this.devices.delete(deviceId);
      },
    };
  }

  private spendOf(deviceId: string): Spend {
    let spend = this.devices.get(deviceId);
    if (!spend) {
      spend = { sent: [], reserved: 0 };
      this.devices.set(deviceId, spend);
    }
    const cutoff = this.now() - this.windowMs;
    let drop = 0;
    while (drop < spend.sent.length && spend.sent[drop]! <= cutoff) drop++;
    if (drop > 0) spend.sent.splice(0, drop);
    return spend;
  }
}
