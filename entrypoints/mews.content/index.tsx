import { createShadowRootUi, defineContentScript } from '#imports';
import { render } from 'preact';
import { Panel } from '@/components/Panel';
import './style.css';

export default defineContentScript({
  matches: ['https://app.mews.com/*', 'https://app.mews-demo.com/*'],
  cssInjectionMode: 'ui',
  async main(ctx) {
    const ui = await createShadowRootUi(ctx, {
      name: 'keycard-panel',
      position: 'inline',
      anchor: 'body',
      append: 'last',
      onMount: (container) => {
        render(<Panel />, container);
        return container;
      },
      onRemove: (container) => {
        if (container) render(null, container);
      },
    });
    ui.mount();
  },
});
