/**
 * The hotel's kill switch for the panel inside Mews Operations (`npm run keycard -- panel
 * off|on`): kept in the store, so every proxy instance answers desks the same, and every desk
 * hides (or shows) its panel at its next context refresh, within a minute. The popup is not
 * affected: it does not touch Mews's pages.
 */
import type { Kysely } from 'kysely';
import { recordAudit } from '../../store/audit';
import type { Database } from '../../store/schema';
import { saveSyncStateValue, syncStateValue } from '../../store/sync-state-repository';

const KEY = 'desk_panel';

/** Whether desks show the panel on Mews pages; on until someone turns it off. */
export async function deskPanelEnabled(db: Kysely<Database>): Promise<boolean> {
  return (await syncStateValue(db, KEY)) !== 'off';
}

/**
 * Turns the panel on or off for every desk, and audits who did (the shell: no device).
 *
 * @example
 * ```ts
 * await setDeskPanel(store.db, false); // every desk hides the panel within a minute
 * ```
 * @returns whether it was on before.
 */
export async function setDeskPanel(db: Kysely<Database>, enabled: boolean, at = new Date()): Promise<boolean> {
  const before = await deskPanelEnabled(db);
  await saveSyncStateValue(db, KEY, enabled ? 'on' : 'off');
  await recordAudit(db, { device: null, action: 'desk.panel', subjectId: null, before: { enabled: before }, after: { enabled }, at });
  return before;
}
