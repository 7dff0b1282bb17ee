/**
 * What the background does for each message. Each handler checks its input at the edge,
 * talks to the proxy through the client, and answers with a Result.
 */
import { browser } from '#imports';
import { ADJUSTMENT_REASONS } from '@/lib/contract/vocabulary';
import { failure, type DeskStatus, type Failure, type MessageOf, type MessageType, type Result, type ResponseOf } from '@/lib/contract/messages';
import { readPolicy, type DeskPolicy } from './proxy/policy';
import { createProxyClient, reusingClients, type ProxyClient, type ProxyClientOptions } from './proxy/proxy-client';
import { DEFAULT_PROXY_URL, normalizeProxyUrl, proxyUrlProblem } from './proxy/proxy-url';
import { session } from './store/session';
import { createOfflineService, type OfflineService } from '@/lib/background/store/offline-service';
import { heldChangesMessage, outboxEntries, type HeldAction } from '@/lib/background/store/outbox';
import { saidFailure } from '@/lib/background/proxy/said-failure';
import { requestLanguage } from '@/lib/background/proxy/request-language';
import { t } from '@/lib/i18n';
import { QUEUED_CHANGES_PROBLEM } from '@/lib/contract/desk-cache';
import { createSearchHandlers, type SearchHandlerDeps } from '@/lib/background/search/search-handlers';
import { createManagerHandlers } from '@/lib/background/manager/manager-handlers';
import { createMemberSearch, type MemberSearch } from '@/lib/background/search/member-search';
import { memoryMemberSource } from '@/lib/background/search/member-source';
import type { GuestLoyalty } from '@/lib/contract';
import { markStep } from '@/lib/trace/marks';

export type Handlers = {
  [K in MessageType]: (message: MessageOf<K>) => Promise<Result<ResponseOf<K>>>;
};

export interface HandlerDeps {
  /** Builds the proxy client; tests pass one with a fake `fetch`. */
  createClient?: (options: ProxyClientOptions) => ProxyClient;
  readPolicy?: () => Promise<DeskPolicy>;
  openOptionsPage?: () => Promise<void>;
  /** Opens the quick search (popup.html) in a window of its own. */
  openQuickSearch?: () => Promise<void>;
  /** The member cache and write outbox (lib/offline); one per background. */
  offline?: OfflineService;
  /** The popup's member search: the cache it reads and the recently viewed guests. */
  memberSearch?: Pick<SearchHandlerDeps, 'source' | 'tellPopups'> & { search?: MemberSearch; recentGuests?: () => Promise<GuestLoyalty[]> };
}

/**
 * The popup's page in a small window of its own. Not `action.openPopup()`: Firefox allows it only
 * in the handler of the click itself, which a message to the background is not, and Chrome only
 * in a focused window; a window opens the same search in both, every time.
 */
async function openQuickSearchWindow(): Promise<void> {
  await browser.windows.create({ url: browser.runtime.getURL('/popup.html'), type: 'popup', width: 440, height: 620 });
}

const text = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

/**
 * The background's message handlers, one per message type.
 *
 * @example
 * ```ts
 * const handlers = createHandlers();
 * const status = await handlers.getStatus({ type: 'getStatus' });
 * ```
 */
