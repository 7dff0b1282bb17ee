import type { Program } from '@/lib/contract';
import { formatPoints } from '@/lib/format';
import type { MemberResult } from '@/lib/contract/member-search';
import { TierBadge } from '../shared/TierBadge';
import { t } from '@/lib/i18n';

interface SearchResultRowProps {
  id: string;
  result: MemberResult;
  program: Program | null;
  active: boolean;
  locale?: string;
  onPick: () => void;
  onHover: () => void;
}

/** One member in the popup's list: who, which program, tier, points, state, number. */
export function SearchResultRow({ id, result, program, active, locale, onPick, onHover }: SearchResultRowProps) {
  const { guest, membership } = result;
  const name = [guest.firstName, guest.lastName].filter(Boolean).join(' ') || t('result.unnamed');
  const tier = program?.tiers.find((candidate) => candidate.id === membership?.tierId) ?? null;
  return (
    <li
      id={id}
      role="option"
      aria-selected={active ? 'true' : 'false'}
      class={active ? 'kc-result is-active' : 'kc-result'}
      data-result={membership?.id ?? guest.id}
      data-account-id={guest.id}
      data-origin={result.origin}
      // Keep focus in the search box: the listbox is driven by aria-activedescendant.
      onMouseDown={(event) => event.preventDefault()}
      onMouseMove={active ? undefined : onHover}
      onClick={onPick}
    >
      <div class="kc-result-line">
        <span class="kc-result-name">{name}</span>
        {membership ? (
          <span class="kc-result-points">
            <span data-field="points">{formatPoints(membership.points, locale)}</span> {t('unit.pts')}
          </span>
        ) : null}
      </div>
      {membership ? (
        <div class="kc-result-line kc-result-meta">
          <span data-field="program">{program?.name ?? t('result.program')}</span>
          <TierBadge tier={tier} />
          <span class={`kc-state kc-state--${membership.state.toLowerCase()}`} data-field="state">
            {t(`state.${membership.state}`)}
          </span>
          <span class="kc-result-number" data-field="number">
            {membership.number ?? '—'}
          </span>
          {result.pending ? (
            <span class="kc-result-pending" data-field="pending" title={t('result.pendingHint')}>
              {t('result.pending')}
            </span>
          ) : null}
        </div>
      ) : (
        <div class="kc-result-line kc-result-meta">{t('result.notMember')}</div>
      )}
      {guest.email ? <div class="kc-result-email">{guest.email}</div> : null}
    </li>
  );
}
