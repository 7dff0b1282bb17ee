import { defineBackground } from '#imports';
import { createHandlers } from '@/lib/background/handlers';
import { listenForMessages } from '@/lib/background/router';
import { offlineMemberSource, recentGuestLoyalty } from '@/lib/search/offline-source';

/**
 * The background is the only part of Keycard that talks to the network: it owns the device
 * token, the cache and the outbox. Content script, popup and options send it messages
 * (lib/messages.ts).
 */
export default defineBackground(() => {
  // Registered synchronously so a woken service worker sees the first message.
  listenForMessages(
    createHandlers({ memberSearch: { source: offlineMemberSource(), recentGuests: recentGuestLoyalty } }),
  );
});
