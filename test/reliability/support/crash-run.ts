/**
 * The crash scenario: a proxy child process on a SQLite file, the sandbox injecting faults,
 * clients firing adjustments with Idempotency-Keys at many memberships (a share at one hot
 * membership), the proxy SIGKILLed at random moments and restarted on the same store, and
 * every request retried with its own key until it is confirmed (201) or definitively refused
 * (a 4xx that is not "in progress" or "too many requests"). Then the books are checked:
 * per membership, Mews Points = start + accepted deltas, and the ledger holds exactly one
 * applied row per accepted request.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Store } from '../../../server/proxy/store/db';
import { startSandbox } from '../../../server/sandbox/server';
import { tempDir } from '../../proxy/support/harness';
import {
  ProxyProcess, freePort, mewsMemberships, openProxyStore, pairDevice, setFaults, sleep, tearDown,
} from './processes';

export interface CrashOptions {
  /** Stop killing after this many kills ... */
  kills: number;
  /** ... and once at least this many adjustments were accepted. */
  minAccepted: number;
  memberships: number;
  /** Share of requests aimed at the first (hot) membership. */
  hotShare: number;
  /** Client requests in flight at once. */
  concurrency: number;
  /** Random pause between a restart and the next kill. */
  killEveryMs: [number, number];
  devices: number;
  /** Share of Mews calls answered 429 (each holds every Mews call of the proxy back 1 s). */
  rate429: number;
  log?: (line: string) => void;
}

export interface CrashReport {
  kills: number;
  sent: number;
  accepted: number;
  refused: number;
  refusedByType: Record<string, number>;
  retries: number;
  durationMs: number;
  /** Per membership |Mews − (start + accepted)|, summed: points lost or doubled. */
  pointsMismatch: number;
  mismatchedMemberships: string[];
  /** Accepted requests with no applied ledger row. */
  lostLedger: number;
  /** Applied ledger rows with no accepted request (or a second row for one key). */
  extraLedger: number;
  duplicateKeys: number;
  pendingLeft: number;
  reviewRows: number;
  statuses: Record<string, number>;
}

interface Job {
  key: string;
  device: { token: string; deviceId: string };
  membershipId: string;
  delta: number;
  reason: string;
  attempts: number;
}

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;
const between = (lo: number, hi: number) => lo + Math.floor(Math.random() * (hi - lo + 1));

function newAdjustment(): { delta: number; reason: string } {
  const r = Math.random();
  if (r < 0.6) return { delta: between(1, 400), reason: pick(['stay', 'bonus', 'goodwill']) };
  if (r < 0.8) return { delta: -between(1, 150), reason: 'correction' };
  return { delta: -between(1, 300), reason: 'redemption' }; // may be refused: not enough points
}

/** Retry-worthy answers: the proxy (or Mews behind it) could not say yet. */
function retryable(status: number, type: string | undefined): boolean {
  if (status >= 500) return true;
  if (status === 429) return true;
  return status === 409 && type === 'https://keycard.dev/problems/idempotency-in-progress';
}

