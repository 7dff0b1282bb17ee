import { t } from '@/lib/i18n';
/** Placeholder shapes while the guest's loyalty loads, so the panel does not jump. */
export function PanelSkeleton() {
  return (
    <div class="kc-skeleton" role="status" aria-busy="true">
      <span class="kc-visually-hidden">{t('panel.loading')}</span>
      <div class="kc-bone kc-bone--title" />
      <div class="kc-bone kc-bone--points" />
      <div class="kc-bone" />
      <div class="kc-bone kc-bone--short" />
    </div>
  );
}
