/**
 * The stays crash scenario: members check out while the proxy (a child process on SQLite or
 * PostgreSQL) is SIGKILLed at random moments and restarted, and the sandbox injects Mews faults
 * (429s, 5xx, timeouts, writes applied after the proxy gave up, answers lost after applying,
 * late reads). The proxy learns of check-outs by webhook and by a fast poll, both on. Once the
 * desk and the killer are done, the books must show every stay credited exactly once: per
 * member, Mews Points = start + what its stays earn; per stay, ledger rows summing to what it
 * earns, one `stay` row, corrections or reversals only where a rebate or a cancel came after
 * check-out.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { EarningRules, Program } from '../../../lib/contract';
import { STAYS_LEASE } from '../../../server/proxy/loyalty/stays/follower';
import type { Store } from '../../../server/proxy/store/db';
import { startSandbox } from '../../../server/sandbox/server';
import { tempDir } from '../../proxy/support/harness';
import { ProxyProcess, freePort, mewsCall, mewsMemberships, openProxyStore, pairDevice, pgSchema, setFaults, sleep, tearDown } from './processes';
import { expectedPoints, itemsInMews, playStay, registerWebhook, type DeskStay, type MemberAtStart } from './stay-desk';
import { booksOf, type StaysBooks } from './stays-books';

export interface StaysCrashOptions {
  dialect: 'sqlite' | 'postgres';
  /** Stays played (about 5% canceled instead of checked out, 5% company-owned). */
  stays: number;
  /** Kill at least this many times, and until the desk is done. */
  kills: number;
  members: number;
  customers: number;
  /** Desks playing stays at once, and how long their stays are spread over. */
  desks: number;
  playMs: number;
  killEveryMs: [number, number];
  stayPollMs: number;
  /** How long the proxy may take to settle everything after the last kill. */
  settleMs: number;
  rate429: number;
  log?: (line: string) => void;
}

export interface StaysCrashReport extends StaysBooks {
  dialect: string;
  kills: number;
  played: number;
  canceled: number;
  company: number;
  rebatedAfter: number;
  voidedAfter: number;
  durationMs: number;
  /** From the last restart to every stay settled; -1 if it never was. */
  settledAfterMs: number;
  mewsCalls: Record<string, number>;
}

const WEBHOOK_TOKEN = 'stays-crash-webhook';
const RULES: Omit<EarningRules, 'tierMultipliers'> = {
  perNight: 10, perCurrencyUnit: 0.5, revenue: 'gross', includeProducts: true, perStay: 25, minNights: 1,
};
const between = (lo: number, hi: number) => lo + Math.floor(Math.random() * (hi - lo + 1));

async function api(proxyUrl: string, token: string, method: string, path: string, json?: unknown): Promise<any> {
  const res = await fetch(`${proxyUrl}${path}`, {
    method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
    ...(json === undefined ? {} : { body: JSON.stringify(json) }),
  });
  const body = await res.json();
  if (!res.ok) throw new Error(`${method} ${path} ${res.status}: ${JSON.stringify(body)}`);
  return body;
}

/**
 * Earning rules on the program with the most primary enrolled members (the ones a stay
 * credits), with a multiplier per tier; the program has no points thresholds, so no stay moves
 * a member to another tier and each stay's points are known in advance.
 */
async function setUpEarning(proxyUrl: string, token: string, sandboxUrl: string, count: number) {
  let best: { program: Program; members: MemberAtStart[] } | undefined;
  for (const program of ((await api(proxyUrl, token, 'GET', '/v1/programs')) as { programs: Program[] }).programs) {
    const { LoyaltyMemberships } = await mewsCall<{ LoyaltyMemberships: Array<MemberAtStart & { IsPrimary: boolean; State: string }> }>(sandboxUrl,
      'loyaltyMemberships/getAll', { LoyaltyProgramIds: [program.id], ActivityStates: ['Active'], Limitation: { Count: 1000 } });
    const members = LoyaltyMemberships.filter((m) => m.IsPrimary && m.State === 'Enrolled');
    if (!best || members.length > best.members.length) best = { program, members };
  }
  if (!best || best.members.length < count) throw new Error(`only ${best?.members.length ?? 0} members in one program; ask for more customers`);
  if (best.program.tiers.some((t) => t.minPoints !== null)) throw new Error('the program has tier thresholds: stays would move members between tiers');
  const tierMultipliers = Object.fromEntries(best.program.tiers.map((t, i) => [t.id, [1.25, 1.5, 2, 3][i % 4]!]));
  const rules: EarningRules = { ...RULES, tierMultipliers };
  await api(proxyUrl, token, 'PUT', `/v1/programs/${best.program.id}/earning`, rules);
  return { rules, members: best.members.slice(0, count) };
}

