/**
 * What this browser remembers about its desk, owned by the background alone: the device
 * token (in the background's own IndexedDB, `paired-desk.ts`, out of content scripts' reach),
 * and in `browser.storage.local` the settings the options page edits, the panel's collapsed
 * state, and caches of guest data that signing out must wipe.
 */
import { browser, storage } from '#imports';
import type { DeskContext } from '@/lib/contract';
import { DESK_CACHE_DATABASE } from '@/lib/contract/desk-cache';
import { DEVICE_REVOKED_PROBLEM } from '@/lib/contract/vocabulary';
import { SESSION_CHANGED, type Failure, type PanelSide } from '@/lib/contract/messages';
import { saidFailure } from '@/lib/background/proxy/said-failure';
import { closeCache } from '@/lib/background/store/db';
import { notifyMembersChanged } from '@/lib/background/store/members';
import { pairedDesk, type StoredSession } from '@/lib/background/store/paired-desk';
import { DEFAULT_PROXY_URL } from '../proxy/proxy-url';
import { readServedRules, SERVED_RULES_KEY, type ServedRules } from '@/lib/host/served-rules';

export type { StoredSession } from '@/lib/background/store/paired-desk';

export interface DeskSettings {
  proxyUrl: string;
  deviceName: string;
}

/** Every key holding guest data starts with this prefix, so sign-out can find them all. */
export const CACHE_PREFIX = 'cache:';
/** Programs, tiers and the time zone change rarely; a page load should not wait for them. */
const CONTEXT_MAX_AGE_MS = 10 * 60_000;

/** Where Keycard up to 0.1 kept the token: readable by content scripts, so moved out on upgrade. */
const legacySessionItem = storage.defineItem<StoredSession | null>('local:session', { fallback: null });
const settingsItem = storage.defineItem<DeskSettings>('local:settings', {
  fallback: { proxyUrl: DEFAULT_PROXY_URL, deviceName: '' },
});
/** The desk's panel preference: folded or not, and the window edge it is docked to. */
interface PanelPreference {
  collapsed: boolean;
  side?: PanelSide;
}
const panelItem = storage.defineItem<PanelPreference>('local:panel', { fallback: { collapsed: false } });
const lastErrorItem = storage.defineItem<Failure | null>('local:lastError', { fallback: null });
const contextItem = storage.defineItem<{ context: DeskContext; fetchedAt: number } | null>(
  `local:${CACHE_PREFIX}context`,
  { fallback: null },
);

/** For the content script, which reads it (lib/host/served-rules.ts). */
const servedRulesItem = storage.defineItem<ServedRules | null>(SERVED_RULES_KEY, { fallback: null });

let moving: Promise<void> | null = null;
/** The pairing store (paired-desk.ts) known to have no legacy token left beside it. */
let legacyGone: IDBFactory | null = null;
/**
 * The last error this worker recorded: every answered lookup records "none", which was a
 * `storage.local` write (to disk, announced to every Keycard page) per guest shown. Written now
 * only when it changes; another context's write is heard.
 */
let recordedError: { error: Failure | null } | null = null;
lastErrorItem.watch((error) => void (recordedError = { error }));
/**
 * The saved desk context as last read or written here: every getContext (each guest shown)
 * read it from storage, ~2 ms of the worker (issue 19's trace). A change from elsewhere, or its
 * removal at sign-out, is heard.
 */
let knownContext: { store: IDBFactory; saved: Promise<{ context: DeskContext; fetchedAt: number } | null> } | null = null;
const knowContext = (saved: Promise<{ context: DeskContext; fetchedAt: number } | null>) => (knownContext = { store: globalThis.indexedDB, saved });
contextItem.watch((saved) => void knowContext(Promise.resolve(saved)));

/**
 * Tells every open Keycard page that the desk's pairing changed. An open guest tab used to
 * learn of it only when it was hidden and shown again (issue 18 #3); now each panel reloads
 * its guest at once. No page open is not an error.
 */
function announce(): void {
  void Promise.resolve()
    .then(() => browser.runtime.sendMessage({ type: SESSION_CHANGED }))
    .catch(() => undefined);
}

/**
 * Moves a token an older version left in `storage.local` into the background's own store,
 * then deletes it there. One move at a time: a sign-out waits for it, so it cannot bring back
 * a token it just forgot.
 */
