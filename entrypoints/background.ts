import { browser, defineBackground, storage } from '#imports';
// The background says its messages in whichever language the desk chose: it has every word.
import '@/lib/i18n/all';
import { DESK_LANGUAGE_KEY } from '@/lib/i18n/languages';
import { setRequestLanguage } from '@/lib/background/proxy/request-language';
import { createHandlers } from '@/lib/background/desk-handlers';
import { listenForMessages } from '@/lib/background/router';
import { relayPanelPorts } from '@/lib/background/panel-relay';
import { answerPageRequests, type WorkerScope } from '@/lib/background/worker-lane';
import { session } from '@/lib/background/store/session';
import { PANEL_PAGE, type PanelPort } from '@/lib/host/panel-port';
import { createProxyClient, reusingClients } from '@/lib/background/proxy/proxy-client';
import { scheduleOffline } from '@/lib/background/store/schedule';
import { keepContextFresh } from '@/lib/background/store/context-refresh';
import { createOfflineService } from '@/lib/background/store/offline-service';
import { offlineMemberSource, recentGuestLoyalty } from '@/lib/background/search/offline-source';
import { tellPopupsOfChanges } from '@/lib/background/search/member-news';

/**
 * The background is the only part of Keycard that talks to the network: it owns the device
 * token, the cache and the outbox. Keycard's pages (the panel's frame, popup, options) send it
 * messages (lib/contract/messages.ts); content scripts may not. It also joins each panel frame
 * to the content script of its tab.
 */
export default defineBackground(() => {
  // Registered synchronously so a woken service worker sees the first message.
  const offline = createOfflineService({ createClient: reusingClients(createProxyClient), autoSync: true });
  const members = offlineMemberSource();
  // Open popups keep their own copy of the member index (lib/models/member-copy.ts) current from this news.
  const tellPopups = tellPopupsOfChanges(members);
  const handlers = createHandlers({ offline, memberSearch: { source: members, recentGuests: recentGuestLoyalty, tellPopups } });
  // The kill switch and the guest-page rules reach the Mews pages within a minute, and at once
  // after pairing (the new proxy's rules, not the shipped ones).
  const context = keepContextFresh(() => handlers.getContext({ type: 'getContext', refresh: true }));
  const routed = {
    ...handlers,
    async pair(message: Parameters<typeof handlers.pair>[0]) {
      const paired = await handlers.pair(message);
      if (paired.ok) context.now();
      return paired;
    },
  };
  listenForMessages(routed);
  // Chrome's service worker also takes Keycard's pages' hot reads posted to it directly (Firefox's background page has no such lane).
  if (typeof (globalThis as { ServiceWorkerGlobalScope?: unknown }).ServiceWorkerGlobalScope === 'function') {
    answerPageRequests(routed, globalThis as unknown as WorkerScope, browser.runtime.getURL('/'));
  }
  relayPanelPorts({
    onConnect: browser.runtime.onConnect as unknown as Parameters<typeof relayPanelPorts>[0]['onConnect'],
    connectToTab: (tabId, name) => browser.tabs.connect(tabId, { frameId: 0, name }) as unknown as PanelPort,
    panelUrl: new URL(PANEL_PAGE, browser.runtime.getURL('/')).href,
  });
  // The desk's language, for the proxy's refusals (Accept-Language).
  void storage.getItem<string>(DESK_LANGUAGE_KEY).then(setRequestLanguage);
  storage.watch<string>(DESK_LANGUAGE_KEY, setRequestLanguage);
  // An upgraded desk's token leaves storage.local, where content scripts could read it.
  void session.moveLegacyToken();
  // Outbox replay and member sync: alarm, `online`, and now (resumes an interrupted full sync).
  scheduleOffline(() => offline.tick());
});
