import type { Tier } from '@/lib/contract';
import { t } from '@/lib/i18n';

/** The membership's tier as a badge; no tier reads as such rather than as a blank. */
export function TierBadge({ tier }: { tier: Tier | null }) {
  return (
    <span class={tier ? 'kc-badge' : 'kc-badge kc-badge--none'} data-field="tier" data-tier-code={tier?.code}>
      {tier ? tier.name : t('tier.none')}
    </span>
  );
}
