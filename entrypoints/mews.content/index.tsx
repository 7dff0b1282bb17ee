import { browser, defineContentScript } from '#imports';
import { render } from 'preact';
import { Panel } from '@/components/panel/Panel';
import { createPanelHost, keepMounted, watchGuestPage } from '@/lib/host';
import { sendToBackground } from '@/lib/models/send-to-background';
import { PanelModel } from '@/lib/models/panel-model';
import './style.css';

/**
 * Puts the Keycard panel beside Mews Operations. The panel lives in a shadow root so Mews's
 * styles and ours never meet; everything it knows comes from the background by message.
 */
export default defineContentScript({
  matches: ['https://app.mews.com/*', 'https://app.mews-demo.com/*'],
  cssInjectionMode: 'ui',
  async main(ctx) {
    const model = new PanelModel({ send: sendToBackground });
    ctx.onInvalidated(() => model[Symbol.dispose]());

    const panel = await createPanelHost({
      name: 'keycard-panel',
      // WXT builds this stylesheet (cssInjectionMode 'ui') and makes it web-accessible, but
      // its typed getURL knows only public/ files, hence the widened signature.
      cssUrl: (browser.runtime.getURL as (path: string) => string)(`/content-scripts/${import.meta.env.ENTRYPOINT}.css`),
      onMount: (container) => render(<Panel model={model} />, container),
      onRemove: (container) => render(null, container),
    });
    ctx.onInvalidated(() => panel.remove());
    panel.mount();
    keepMounted(
      panel.host,
      () => {
        panel.remove();
        panel.mount();
      },
      ctx.signal,
    );

    void model.start();
    watchGuestPage({
      signal: ctx.signal,
      onLocationChange: (listener) => {
        ctx.addEventListener(window, 'wxt:locationchange', (event) => listener(event.newUrl));
        // Without the Navigation API (Firefox ESR) WXT notices a pushState only by polling
        // once a second; a desk should not wait that long. Comparing one string four times a
        // second costs nothing; watchGuestPage ignores repeats.
        if (!('navigation' in globalThis)) ctx.setInterval(() => listener(new URL(location.href)), 250);
      },
      onGuestPage: (page) => model.showPage(page),
      onVisible: () => void model.refresh(),
    });
  },
});
