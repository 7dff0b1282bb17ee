/**
 * Crash test: SIGKILL the proxy at random moments while desks adjust points through Mews
 * faults, restart it on the same store, retry every unconfirmed request with its key, and
 * check that no point was lost or applied twice. `npm run test:soak` runs the long variant
 * (with 3% 429s instead of 10%: each 429's Retry-After holds all of the proxy's Mews calls for
 * a second, which would stretch 5,000 adjustments past half an hour).
 */
// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { formatCrashReport, runCrashScenario } from './support/crash-run';
import { SOAK } from './support/processes';

const plan = SOAK
  ? { kills: 100, minAccepted: 5_000, memberships: 60, concurrency: 24, killEveryMs: [300, 4_000] as [number, number], rate429: 0.03, timeout: 3_600_000 }
  : { kills: 10, minAccepted: 0, memberships: 25, concurrency: 16, killEveryMs: [200, 3_500] as [number, number], rate429: 0.1, timeout: 180_000 };

describe(`crash: ${plan.kills} SIGKILLs under Mews faults${SOAK ? ' (soak)' : ''}`, () => {
  it('loses and doubles nothing', { timeout: plan.timeout }, async () => {
    const report = await runCrashScenario({ ...plan, hotShare: 0.25, devices: 3, log: (l) => console.log(l) });
    console.log(formatCrashReport(report));
    if (report.mismatchedMemberships.length) console.log(report.mismatchedMemberships.join('\n'));
    expect(report.kills).toBeGreaterThanOrEqual(plan.kills);
    expect(report.accepted).toBeGreaterThanOrEqual(Math.max(plan.minAccepted, 1));
    expect(report.pointsMismatch).toBe(0);
    expect(report.lostLedger).toBe(0);
    expect(report.extraLedger).toBe(0);
    expect(report.duplicateKeys).toBe(0);
    expect(report.pendingLeft).toBe(0);
  });
});
