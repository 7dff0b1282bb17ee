import { defineBackground } from '#imports';
import { createHandlers } from '@/lib/background/desk-handlers';
import { listenForMessages } from '@/lib/background/router';
import { createProxyClient } from '@/lib/background/proxy/proxy-client';
import { scheduleOffline } from '@/lib/background/store/schedule';
import { createOfflineService } from '@/lib/background/store/offline-service';
import { offlineMemberSource, recentGuestLoyalty } from '@/lib/background/search/offline-source';

/**
 * The background is the only part of Keycard that talks to the network: it owns the device
 * token, the cache and the outbox. Content script, popup and options send it messages
 * (lib/messages.ts).
 */
export default defineBackground(() => {
  // Registered synchronously so a woken service worker sees the first message.
  const offline = createOfflineService({ createClient: createProxyClient, autoSync: true });
  listenForMessages(
    createHandlers({ offline, memberSearch: { source: offlineMemberSource(), recentGuests: recentGuestLoyalty } }),
  );
  // Outbox replay and member sync: alarm, `online`, and now (resumes an interrupted full sync).
  scheduleOffline(() => offline.tick());
});
