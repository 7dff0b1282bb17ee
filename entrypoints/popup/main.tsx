import { browser } from '#imports';
import { followDeskLanguage } from '@/lib/i18n/desk-language';
import { hydrate, render } from 'preact';
import { deskLanguage } from '@/lib/i18n';
import { QuickSearch } from '@/components/popup/QuickSearch';
import { onSessionChange, sendToBackground } from '@/lib/models/send-to-background';
import { QuickSearchModel } from '@/lib/models/quick-search';
import '../panel-frame/style.css';
import './style.css';

// The desk's language, and any change made on the options page while this page is open.
followDeskLanguage();

// The popup's model lives as long as the popup: nothing to dispose before it closes.
const model = new QuickSearchModel({
  send: sendToBackground,
  openTab: (url) => browser.tabs.create({ url }),
  close: () => window.close(),
});
// popup.html already shows the search box; keep anything typed before this script ran.
const early = document.querySelector<HTMLInputElement>('#kc-search')?.value ?? '';
if (early) model.setQuery(early);
void model.start();
// Paired or signed out in another window while the popup is open: start over with that desk.
onSessionChange(() => void model.start());
// popup.html is drawn in English: adopt it then, else draw anew (hydration keeps attributes as they are).
const app = document.getElementById('app')!;
if (deskLanguage.value === 'en') hydrate(<QuickSearch model={model} />, app);
else render(<QuickSearch model={model} />, app);
