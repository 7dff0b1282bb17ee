/**
 * Draws the quick search over popup.html's pre-drawn box. popup.html carries no words (a Czech or
 * German desk would first see English ones): Preact's `render` diffs against those nodes, so the
 * input the desk may already have focused and typed in stays, and its label, placeholder and hint
 * arrive in the desk's language. (`hydrate` would adopt the nodes but skip their attributes.)
 */
import { render } from 'preact';
import type { QuickSearch as QuickSearchModel } from '@/lib/models/quick-search';
import { QuickSearch } from './QuickSearch';

/**
 * @example
 * ```ts
 * drawPopup(document.getElementById('app')!, model);
 * ```
 */
export function drawPopup(app: HTMLElement, model: QuickSearchModel): void {
  // What the desk typed before this script ran is the model's query, so the render keeps it.
  const early = app.querySelector<HTMLInputElement>('#kc-search')?.value ?? '';
  if (early) model.setQuery(early);
  render(<QuickSearch model={model} />, app);
}
