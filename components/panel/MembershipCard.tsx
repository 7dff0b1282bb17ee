import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { formatDate, formatPoints, formatTime, pointsWithUnit } from '@/lib/format';
import type { MembershipView } from '@/lib/models/guest-view';
import { CLOSED_MEMBERSHIP_STATES } from '@/lib/contract/vocabulary';
import { TierBadge } from '../shared/TierBadge';
import { t, tn } from '@/lib/i18n';

interface MembershipCardProps {
  view: MembershipView;
  /** When Keycard last confirmed these numbers with Mews (ISO UTC). */
  asOf: string;
  timeZone: string;
  locale?: string;
  adjusting: boolean;
  onAdjust: () => void;
  /** The adjust form, when open for this membership. */
  children?: ComponentChildren;
  /** Offline writes for this membership (pending or refused), shown under the points. */
  pending?: ComponentChildren;
  /** Points are the saved balance and a change is still on its way: marked, not hidden. */
  pointsPending?: boolean;
  /** History and Manage disclosures, under the adjust button. */
  tools?: ComponentChildren;
  /** False for a desk on a Canceled or Declined membership: the proxy would refuse the change. */
  canAdjust?: boolean;
}

/** One membership: program, state, tier, points, number, expiry, and the way to adjust points. */
export function MembershipCard({ view, asOf, timeZone, locale, adjusting, onAdjust, children, pending, pointsPending, tools, canAdjust = true }: MembershipCardProps) {
  const { membership, program, tier } = view;
  const closed = CLOSED_MEMBERSHIP_STATES.includes(membership.state);
  const adjustButton = useRef<HTMLButtonElement>(null);
  const wasAdjusting = useRef(adjusting);
  // When the form closes (applied or cancelled), give focus back to where the desk started,
  // so the keyboard is not left on the page's <body>.
  useEffect(() => {
    if (wasAdjusting.current && !adjusting) adjustButton.current?.focus();
    wasAdjusting.current = adjusting;
  }, [adjusting]);
  return (
    <article class="kc-card" data-membership-id={membership.id}>
      <div class="kc-card-head">
        <h3 class="kc-program" data-field="program">
          {program?.name ?? t('card.unknownProgram')}
        </h3>
        {membership.isPrimary ? <span class="kc-primary" data-field="primary">{t('card.primary')}</span> : null}
      </div>
      <div class="kc-card-tags">
        <TierBadge tier={tier} />
        <span class={`kc-state kc-state--${membership.state.toLowerCase()}`} data-field="state">
          {t(`state.${membership.state}`)}
        </span>
      </div>
      {closed ? (
        // Said before the points, in words: a state tag alone was missed and +10 went onto a Canceled membership.
        <p class="kc-notice kc-notice--warning" role="note" data-field="state-notice">
          {t('card.closedNotice', { state: t(`state.${membership.state}`) })}
        </p>
      ) : null}
      <p class={pointsPending ? 'kc-points kc-points--pending' : 'kc-points'}>
        <span data-field="points">{formatPoints(membership.points, locale)}</span>
        <span class="kc-points-unit"> {tn('card.pointsUnit', membership.points)}{pointsPending ? ` ${t('card.savedBalance')}` : ''}</span>
      </p>
      {membership.nextTier ? (
        <p class="kc-next-tier" data-field="next-tier">
          {t('card.toNextTier', { points: pointsWithUnit(membership.nextTier.pointsNeeded, locale), tier: membership.nextTier.name })}
        </p>
      ) : null}
      {(membership.stayPointsThisYear ?? 0) > 0 ? (
        <p class="kc-stay-year" data-field="stay-points-year">
          {t('card.stayPointsYear', { points: pointsWithUnit(membership.stayPointsThisYear ?? 0, locale) })}
        </p>
      ) : null}
      {pending}
      <dl class="kc-facts">
        <div>
          <dt>{t('card.number')}</dt>
          <dd data-field="number">{membership.number ?? '—'}</dd>
        </div>
        <div>
          <dt>{t('card.expires')}</dt>
          <dd data-field="expires">{membership.expiresAt ? formatDate(membership.expiresAt, timeZone, locale) : t('card.never')}</dd>
        </div>
      </dl>
      <p class="kc-synced" data-field="synced">
        {t('card.asOf', { time: formatTime(asOf, timeZone, locale) })}
      </p>
      {adjusting ? (
        children
      ) : !canAdjust ? null : (
        <button ref={adjustButton} type="button" class="kc-button" aria-expanded="false" data-focus-landing onClick={onAdjust}>
          {t('card.adjust')}
        </button>
      )}
      {tools}
    </article>
  );
}
