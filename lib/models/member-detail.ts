/**
 * The popup's member in detail, shown as the panel shows a guest. The panel's model is a third of
 * the popup's script and most opens of the popup never show a detail, so it loads when the desk
 * first opens one (issue 19: weight.popup) and serves every detail after that. Until it is here
 * `panel` is null, and the view shows the panel's skeleton.
 */
import { createModel, signal } from '@preact/signals';
import type { Send } from '@/lib/contract/messages';
import type { GuestPage } from '@/lib/host';
import { onDispose } from './on-dispose';
import type { PanelModel } from './panel-model';

export interface MemberDetailOptions {
  send: Send;
  /** Number and date formatting; defaults to the desk's language. */
  locale?: string;
}

/**
 * @example
 * ```ts
 * const detail = new MemberDetailModel({ send: sendToBackground });
 * detail.show({ kind: 'customer', id: 'cus-9', enterpriseId: 'ent-1', patternName: 'popup-search' });
 * // detail.panel.value: null while the panel's model loads, then the guest as the panel shows them
 * ```
 */
export const MemberDetailModel = createModel((options: MemberDetailOptions) => {
  const panel = signal<PanelModel | null>(null);
  /** The guest to show once the panel's model is here: the desk may open another meanwhile. */
  let wanted: GuestPage | null = null;
  let loading: Promise<void> | null = null;
  let disposed = false;
  // Made after the factory ran, so not disposed with it by createModel: disposed here instead.
  onDispose(() => {
    disposed = true;
    panel.value?.[Symbol.dispose]();
  });

  function load(): void {
    loading ??= import('./panel-model').then(
      ({ PanelModel }) => {
        if (disposed) return;
        const made = new PanelModel({ send: options.send, ...(options.locale ? { locale: options.locale } : {}) });
        if (wanted) made.showPage(wanted);
        panel.value = made;
      },
      // Asked again at the next detail the desk opens.
      () => void (loading = null),
    );
  }

  return {
    panel,
    /** Shows this guest, loading the panel's model first if this is the popup's first detail. */
    show(page: GuestPage) {
      wanted = page;
      if (panel.value) panel.value.showPage(page);
      else load();
    },
  };
});

export type MemberDetail = InstanceType<typeof MemberDetailModel>;
