/**
 * Where the panel lives in Mews's page: a `<keycard-panel>` element at the end of `<body>`
 * with an open shadow root that holds our stylesheet and the panel, so Mews's styles and
 * ours never meet.
 *
 * Hand-written rather than WXT's `createShadowRootUi`, which also brings anchors, positioning
 * and auto-mounting we do not use: about 8 KB raw (2 KB gzipped) of a content script whose
 * budget is 25 KB gzipped.
 */

export interface PanelHostOptions {
  /** The host element's tag: a custom-element name, so Mews's CSS cannot target it by accident. */
  name: string;
  /** The panel's stylesheet, a web-accessible resource of the extension. */
  cssUrl: string;
  /** Renders into `container`; called on every mount. */
  onMount: (container: HTMLElement) => void;
  /** Unrenders; called on every removal, so a remount starts clean. */
  onRemove: (container: HTMLElement) => void;
  /** Fetches the stylesheet; tests pass their own. */
  fetchCss?: (url: string) => Promise<string>;
}

export interface PanelHost {
  host: HTMLElement;
  container: HTMLElement;
  mount(): void;
  remove(): void;
}

/** Keystrokes typed into the panel stay in the panel: Mews's page shortcuts never see them. */
const KEY_EVENTS = ['keydown', 'keyup', 'keypress'] as const;

async function readCss(url: string): Promise<string> {
  try {
    return await (await fetch(url)).text();
  } catch (error) {
    // An unstyled panel still shows the guest's points; say why it looks wrong.
    console.warn(`[keycard] could not load the panel's styles from ${url}`, error);
    return '';
  }
}

/**
 * @example
 * ```ts
 * const panel = await createPanelHost({
 *   name: 'keycard-panel',
 *   cssUrl: browser.runtime.getURL('/content-scripts/mews.css'),
 *   onMount: (container) => render(<Panel model={model} />, container),
 *   onRemove: (container) => render(null, container),
 * });
 * panel.mount();
 * ```
 */
export async function createPanelHost(options: PanelHostOptions): Promise<PanelHost> {
  const css = await (options.fetchCss ?? readCss)(options.cssUrl);
  const host = document.createElement(options.name);
  // Open, so the desk's browser tests (and assistive tools) can reach inside.
  const shadow = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = css;
  const container = document.createElement('div');
  shadow.append(style, container);
  for (const type of KEY_EVENTS) shadow.addEventListener(type, (event) => event.stopPropagation());

  let mounted = false;
  return {
    host,
    container,
    mount() {
      document.body.append(host);
      options.onMount(container);
      mounted = true;
    },
    remove() {
      if (mounted) options.onRemove(container);
      mounted = false;
      host.remove();
    },
  };
}
