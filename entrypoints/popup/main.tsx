import { browser } from '#imports';
import { render } from 'preact';
import { QuickSearch } from '@/components/QuickSearch';
import { sendToBackground } from '@/lib/messages';
import { createQuickSearch } from '@/lib/models/quick-search';
import '../mews.content/style.css';
import './style.css';

const model = createQuickSearch({
  send: sendToBackground,
  openTab: (url) => browser.tabs.create({ url }),
  close: () => window.close(),
});
void model.start();
render(<QuickSearch model={model} send={sendToBackground} locale={navigator.language} />, document.getElementById('app')!);
