import { createShadowRootUi, defineContentScript } from '#imports';
import { render } from 'preact';
import { Panel } from '@/components/Panel';
import { keepMounted, watchGuestPage } from '@/lib/host';
import { sendToBackground } from '@/lib/messages';
import { createPanelModel } from '@/lib/models/panel-model';
import './style.css';

/**
 * Puts the Keycard panel beside Mews Operations. The panel lives in a shadow root so Mews's
 * styles and ours never meet; everything it knows comes from the background by message.
 */
export default defineContentScript({
  matches: ['https://app.mews.com/*', 'https://app.mews-demo.com/*'],
  cssInjectionMode: 'ui',
  async main(ctx) {
    const model = createPanelModel({ send: sendToBackground });
    ctx.onInvalidated(() => model.dispose());

    const ui = await createShadowRootUi(ctx, {
      name: 'keycard-panel',
      position: 'inline',
      anchor: 'body',
      append: 'last',
      onMount: (container) => {
        render(<Panel model={model} />, container);
        return container;
      },
      onRemove: (container) => {
        if (container) render(null, container);
      },
    });
    ui.mount();
    keepMounted(
      ui.shadowHost,
      () => {
        ui.remove();
        ui.mount();
      },
      ctx.signal,
    );

    void model.start();
    watchGuestPage({
      signal: ctx.signal,
      onLocationChange: (listener) =>
        ctx.addEventListener(window, 'wxt:locationchange', (event) => listener(event.newUrl)),
      onGuestPage: (page) => model.showPage(page),
      onVisible: () => void model.refresh(),
    });
  },
});
