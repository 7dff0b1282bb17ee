import { browser } from '#imports';
import { hydrate } from 'preact';
import { QuickSearch } from '@/components/popup/QuickSearch';
import { onSessionChange, sendToBackground } from '@/lib/models/send-to-background';
import { QuickSearchModel } from '@/lib/models/quick-search';
import '../panel-frame/style.css';
import './style.css';

// The popup's model lives as long as the popup: nothing to dispose before it closes.
const model = new QuickSearchModel({
  send: sendToBackground,
  openTab: (url) => browser.tabs.create({ url }),
  close: () => window.close(),
  locale: navigator.language,
});
// popup.html already shows the search box; keep anything typed before this script ran.
const early = document.querySelector<HTMLInputElement>('#kc-search')?.value ?? '';
if (early) model.setQuery(early);
void model.start();
// Paired or signed out in another window while the popup is open: start over with that desk.
onSessionChange(() => void model.start());
hydrate(<QuickSearch model={model} locale={navigator.language} />, document.getElementById('app')!);
