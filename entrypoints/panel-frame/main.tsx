import { browser } from '#imports';
import { deskLanguageReady, followDeskLanguage } from '@/lib/i18n/desk-language';
import { render } from 'preact';
import { Panel } from '@/components/panel/Panel';
import { linkToHost, PANEL_PORT, reportPanelSize, sameGuestPage, type PanelPort } from '@/lib/host';
import { onSessionChange, sendToBackground } from '@/lib/models/send-to-background';
import { PanelModel } from '@/lib/models/panel-model';
import { markStep } from '@/lib/trace/marks';
import './basics.css';
import './style.css';

// The desk's language, and any change made on the options page while this page is open.
followDeskLanguage();
import './frame.css';

/**
 * The guest panel, in an extension page the content script frames inside Mews Operations: it
 * runs in Keycard's origin, so the Mews page can neither read it nor drive it. The content
 * script tells it which guest the page shows, over an extension port the background joins
 * (lib/host/frame-link.ts); everything else comes from the background by message, as before.
 */
const model = new PanelModel({ send: sendToBackground });
void model.start();
const app = document.getElementById('app')!;
let drawn = false;

const link = linkToHost({
  connect: () => browser.runtime.connect({ name: PANEL_PORT }) as unknown as PanelPort,
  onMessage(message) {
    if (message.type === 'viewport') {
      document.documentElement.style.setProperty('--kc-max-height', `${message.maxHeight}px`);
      return;
    }
    if (message.type === 'shortcut') {
      model.shortcut(message.shortcut);
      return;
    }
    if (message.page) markStep('guestReceived');
    // A port joined again (the worker was stopped) repeats the guest: keep what the desk was doing.
    if (!drawn || !sameGuestPage(model.page.value, message.page)) model.showPage(message.page);
    if (drawn) return;
    // Drawn once the guest is known, so the panel does not open as a tab and then unfold, and
    // once the desk's language has its words (a Czech desk's panel never opens in English).
    drawn = true;
    void deskLanguageReady().then(() => {
      render(<Panel model={model} />, app);
      reportPanelSize(app.querySelector('aside')!, link);
    });
  },
});

// Paired, signed out or revoked in another tab or window: follow at once, not when shown again.
onSessionChange(() => void model.sessionChanged());

// Another desk may have changed the points while this tab was hidden.
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') void model.refresh();
});
