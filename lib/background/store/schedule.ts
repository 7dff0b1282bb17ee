/**
 * When the background replays the outbox and syncs members: on a one-minute alarm (alarms
 * wake a sleeping MV3 service worker; timers do not survive it), when the browser says it is
 * online again, and once whenever the worker starts (which also resumes an interrupted full
 * sync). The work itself is idempotent and single-flight, so overlapping triggers are harmless.
 */
import { browser } from '#imports';

export const SYNC_ALARM = 'keycard-sync';
const PERIOD_MINUTES = 1;

/**
 * Call synchronously in `defineBackground`, so the alarm listener is in place when an alarm
 * wakes the worker. Returns a function that stops the triggers (not the alarm itself).
 *
 * @example
 * ```ts
 * scheduleOffline(() => offline.tick());
 * ```
 */
export function scheduleOffline(tick: () => Promise<void>): () => void {
  const runTick = () => void tick().catch((error) => console.error('[keycard] offline tick failed', error));
  const onAlarm = (alarm: { name: string }) => {
    if (alarm.name === SYNC_ALARM) runTick();
  };
  browser.alarms.onAlarm.addListener(onAlarm);
  void browser.alarms
    .get(SYNC_ALARM)
    .then(async (existing) => {
      if (!existing) await browser.alarms.create(SYNC_ALARM, { periodInMinutes: PERIOD_MINUTES });
    })
    .catch((error) => console.error('[keycard] could not schedule sync', error));
  globalThis.addEventListener?.('online', runTick);
  runTick();
  return () => {
    browser.alarms.onAlarm.removeListener(onAlarm);
    globalThis.removeEventListener?.('online', runTick);
  };
}
