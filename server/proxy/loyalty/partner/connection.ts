/**
 * Switching how a program is connected to Mews. A guest must never see one membership twice in
 * Mews's Loyalty section (once as a Connector-API row, once as a partner link), so moving a
 * program to partner takes each membership over one at a time, under its lock: settle any
 * write still pending, take Mews's current row into Keycard's store as Keycard's own, then
 * delete the Connector copy. A crash or a Mews outage halfway leaves every row either still
 * Mews's or already Keycard's (its Connector copy hidden until the next run deletes it), so
 * running the switch again finishes the move. Points, ledger and audit carry over unchanged:
 * the membership keeps its id, which becomes its `providerMembershipId`.
 *
 * Back from partner to Connector is refused while the program holds memberships: Mews would
 * give each a new id, and the links Mews keeps would then point at nothing.
 */
import { conflict, notFound } from '../../http/problems';
import type { MewsClient } from '../../mews/client';
import { paginate } from '../../mews/paginate';
import { recordAudit } from '../../store/audit';
import { mirroredGuest, writeMemberships } from '../../store/mirror-repository';
import {
  heldByIds, heldOfProgramCount, saveConnectionMode, saveProfile, setHeldByKeycard, type ConnectionMode,
} from '../../store/partner-member-repository';
import { withMembershipSessionLock } from '../../store/transaction';
import type { Actor, LoyaltyContext } from '../core/deps';
import type { Catalog } from '../programs/catalog';
import { settleAllPending } from '../points/write-entry';
import { readMewsMembership } from '../points/ledger';

export interface ConnectionReport {
  programId: string;
  connection: ConnectionMode;
  /** Memberships taken over from Mews in this run. */
  moved: number;
  /** Connector copies still in Mews (a failed delete): run the switch again. */
  remaining: number;
}

/**
 * @example
 * const report = await connectProgram(ctx, catalog, mews, programId, 'partner', manager);
 * if (report.remaining > 0) // Mews refused some deletes: call again later
 */
export async function connectProgram(
  ctx: LoyaltyContext,
  catalog: Catalog,
  connectorMews: MewsClient,
  programId: string,
  connection: ConnectionMode,
  actor: Actor,
): Promise<ConnectionReport> {
  const { db, dialect } = ctx.store;
  const program = await catalog.program(programId);
  if (!program) throw notFound({ key: 'noProgram', params: { programId: programId } });
  if (connection === 'connector') {
    const held = await heldOfProgramCount(db, programId);
    if (held > 0) {
      throw conflict({ key: 'partnerMembershipsHeld', params: { held } });
    }
  } else {
    // First, so every enrollment from now on is Keycard's own.
    await saveConnectionMode(db, programId, 'partner', ctx.now());
  }
  let moved = 0;
  let remaining = 0;
  if (connection === 'partner') {
    // The Connector client itself: the shared one hides held rows, and a copy still in Mews is exactly what to find.
    const pages = paginate(connectorMews, 'loyaltyMemberships/getAll', { LoyaltyProgramIds: [programId], ActivityStates: ['Active'] }, 'LoyaltyMemberships');
    for await (const page of pages) {
      for (const copy of page) {
        const taken = await withMembershipSessionLock(db, dialect, copy.Id, async (conn) => {
          const [already] = await heldByIds(conn, [copy.Id]);
          if (already) return false;
          await settleAllPending(ctx, conn, copy.Id, Date.now() + ctx.config.fenceWaitMs);
          // Read under the lock, after settling: what Mews holds now is what Keycard keeps.
          const current = await readMewsMembership(ctx, copy.Id);
          if (!current || current.ActivityState === 'Deleted') return false;
          const at = ctx.now();
          await conn.transaction().execute(async (trx) => {
            await writeMemberships(trx, [current], at.toISOString());
            await setHeldByKeycard(trx, [copy.Id]);
            const guest = await mirroredGuest(trx, copy.AccountId);
            if (guest) await saveProfile(trx, copy.Id, { firstName: guest.first_name, lastName: guest.last_name, email: guest.email }, at.toISOString());
            await recordAudit(trx, { device: actor, action: 'membership.moved-to-partner', subjectId: copy.Id, before: { home: 'mews' }, after: { home: 'keycard', programId, points: current.Points ?? 0 }, at });
          });
          return true;
        });
        if (taken) moved++;
        try {
          await connectorMews.call('loyaltyMemberships/delete', { LoyaltyMembershipIds: [copy.Id], ChainId: copy.ChainId });
        } catch (error) {
          remaining++;
          ctx.log.warn({ err: error instanceof Error ? error.message : String(error), membershipId: copy.Id }, 'could not delete the Connector copy; run the switch again');
        }
      }
    }
  } else {
    await saveConnectionMode(db, programId, 'connector', ctx.now());
  }
  await recordAudit(db, { device: actor, action: 'program.connection', subjectId: programId, before: null, after: { connection, moved, remaining }, at: ctx.now() });
  catalog.invalidate();
  return { programId, connection, moved, remaining };
}