export async function runCrashScenario(options: CrashOptions): Promise<CrashReport> {
  const log = options.log ?? (() => {});
  const started = Date.now();
  // Generous Mews limit here: this suite is about crashes; scale-out.test.ts checks the budget.
  // hangMs 0.8 s: a "timeout" fault answers 408 inside the proxy's 1 s Mews timeout.
  const sandbox = await startSandbox({ port: 0, customers: 300, rateLimit: { limit: 100_000, windowMs: 30_000 }, hangMs: 800 });
  const temp = tempDir('keycard-crash-');
  const databaseUrl = `sqlite:${join(temp.dir, 'keycard.sqlite')}`;
  const proxy = new ProxyProcess(await freePort(), {
    MEWS_PLATFORM_URL: sandbox.url,
    DATABASE_URL: databaseUrl,
    MEWS_REQUESTS_PER_30S: '10000',
    // A short Mews timeout and fence, so late writes (applied 1.5 s after sending) outlive the
    // proxy's patience yet land inside the fence.
    MEWS_TIMEOUT_MS: '1000',
    MEWS_WRITE_FENCE_MS: '3000',
    DEVICE_RATE_LIMIT: '1000000',
    // Three desk tokens here do the work of a whole hotel's desks for days (the soak gives
    // ~600,000 points), far past the daily desk caps (caps.ts, tested in desk-caps.test.ts)
    // and a desk's share of the Mews budget (mews/device-share.ts, mews-fair-share.test.ts).
    DEVICE_MEWS_SHARE: '1000000',
    DESK_DAILY_CAP_PER_DEVICE: '1000000000',
    DESK_DAILY_CAP_PER_MEMBERSHIP: '1000000000',
    LOG_LEVEL: 'warn',
  });
  let store: Store | null = null;
  const report: CrashReport = {
    kills: 0, sent: 0, accepted: 0, refused: 0, refusedByType: {}, retries: 0, durationMs: 0, pointsMismatch: 0,
    mismatchedMemberships: [], lostLedger: 0, extraLedger: 0, duplicateKeys: 0, pendingLeft: 0, reviewRows: 0, statuses: {},
  };
  try {
    const all = await mewsMemberships(sandbox.url, undefined, options.memberships);
    if (all.length < options.memberships) throw new Error(`sandbox has only ${all.length} memberships`);
    const startPoints = new Map(all.map((m) => [m.Id, m.Points ?? 0]));
    const ids = all.map((m) => m.Id);
    const hot = ids[0]!;

    await proxy.start();
    store = await openProxyStore(databaseUrl);
    const devices: Array<{ token: string; deviceId: string }> = [];
    for (let i = 0; i < options.devices; i++) devices.push(await pairDevice(proxy.url, store, 'desk', `Crash desk ${i + 1}`));
    await store.close();
    store = null;

    await setFaults(sandbox.url, {
      rate429: options.rate429, rate5xx: 0.05, latencyMs: 15, timeoutRate: 0.01,
      // What real networks add: writes applied after the proxy gave up, answers lost after
      // applying, reads answered late with what Mews held before.
      applyLateRate: 0.01, applyLateMs: 1_500, dropAnswerAfterApplyRate: 0.02, readLateRate: 0.02, readLateMs: 300,
    });

    const accepted = new Map<string, Job>(); // storeKey → job
    const queue: Job[] = [];
    let producing = true;
    let proxyUp = true;
    // Requests to one membership run one at a time in the proxy; cap the hot one's share of
    // the clients so it stays contended without parking every client in its queue.
    let hotInFlight = 0;
    const hotCap = Math.max(2, Math.floor(options.concurrency / 4));
    const makeJob = (): Job => ({
      key: randomUUID(),
      device: pick(devices),
      membershipId: Math.random() < options.hotShare && hotInFlight < hotCap ? hot : pick(ids.slice(1)),
      ...newAdjustment(),
      attempts: 0,
    });

    const attempt = async (job: Job): Promise<'done' | 'retry'> => {
      job.attempts++;
      if (job.attempts > 1) report.retries++;
      else report.sent++;
      let res: Response;
      try {
        res = await fetch(`${proxy.url}/v1/memberships/${job.membershipId}/adjustments`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${job.device.token}`, 'Content-Type': 'application/json', 'Idempotency-Key': job.key },
          body: JSON.stringify({ delta: job.delta, reason: job.reason }),
          signal: AbortSignal.timeout(30_000),
        });
      } catch {
        report.statuses.network = (report.statuses.network ?? 0) + 1;
        return 'retry';
      }
      report.statuses[res.status] = (report.statuses[res.status] ?? 0) + 1;
      let body: any = null;
      try {
        body = await res.json();
      } catch {
        return 'retry'; // cut mid-body by a kill
      }
      if (res.status === 201) {
        if (body?.adjustment?.delta !== job.delta) throw new Error(`201 for ${job.key} with delta ${body?.adjustment?.delta}, sent ${job.delta}`);
        accepted.set(`${job.device.deviceId}:${job.key}`, job);
        report.accepted++;
        return 'done';
      }
      if (retryable(res.status, body?.type)) return 'retry';
      if (res.status >= 400 && res.status < 500) {
        report.refused++;
        const type = String(body?.type ?? res.status).replace('https://keycard.dev/problems/', '');
        report.refusedByType[type] = (report.refusedByType[type] ?? 0) + 1;
        return 'done';
      }
      throw new Error(`unexpected ${res.status}: ${JSON.stringify(body)}`);
    };

    const worker = async () => {
      for (;;) {
        const job = queue.shift() ?? (producing ? makeJob() : undefined);
        if (!job) return;
        while (!proxyUp) await sleep(50);
        if (job.membershipId === hot) hotInFlight++;
        const outcome = await attempt(job).finally(() => {
          if (job.membershipId === hot) hotInFlight--;
        });
        if (outcome === 'retry') {
          queue.push(job);
          await sleep(100);
        }
      }
    };

    const killer = async () => {
      while (report.kills < options.kills || report.accepted < options.minAccepted) {
        await sleep(between(...options.killEveryMs));
        proxyUp = false;
        await proxy.kill();
        report.kills++;
        await proxy.start();
        proxyUp = true;
        if (report.kills % 10 === 0) log(`  … ${report.kills} kills, ${report.accepted} accepted, ${report.retries} retries`);
      }
      producing = false;
    };

    await Promise.all([killer(), ...Array.from({ length: options.concurrency }, worker)]);
    // Drain: the killer stopped; workers ended once the queue was empty.
    while (queue.length > 0) await Promise.all(Array.from({ length: options.concurrency }, worker));

    await setFaults(sandbox.url, { rate429: 0, rate5xx: 0, latencyMs: 0, timeoutRate: 0, applyLateRate: 0, dropAnswerAfterApplyRate: 0, readLateRate: 0 });
    await proxy.stop();

    // ── The books ──
    const expected = new Map(startPoints);
    for (const job of accepted.values()) expected.set(job.membershipId, expected.get(job.membershipId)! + job.delta);
    const now = await mewsMemberships(sandbox.url, ids);
    for (const m of now) {
      const diff = Math.abs((m.Points ?? 0) - expected.get(m.Id)!);
      if (diff !== 0) {
        report.pointsMismatch += diff;
        report.mismatchedMemberships.push(`${m.Id}: Mews ${m.Points}, expected ${expected.get(m.Id)}`);
      }
    }
    store = await openProxyStore(databaseUrl);
    const rows = await store.db.selectFrom('ledger').select(['idempotency_key', 'status', 'membership_id', 'delta'])
      .where('kind', '=', 'adjustment').execute();
    const seen = new Map<string, number>();
    for (const row of rows) seen.set(row.idempotency_key ?? '', (seen.get(row.idempotency_key ?? '') ?? 0) + 1);
    report.duplicateKeys = [...seen.values()].filter((n) => n > 1).length;
    const applied = rows.filter((r) => r.status === 'applied');
    const appliedKeys = new Set(applied.map((r) => r.idempotency_key));
    for (const key of accepted.keys()) if (!appliedKeys.has(key)) report.lostLedger++;
    report.extraLedger = applied.filter((r) => !accepted.has(r.idempotency_key ?? '')).length + (applied.length - appliedKeys.size);
    report.pendingLeft = rows.filter((r) => r.status === 'pending').length;
    report.reviewRows = rows.filter((r) => r.status === 'review').length;
    return report;
  } finally {
    report.durationMs = Date.now() - started;
    await tearDown({ store, proxy, sandbox, temp });
  }
}

export function formatCrashReport(r: CrashReport): string {
  return [
    `Crash test: ${r.kills} kills (SIGKILL) in ${(r.durationMs / 1000).toFixed(1)} s`,
    `  adjustments: ${r.sent} sent, ${r.accepted} accepted, ${r.refused} refused ${JSON.stringify(r.refusedByType)}, ${r.retries} retries`,
    `  answers seen: ${JSON.stringify(r.statuses)}`,
    `  lost: ${r.lostLedger} ledger, points mismatch ${r.pointsMismatch}; duplicated: ${r.duplicateKeys} keys, ${r.extraLedger} extra applied rows; pending left ${r.pendingLeft}, review ${r.reviewRows}`,
  ].join('\n');
}
