/**
 * The popup's app, loaded by main.ts once popup.html's search box is on screen: Preact, the
 * catalogue and the search model are most of the popup's script, and run after its first paint.
 */
import { browser } from '#imports';
import { deskLanguageReady, followDeskLanguage } from '@/lib/i18n/desk-language';
import { drawPopup } from '@/components/popup/draw-popup';
import { onSessionChange, sendToBackground } from '@/lib/models/send-to-background';
import { QuickSearchModel } from '@/lib/models/quick-search';
import { openMemberCopy } from '@/lib/models/member-copy';
// The results' and the detail's look (the search box's is inlined in popup.html): loaded
// before this module runs, so nothing the app draws shows unstyled.
import '../panel-frame/style.css';
import './style.css';

// The desk's language, and any change made on the options page while this page is open.
followDeskLanguage();

// The popup's model lives as long as the popup: nothing to dispose before it closes.
const model = new QuickSearchModel({
  send: sendToBackground,
  openTab: (url) => browser.tabs.create({ url }),
  close: () => window.close(),
  ownCopy: () => openMemberCopy(),
});
// popup.html already shows the search box, without words: draw them in the desk's language,
// keeping the box, its focus and anything typed before this script ran.
void deskLanguageReady().then(() => drawPopup(document.getElementById('app')!, model));
void model.start();
// Paired or signed out in another window while the popup is open: start over with that desk.
onSessionChange(() => void model.start());
