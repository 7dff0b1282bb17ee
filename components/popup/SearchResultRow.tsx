import type { Program } from '@/lib/contract';
import { formatPoints } from '@/lib/format';
import type { MemberResult } from '@/lib/contract/member-search';
import { TierBadge } from '../shared/TierBadge';

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
  const name = [guest.firstName, guest.lastName].filter(Boolean).join(' ') || 'Unnamed guest';
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
            <span data-field="points">{formatPoints(membership.points, locale)}</span> pts
          </span>
        ) : null}
      </div>
      {membership ? (
        <div class="kc-result-line kc-result-meta">
          <span data-field="program">{program?.name ?? 'Loyalty program'}</span>
          <TierBadge tier={tier} />
          <span class={`kc-state kc-state--${membership.state.toLowerCase()}`} data-field="state">
            {membership.state}
          </span>
          <span class="kc-result-number" data-field="number">
            {membership.number ?? '—'}
          </span>
          {result.pending ? (
            <span class="kc-result-pending" data-field="pending" title="A change waits to reach the proxy">
              Pending
            </span>
          ) : null}
        </div>
      ) : (
        <div class="kc-result-line kc-result-meta">Not a member</div>
      )}
      {guest.email ? <div class="kc-result-email">{guest.email}</div> : null}
    </li>
  );
}