export function createHandlers(deps: HandlerDeps = {}): Handlers {
  const makeClient = reusingClients(deps.createClient ?? createProxyClient);
  const policy = deps.readPolicy ?? (() => readPolicy());
  const offline = deps.offline ?? createOfflineService({ createClient: makeClient });

  async function status(): Promise<DeskStatus> {
    const [current, settings, panel, lastError, { proxyUrl: fixedUrl }] = await Promise.all([
      session.get(),
      session.settings(),
      session.panel(),
      session.lastError(),
      policy(),
    ]);
    return {
      paired: current !== null,
      proxyUrl: fixedUrl ?? current?.proxyUrl ?? settings.proxyUrl,
      proxyUrlFromPolicy: fixedUrl !== null,
      deviceName: current?.device.name ?? settings.deviceName,
      device: current?.device ?? null,
      lastError,
      panelCollapsed: panel.collapsed,
      panelSide: panel.side ?? 'right',
    };
  }

  /**
   * Runs a request as the paired device. Remembers the last failure for the options page;
   * a revoked device (401) forgets its token and guest data at once.
   */
  async function asDevice<T>(run: (client: ProxyClient) => Promise<Result<T>>): Promise<Result<T>> {
    const current = await session.get();
    if (!current) return session.notPaired();
    const result = await run(makeClient({ proxyUrl: current.proxyUrl, token: current.token }));
    if (result.ok) return result;
    if (result.error.kind === 'unauthorized') await session.forgetDevice(result.error);
    else if (result.error.kind === 'unreachable' || result.error.kind === 'server') {
      await session.recordError(result.error);
    }
    return result;
  }

  /**
   * Refuses to forget this browser's cache while the outbox still holds changes: they live
   * nowhere else. Tries to send them first, so an online desk signs out in one click.
   */
  async function refuseIfChangesQueued(action: HeldAction): Promise<{ ok: false; error: Failure } | null> {
    if ((await outboxEntries()).length === 0) return null;
    if (await session.get()) await offline.replay();
    const message = heldChangesMessage(await outboxEntries(), action, requestLanguage());
    if (message === null) return null;
    const title = t('held.title', undefined, requestLanguage());
    return failure('conflict', message, { type: QUEUED_CHANGES_PROBLEM, title, status: 409, detail: message });
  }

  const members: NonNullable<HandlerDeps['memberSearch']> = deps.memberSearch ?? { source: memoryMemberSource() };
  const searchHandlers = createSearchHandlers({
    source: members.source,
    search: members.search ?? createMemberSearch(members.source),
    recentGuests: members.recentGuests ?? (async () => []),
    ...(members.tellPopups ? { tellPopups: members.tellPopups } : {}),
    asDevice,
    paired: async () => (await session.get()) !== null,
  });

  const managerHandlers = createManagerHandlers({
    asDevice,
    async refreshContext() {
      const fresh = await asDevice((client) => client.context());
      if (!fresh.ok) return;
      await session.cacheContext(fresh.data);
      await offline.saveContext(fresh.data);
    },
  });

  return {
    ...searchHandlers,
    ...managerHandlers,
    ping: async () => ({ ok: true, data: { version: browser.runtime.getManifest().version } }),

    getStatus: async () => ({ ok: true, data: await status() }),

    async pair(message) {
      const { proxyUrl: fixedUrl } = await policy();
      const typed = String(message.proxyUrl ?? '');
      const proxyUrl = fixedUrl ?? normalizeProxyUrl(typed);
      if (!proxyUrl) {
        const problem = proxyUrlProblem(typed) ?? { key: 'pairing.enterProxyUrl', params: { example: DEFAULT_PROXY_URL } };
        return saidFailure('invalid', problem.key, problem.params);
      }
      if (!text(message.code)) return saidFailure('invalid', 'status.enterCode');
      if (message.discardQueued !== true) {
        const refused = await refuseIfChangesQueued('pairAgain');
        if (refused) return refused;
      }
      const answer = await makeClient({ proxyUrl }).pair(message.code.trim());
      if (!answer.ok) {
        // Nothing saved: a refused or unreachable pairing leaves the desk's settings as they were.
        await session.recordError(answer.error);
        return answer;
      }
      // A new pairing starts clean: no guest data from a previous device may linger (the pages
      // hear of the pairing once, when it is saved).
      await session.signOut({ quiet: true });
      // The name the manager minted the code for, kept to show after a sign-out too.
      await session.saveSettings({ proxyUrl, deviceName: answer.data.device.name });
      await session.save({ ...answer.data, proxyUrl, pairedAt: new Date().toISOString() });
      offline.afterPairing();
      return { ok: true, data: await status() };
    },

    async signOut(message) {
      if (message.discardQueued !== true) {
        const refused = await refuseIfChangesQueued('signOut');
        if (refused) return refused;
      }
      await session.signOut();
      return { ok: true, data: await status() };
    },

    async getContext(message) {
      const fetchContext = async () => {
        const fresh = await asDevice((client) => client.context());
        if (fresh.ok) {
          await session.cacheContext(fresh.data);
          await offline.saveContext(fresh.data);
          await session.publishServedRules(fresh.data);
        }
        return fresh;
      };
      if (!message.refresh && (await session.get())) {
        const cached = await session.cachedContext();
        if (cached) return { ok: true, data: cached };
        // Stale while revalidating: a desk whose proxy hangs must not wait 8 s for programs and
        // tiers it already has before it can show a guest's saved points.
        const saved = await offline.savedContext();
        if (saved) {
          void fetchContext().catch(() => undefined);
          return { ok: true, data: saved };
        }
      }
      const result = await fetchContext();
      if (result.ok) return result;
      // Offline: the last context seen, however old, so saved guests still show programs and tiers.
      const transient = result.error.kind === 'unreachable' || result.error.kind === 'server';
      const saved = transient ? await offline.savedContext() : null;
      return saved ? { ok: true, data: saved } : result;
    },

    async getGuestLoyalty(message) {
      if (message.kind !== 'customer' && message.kind !== 'reservation') return saidFailure('invalid', 'failure.unknownGuestPage');
      if (!text(message.id)) return saidFailure('invalid', 'failure.noGuestId');
      const lookup = () => asDevice((client) => client.guestLoyalty(message.kind, message.id));
      // Cache first when asked, proxy otherwise, cache again when the proxy cannot answer.
      const request = { kind: message.kind, id: message.id, cacheOnly: message.cacheOnly === true };
      if (request.cacheOnly) markStep('cacheRead');
      const result = await offline.guestLoyalty(request, lookup);
      if (request.cacheOnly) markStep('cacheAnswered');
      if (result.ok && result.data.source === 'proxy') await session.recordError(null);
      return result;
    },

    async enroll(message) {
      if (!text(message.accountId) || !text(message.programId) || !text(message.idempotencyKey)) {
        return saidFailure('invalid', 'failure.enrollNeeds');
      }
      const { accountId, programId, idempotencyKey } = message;
      // Unreachable or failing proxy: queued in the outbox with the same key (`queued: true`).
      return offline.write({ kind: 'enroll', accountId, programId, membershipId: null, idempotencyKey }, () =>
        asDevice((client) => client.enroll(accountId, programId, idempotencyKey)),
      );
    },

    async adjustPoints(message) {
      const { membershipId, delta, reason, note, idempotencyKey } = message;
      if (!text(membershipId) || !text(idempotencyKey)) return saidFailure('invalid', 'failure.adjustNeeds');
      if (!Number.isSafeInteger(delta) || delta === 0) return saidFailure('invalid', 'failure.wholePoints');
      if (!ADJUSTMENT_REASONS.includes(reason)) return saidFailure('invalid', 'failure.chooseReason');
      const body = text(note) ? { delta, reason, note: note.trim() } : { delta, reason };
      const accountId = await offline.accountOf(membershipId);
      return offline.write({ kind: 'adjust', accountId, membershipId, ...body, idempotencyKey }, () =>
        asDevice((client) => client.adjust(membershipId, body, idempotencyKey)),
      );
    },

    async getAdjustments(message) {
      if (!text(message.membershipId)) return saidFailure('invalid', 'failure.noMembership');
      return asDevice((client) => client.adjustments(message.membershipId));
    },

    async getStay(message) {
      if (!text(message.reservationId)) return saidFailure('invalid', 'failure.noReservation');
      // Online only: the offline cache holds guests, and a stay's estimate goes stale by the night.
      return asDevice((client) => client.stay(message.reservationId));
    },

    async setPanelCollapsed(message) {
      const collapsed = message.collapsed === true;
      await session.savePanel({ collapsed });
      return { ok: true, data: { collapsed } };
    },

    async setPanelSide(message) {
      const side = message.side === 'left' ? 'left' : 'right';
      await session.savePanel({ side });
      return { ok: true, data: { side } };
    },

    async openOptions() {
      // Content scripts cannot open extension pages themselves.
      await (deps.openOptionsPage ?? (() => browser.runtime.openOptionsPage()))();
      return { ok: true, data: null };
    },

    async openQuickSearch() {
      await (deps.openQuickSearch ?? openQuickSearchWindow)();
      return { ok: true, data: null };
    },

    getSyncStatus: async () => ({ ok: true, data: await offline.status() }),

    async dismissPending(message) {
      if (!Number.isSafeInteger(message.id)) return saidFailure('invalid', 'failure.noPendingChange');
      return { ok: true, data: { dismissed: await offline.dismiss(message.id) } };
    },
  };
}
