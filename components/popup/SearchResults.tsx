import { useEffect, useReducer, useRef } from 'preact/hooks';
import type { QuickSearch } from '@/lib/models/quick-search';
import { resultKey, type MemberResult } from '@/lib/contract/member-search';
import { SearchResultRow } from './SearchResultRow';
import { t } from '@/lib/i18n';

/**
 * Rows drawn in the keystroke's own frame: more than the list shows without scrolling. The
 * rest (up to 50) follow right after that frame is painted, so typing stays within one frame.
 */
const FIRST_ROWS = 10;

interface SearchResultsProps {
  model: QuickSearch;
  locale?: string;
  listId: string;
  optionId: (result: MemberResult) => string;
}

/**
 * The popup's listbox. Apart from the search box, and created once by its parent (a vnode
 * Preact sees again unchanged is skipped), so a keystroke redraws only the box until the
 * cache's answer arrives; the list redraws itself from the signals it reads.
 */
export function SearchResults({ model, locale, listId, optionId }: SearchResultsProps) {
  const results = model.results.value;
  const activeKey = model.activeKey.value;
  const typed = model.typed.value;
  const programs = model.programs.value;
  const [, redraw] = useReducer((count: number) => count + 1, 0);
  /** The result list drawn in full; any other list is drawn in two steps. */
  const drawnInFull = useRef<MemberResult[] | null>(null);
  const rows = drawnInFull.current === results ? results : results.slice(0, FIRST_ROWS);

  // Preact runs effects after the browser painted: the moment to draw the rows below the fold.
  useEffect(() => {
    if (drawnInFull.current === results || results.length <= FIRST_ROWS) return;
    drawnInFull.current = results;
    redraw(0);
  }, [results]);

  return (
    <ul
      id={listId}
      role="listbox"
      class="kc-results"
      aria-label={typed ? t('search.found') : t('search.recent')}
      data-query={model.shownQuery.value ?? undefined}
    >
      {rows.map((result) => (
        <SearchResultRow
          key={resultKey(result)}
          id={optionId(result)}
          result={result}
          program={(result.membership && programs.get(result.membership.programId)) || null}
          active={resultKey(result) === activeKey}
          locale={locale}
          onHover={() => model.select(result)}
          onPick={() => void model.open(result)}
        />
      ))}
    </ul>
  );
}