function moveLegacyToken(): Promise<void> {
  // Nothing writes a legacy token any more: once none is left, a request need not ask storage again.
  if (legacyGone !== null && legacyGone === globalThis.indexedDB) return Promise.resolve();
  moving ??= (async () => {
    const legacy = await legacySessionItem.getValue();
    if (legacy) {
      if (!(await pairedDesk.read())) await pairedDesk.save(legacy);
      await legacySessionItem.removeValue();
    }
    legacyGone = globalThis.indexedDB;
  })().finally(() => {
    moving = null;
  });
  return moving;
}

/**
 * Reads and writes the desk's stored state.
 *
 * @example
 * ```ts
 * const current = await session.get();
 * if (!current) return session.notPaired();
 * ```
 */
export const session = {
  async get(): Promise<StoredSession | null> {
    await moveLegacyToken();
    return pairedDesk.read();
  },
  /** Pairs the desk (a pairing replaces any before it) and tells every open page. */
  async save(value: StoredSession): Promise<void> {
    await pairedDesk.save(value);
    announce();
  },
  /** Run when the background starts, so an upgraded desk's token leaves `storage.local` at once. */
  moveLegacyToken,
  settings: () => settingsItem.getValue(),
  saveSettings: (value: DeskSettings) => settingsItem.setValue(value),
  panel: () => panelItem.getValue(),
  /** Changes one half of the preference, keeping the other (folding keeps the side). */
  async savePanel(change: Partial<PanelPreference>): Promise<void> {
    await panelItem.setValue({ ...(await panelItem.getValue()), ...change });
  },
  lastError: () => lastErrorItem.getValue(),
  async recordError(error: Failure | null): Promise<void> {
    if (error === null && recordedError?.error === null) return;
    recordedError = { error };
    await lastErrorItem.setValue(error);
  },

  /** The cached desk context, if it is fresh enough to show. */
  async cachedContext(now = Date.now()): Promise<DeskContext | null> {
    // Kept with the cache it belongs to, as paired-desk.ts keeps the pairing: a new one (a test's) is read afresh.
    if (knownContext?.store !== globalThis.indexedDB) knowContext(contextItem.getValue());
    const cached = await knownContext!.saved;
    return cached && now - cached.fetchedAt < CONTEXT_MAX_AGE_MS ? cached.context : null;
  },
  async cacheContext(context: DeskContext, now = Date.now()): Promise<void> {
    const saved = { context, fetchedAt: now };
    knowContext(Promise.resolve(saved));
    await contextItem.setValue(saved);
  },
  /** Hands the proxy's guest-page rules and kill switch to the content scripts on Mews's pages. */
  async publishServedRules(context: DeskContext): Promise<void> {
    const next = readServedRules(context);
    const current = await servedRulesItem.getValue();
    // Unchanged: no write, so open pages are not told to look again every minute.
    if (JSON.stringify(current) !== JSON.stringify(next)) await servedRulesItem.setValue(next);
  },

  /**
   * Forgets the token and every cached piece of guest data; keeps the proxy URL, device
   * name and panel preference, which are about the desk, not about guests.
   */
  async signOut({ quiet = false }: { quiet?: boolean } = {}): Promise<void> {
    await moveLegacyToken();
    await pairedDesk.forget();
    const everything = await browser.storage.local.get(null);
    const guestKeys = Object.keys(everything).filter((key) => key.startsWith(CACHE_PREFIX));
    // The proxy's page rules go too: the next proxy this desk pairs with serves its own.
    await browser.storage.local.remove(['session', 'lastError', SERVED_RULES_KEY.replace(/^local:/, ''), ...guestKeys]);
    // Close the background's own connection first (and stop sync jobs), or the delete waits.
    await closeCache();
    await deleteDatabase(DESK_CACHE_DATABASE);
    notifyMembersChanged([], [], true);
    if (!quiet) announce();
  },

  /**
   * The proxy refused the token (401): forget the device, keep why (a revocation is then told
   * to every page that asks, until the desk pairs again), and tell every open page.
   */
  async forgetDevice(why: Failure): Promise<void> {
    await this.signOut({ quiet: true });
    await lastErrorItem.setValue(why);
    announce();
  },

  /** The answer for a desk that is not paired: an administrator's revocation when that is why. */
  async notPaired(): Promise<{ ok: false; error: Failure }> {
    const last = await lastErrorItem.getValue();
    if (last?.problem?.type === DEVICE_REVOKED_PROBLEM) return { ok: false, error: last };
    return saidFailure('unauthorized', 'failure.unauthorized');
  },
};

/** Deletes an IndexedDB database if this context has IndexedDB; resolves even when blocked. */
function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve) => {
    if (typeof indexedDB === 'undefined') return resolve();
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
}
