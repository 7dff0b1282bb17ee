/**
 * Enrollment: a guest joins a program at the desk. State Enrolled, a fresh membership number
 * (program code + digits + Luhn check digit, unique in Mews), primary when the guest has no
 * other membership in the chain, the program's entry tier when it has tiers Keycard can rank.
 */
import { randomInt } from 'node:crypto';
import type { Membership } from '../../../../lib/contract';
import { recordAudit } from '../../store/audit';
import { ProblemError, conflict, notFound, unprocessable, fieldProblem } from '../../http/problems';
import { isMewsError } from '../../mews/errors';
import { collectAll } from '../../mews/paginate';
import { withMembershipSessionLock } from '../../store/transaction';
import type { Catalog } from '../programs/catalog';
import type { LoyaltyContext } from '../core/deps';
import { beginIdempotent, completeIdempotent, completedResponse, doneIdempotent, releaseIdempotent, replayed } from '../core/idempotency';
import type { Actor } from '../core/deps';
import type { Lookups } from './lookups';
import { membershipFromRow, membershipsOfAccount, numbersInUse, writeMemberships, writtenMembership } from '../../store/mirror-repository';
import { withNextTier } from '../programs/tiers';
import { entryTier } from '../programs/tier-rank';

export const ENROLL_ROUTE = 'POST /v1/memberships';

/** Luhn check digit of a digit string. */
export function luhnCheckDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** True when the digits after the letter prefix pass the Luhn check. */
export function isValidMembershipNumber(number: string): boolean {
  const digits = number.replace(/^[A-Z]*/, '');
  return /^\d{2,}$/.test(digits) && luhnCheckDigit(digits.slice(0, -1)) === Number(digits.at(-1));
}

/** e.g. `GOLD` → `GOLD4812093375`: up to 6 letters/digits of the code, 9 random digits, a check digit. */
export function generateMembershipNumber(programCode: string): string {
  const prefix = programCode.toUpperCase().replace(/[^A-Z]/g, '').slice(0, 6) || 'KC';
  const digits = Array.from({ length: 9 }, (_, i) => String(i === 0 ? randomInt(1, 10) : randomInt(0, 10))).join('');
  return `${prefix}${digits}${luhnCheckDigit(digits)}`;
}

/** Draws candidates and keeps the first neither the mirror nor Mews knows (one Mews call). */
async function uniqueMembershipNumber(ctx: LoyaltyContext, programCode: string): Promise<string> {
  for (let round = 0; round < 3; round++) {
    const candidates = [...new Set(Array.from({ length: 5 }, () => generateMembershipNumber(programCode)))];
    const local = await numbersInUse(ctx.store.db, candidates);
    const remote = await collectAll(ctx.mews, 'loyaltyMemberships/getAll', {
      MembershipNumbers: candidates,
      ActivityStates: ['Active', 'Deleted'],
    }, 'LoyaltyMemberships', { pageSize: 10, maxPages: 1 });
    const taken = new Set([...local, ...remote.map((m) => m.MembershipNumber ?? m.Code)]);
    const free = candidates.find((n) => !taken.has(n));
    if (free) return free;
  }
  throw new ProblemError(503, 'Service unavailable', { key: 'noFreeNumber' });
}

/** Enrolls once per Idempotency-Key; answers the membership with its `nextTier`. */
export async function enroll(...args: Parameters<typeof enrollOnce>): Promise<{ status: number; body: Membership }> {
  const catalog = args[1];
  const answer = await enrollOnce(...args);
  const [membership] = await withNextTier(catalog, [answer.body]);
  return { status: answer.status, body: membership ?? answer.body };
}

async function enrollOnce(
  ctx: LoyaltyContext,
  catalog: Catalog,
  lookups: Lookups,
  request: { accountId: string; programId: string },
  device: Actor,
  idempotencyKey: string,
): Promise<{ status: number; body: Membership }> {
  const { db, dialect } = ctx.store;
  const body = { accountId: request.accountId, programId: request.programId };
  const start = await beginIdempotent(db, { deviceId: device.id, key: idempotencyKey, route: ENROLL_ROUTE, body, now: ctx.now() });
  if (start.kind === 'replay') return replayed<Membership>(start.status, start.body);
  const { storeKey } = start;
  let outcomeUnknown = false;

  const finish = async (status: number, answer: unknown) => {
    await completeIdempotent(db, storeKey, status, answer);
    doneIdempotent(storeKey);
  };

  try {
    return await withMembershipSessionLock(db, dialect, `enroll:${request.accountId}`, async () => {
      const done = await completedResponse(db, storeKey);
      if (done) return replayed<Membership>(done.status, done.body);

      const program = await catalog.program(request.programId);
      if (!program) throw unprocessable([fieldProblem('/programId', { key: 'fieldNoProgram' })]);
      // Fresh from Mews (one coalesced batch): the guest exists, and their memberships now.
      const known = await lookups.refreshAccounts([request.accountId]);
      if (!known.has(request.accountId)) throw notFound({ key: 'noCustomer', params: { customerId: request.accountId } });
      const current = await membershipsOfAccount(db, request.accountId);
      const existing = current.find((m) => m.program_id === program.id);
      if (existing) {
        const membership = membershipFromRow(existing);
        // Our own earlier attempt (same device, same key) that timed out but landed in Mews.
        if (start.kind === 'resume') {
          await finish(201, membership);
          return { status: 201, body: membership };
        }
        const problem = conflict({ key: 'alreadyMember' }, {
          type: 'https://keycard.dev/problems/already-member',
          membership,
        });
        await finish(409, { problem: problem.toStored() });
        throw problem;
      }

      const isPrimary = !current.some((m) => m.chain_id === program.chainId);
      // The lowest tier, where Keycard can rank them; never a guess (tier-rank.ts).
      const startTier = entryTier(program);
      const number = await uniqueMembershipNumber(ctx, program.code);
      outcomeUnknown = true;
      let added;
      try {
        const { LoyaltyMemberships } = await ctx.mews.call('loyaltyMemberships/add', {
          LoyaltyMemberships: [{
            AccountId: request.accountId,
            LoyaltyProgramId: program.id,
            IsPrimary: isPrimary,
            State: 'Enrolled',
            MembershipNumber: number,
            Points: 0,
            ...(startTier ? { LoyaltyTierId: startTier.id } : {}),
          }],
          ChainId: program.chainId,
        });
        added = LoyaltyMemberships[0];
      } catch (error) {
        outcomeUnknown = isMewsError(error) && error.outcomeUnknown;
        throw error;
      }
      outcomeUnknown = false;
      if (!added) throw new ProblemError(502, 'Bad gateway', { key: 'mewsReturnedNoMembership' });

      const now = ctx.now();
      await db.transaction().execute(async (trx) => {
        await writeMemberships(trx, [added], now.toISOString());
        await recordAudit(trx, {
          device,
          action: 'membership.enrolled',
          subjectId: added.Id,
          before: null,
          after: { accountId: added.AccountId, programId: added.LoyaltyProgramId, number: added.MembershipNumber, isPrimary, tierId: added.LoyaltyTierId ?? null },
          at: now,
        });
      });
      const membership = membershipFromRow(await writtenMembership(db, added.Id));
      await finish(201, membership);
      return { status: 201, body: membership };
    });
  } catch (error) {
    // Unknown outcome: keep the key open, the retry finds the membership and answers 201.
    await releaseIdempotent(db, storeKey, { forget: !outcomeUnknown }).catch(() => {});
    throw error;
  }
}