export async function runStaysCrash(o: StaysCrashOptions): Promise<StaysCrashReport> {
  const log = o.log ?? (() => {});
  const started = Date.now();
  // Mews's limit raised: this is about crashes and faults, not the budget (scale-out checks that).
  // hangMs 0.8 s: a "timeout" fault answers 408 inside the proxy's 1 s Mews timeout.
  const sandbox = await startSandbox({ port: 0, customers: o.customers, rateLimit: { limit: 100_000, windowMs: 30_000 }, hangMs: 800 });
  const temp = tempDir('keycard-stays-crash-');
  const pg = o.dialect === 'postgres' ? await pgSchema('kc_stays') : null;
  const databaseUrl = pg?.url ?? `sqlite:${join(temp.dir, 'keycard.sqlite')}`;
  const proxy = new ProxyProcess(await freePort(), {
    MEWS_PLATFORM_URL: sandbox.url, DATABASE_URL: databaseUrl, MEWS_REQUESTS_PER_30S: '10000', DEVICE_RATE_LIMIT: '1000000',
    // Writes applied 1.5 s late outlive the proxy's 1 s patience yet land inside its 3 s fence.
    MEWS_TIMEOUT_MS: '1000', MEWS_WRITE_FENCE_MS: '3000',
    MEWS_WEBHOOK_TOKEN: WEBHOOK_TOKEN, STAY_POLL_MS: String(o.stayPollMs), LOG_LEVEL: 'warn',
  });
  let store: Store | null = null;
  const report: StaysCrashReport = {
    dialect: o.dialect, kills: 0, played: 0, canceled: 0, company: 0, rebatedAfter: 0, voidedAfter: 0, durationMs: 0, settledAfterMs: -1, mewsCalls: {},
    pointsMismatch: 0, mismatched: [], wrongStays: [], doubled: 0, strayCorrections: 0, stayRecordsWrong: [], pendingLeft: 0, reviewRows: 0, ledgerRows: 0,
  };
  try {
    await proxy.start();
    store = await openProxyStore(databaseUrl);
    const manager = await pairDevice(proxy.url, store, 'manager', 'Crash manager');
    const { rules, members } = await setUpEarning(proxy.url, manager.token, sandbox.url, o.members);
    const startPoints = new Map(members.map((m) => [m.Id, m.Points ?? 0]));
    await registerWebhook(sandbox.url, `${proxy.url}/mews/webhooks?token=${WEBHOOK_TOKEN}`);
    await setFaults(sandbox.url, {
      rate429: o.rate429, rate5xx: 0.05, latencyMs: 15, timeoutRate: 0.01,
      applyLateRate: 0.05, applyLateMs: 1_500, dropAnswerAfterApplyRate: 0.05, readLateRate: 0.05, readLateMs: 300,
    });

    const stays: DeskStay[] = [];
    let next = 0;
    // Pauses spread the stays over playMs, so check-outs keep coming across the kills.
    const pause = (2 * o.playMs * o.desks) / o.stays;
    const desk = async () => {
      while (next < o.stays) {
        const member = members[next++ % members.length]!;
        await sleep(between(0, pause));
        stays.push(await playStay(sandbox.url, member));
      }
    };
    const livedStore = store;
    let lastRestart = Date.now();
    const killer = async (playing: () => boolean) => {
      while (playing() || report.kills < o.kills) {
        await sleep(between(...o.killEveryMs));
        await proxy.kill();
        report.kills++;
        // A restarted process is a new lease holder and would wait out the killed one's lease
        // (15 s) before polling again; clearing it, as its expiry would, keeps the poll in play.
        await livedStore.db.deleteFrom('sync_state').where('name', '=', STAYS_LEASE).execute();
        await proxy.start();
        lastRestart = Date.now();
        if (report.kills % 10 === 0) log(`  … ${report.kills} kills (${o.dialect}), ${stays.length} stays played`);
      }
    };
    let desksDone = false;
    await Promise.all([
      Promise.all(Array.from({ length: o.desks }, desk)).then(() => { desksDone = true; }),
      killer(() => !desksDone),
    ]);

    // Settling, faults still on: every stay's ledger rows must come to what it earns.
    const want = new Map(stays.map((s) => [s.id, expectedPoints(rules, s, s.items)]));
    let rounds = 0;
    while (Date.now() - lastRestart < o.settleMs) {
      const books = await booksOf(store, stays, want, new Map());
      if (books.wrongStays.length === 0 && books.pendingLeft === 0) {
        report.settledAfterMs = Date.now() - lastRestart;
        break;
      }
      if (++rounds % 10 === 0) log(`  … settling (${o.dialect}): ${books.wrongStays.length} stays not yet right, ${books.pendingLeft} writes pending`);
      await sleep(500);
    }
    await setFaults(sandbox.url, { rate429: 0, rate5xx: 0, latencyMs: 0, timeoutRate: 0, applyLateRate: 0, dropAnswerAfterApplyRate: 0, readLateRate: 0 });
    await sleep(3_000); // the fence: any write still on its way has landed by now
    await proxy.stop();

    // ── The books, against Mews as it is now ──
    const items = await itemsInMews(sandbox.url, stays.map((s) => s.id));
    for (const s of stays) want.set(s.id, expectedPoints(rules, s, items.get(s.id) ?? []));
    const expectedTotal = new Map(startPoints);
    for (const s of stays) expectedTotal.set(s.member.Id, expectedTotal.get(s.member.Id)! + want.get(s.id)!);
    const mews = new Map((await mewsMemberships(sandbox.url, members.map((m) => m.Id))).map((m) => [m.Id, m.Points ?? 0]));
    Object.assign(report, await booksOf(store, stays, want, new Map([...expectedTotal].map(([id, points]) => [id, { want: points, mews: mews.get(id) ?? 0 }]))));
    report.played = stays.length;
    report.canceled = stays.filter((s) => s.canceled).length;
    report.company = stays.filter((s) => s.company).length;
    report.rebatedAfter = stays.filter((s) => s.after === 'rebate').length;
    report.voidedAfter = stays.filter((s) => s.after === 'void').length;
    report.mewsCalls = ((await (await fetch(`${sandbox.url}/_sandbox/stats`)).json()) as { requestsByOperation: Record<string, number> }).requestsByOperation;
    return report;
  } finally {
    report.durationMs = Date.now() - started;
    await tearDown({ store, proxy, sandbox, temp, pg });
  }
}

export function formatStaysCrashReport(r: StaysCrashReport): string {
  const writes = r.mewsCalls['loyaltyMemberships/update'] ?? 0;
  return [
    `Stays crash test (${r.dialect}): ${r.kills} kills (SIGKILL) in ${(r.durationMs / 1000).toFixed(1)} s; ` +
      `${r.played} stays played (${r.played - r.canceled} checked out, ${r.canceled} canceled, ${r.company} company-owned, ${r.rebatedAfter} rebated and ${r.voidedAfter} voided after check-out)`,
    `  settled ${r.settledAfterMs < 0 ? 'NEVER' : `${(r.settledAfterMs / 1000).toFixed(1)} s`} after the last restart; ` +
      `${r.ledgerRows} stay ledger rows; Mews calls: ${Object.values(r.mewsCalls).reduce((a, b) => a + b, 0)} (${writes} Points writes)`,
    `  lost or doubled: points mismatch ${r.pointsMismatch}, stays off ${r.wrongStays.length}, doubled ${r.doubled}, ` +
      `stray corrections ${r.strayCorrections}, stay records wrong ${r.stayRecordsWrong.length}; pending left ${r.pendingLeft}, review ${r.reviewRows}`,
  ].join('\n');
}
