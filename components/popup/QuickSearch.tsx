import { useEffect, useMemo, useRef } from 'preact/hooks';
import { formatPoints, formatTime } from '@/lib/format';
import type { QuickSearch as QuickSearchModel } from '@/lib/models/quick-search';
import { resultKey, type MemberResult } from '@/lib/contract/member-search';
import { SearchDetail } from './SearchDetail';
import { SearchResults } from './SearchResults';
import { keepFramesComing } from './frames-while-typing';
import { deskLanguage, t, tn, failureText } from '@/lib/i18n';

const LIST_ID = 'kc-results';
const optionId = (result: MemberResult) => `kc-result-${resultKey(result)}`;

/** The sync line under the search box when nothing is typed. */
function syncText(model: QuickSearchModel, locale?: string): string {
  const sync = model.home.value?.sync;
  if (!sync) return '';
  if (sync.syncing) return t('search.syncing', { count: formatPoints(sync.cachedMembers, locale) });
  if (!sync.lastSyncAt) return sync.cachedMembers ? tn('search.cached', sync.cachedMembers) : t('search.notSynced');
  const timeZone = model.context.value?.enterprise.timeZone;
  return t('search.syncedAt', { cached: tn('search.cached', sync.cachedMembers), time: formatTime(sync.lastSyncAt, timeZone, locale) });
}

/** Below the list: what the proxy's search is doing, or why there is nothing. */
function statusText(model: QuickSearchModel): string | null {
  if (!model.typed.value || !model.settled.value) return null;
  const none = model.results.value.length === 0;
  switch (model.online.value) {
    case 'waiting':
    case 'searching':
      return none ? t('search.noneCachedSearching') : t('search.searchingAll');
    case 'offline':
      return none ? t('search.offlineNone') : t('search.offline');
    case 'failed':
      return none ? `${t('search.noneFound')} ${model.error.value ? failureText(model.error.value) : ''}`.trim() : (model.error.value ? failureText(model.error.value) : null);
    default:
      return none ? t('search.noneFound') : null;
  }
}

interface QuickSearchProps {
  model: QuickSearchModel;
  locale?: string;
}

/**
 * The popup: a combobox that searches members as the desk types, a listbox of results,
 * and a result's detail inline. Usable from the keyboard alone; results are read out politely.
 */
export function QuickSearch({ model, locale }: QuickSearchProps) {
  const input = useRef<HTMLInputElement>(null);
  const results = model.results.value;
  const active = model.active.value;
  const detail = model.detail.value;
  const home = model.home.value;
  const expanded = results.length > 0;
  // Keyed by the language too: the list is kept across keystrokes, not across a language change.
  const language = deskLanguage.value;
  const list = useMemo(() => <SearchResults model={model} locale={locale} listId={LIST_ID} optionId={optionId} />, [model, locale, language]);

  useEffect(() => {
    if (active && !detail) document.getElementById(optionId(active))?.scrollIntoView({ block: 'nearest' });
  }, [active, detail]);
  useEffect(() => {
    if (!detail) input.current?.focus();
  }, [detail]);

  function onKeyDown(event: KeyboardEvent) {
    const field = event.currentTarget as HTMLInputElement;
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp':
        event.preventDefault();
        model.move(event.key === 'ArrowDown' ? 1 : -1);
        return;
      case 'PageDown':
      case 'PageUp':
        event.preventDefault();
        model.move(event.key === 'PageDown' ? 'last' : 'first');
        return;
      case 'Enter':
        event.preventDefault();
        void model.open();
        return;
      case 'ArrowRight':
        // Only at the end of the text, so the caret still moves while editing.
        if (active && field.selectionStart === field.value.length && field.selectionEnd === field.value.length) {
          event.preventDefault();
          model.showDetail();
        }
        return;
      case 'Escape':
        // Handled here, so the browser does not close the popup while there is text to clear.
        event.preventDefault();
        model.escape();
        return;
    }
  }

  if (detail) {
    return (
      <main
        class="kc-popup"
        onKeyDown={(event) => {
          if (event.key !== 'Escape') return;
          event.preventDefault();
          model.closeDetail();
        }}
      >
        <SearchDetail model={model.detailPanel} onBack={model.closeDetail} onOpen={() => void model.open(detail)} />
      </main>
    );
  }

  const status = statusText(model);
  return (
    <main class="kc-popup">
      {/* Every page has one h1 (axe page-has-heading-one); the label already says it on screen. */}
      <h1 class="kc-visually-hidden">{t('search.heading')}</h1>
      <label class="kc-search-label" for="kc-search">
        {t('search.label')}
      </label>
      <input
        ref={input}
        id="kc-search"
        class="kc-input kc-search"
        type="text"
        role="combobox"
        autoFocus
        autoComplete="off"
        spellcheck={false}
        placeholder={t('search.placeholder')}
        aria-autocomplete="list"
        aria-expanded={expanded ? 'true' : 'false'}
        aria-controls={LIST_ID}
        aria-activedescendant={active ? optionId(active) : undefined}
        aria-describedby="kc-search-hint"
        value={model.query.value}
        onInput={(event) => {
          keepFramesComing();
          model.setQuery(event.currentTarget.value);
        }}
        onKeyDown={onKeyDown}
      />
      {home && !home.paired ? (
        <p class="kc-popup-note kc-notice--warning">{t('search.notPaired')}</p>
      ) : null}
      {!model.typed.value ? (
        <p class="kc-popup-note" data-field="synced">
          {syncText(model, locale)}
        </p>
      ) : null}
      {!model.typed.value && results.length > 0 ? <h2 class="kc-list-title" id="kc-results-title">{t('search.recent')}</h2> : null}
      {list}
      {status ? (
        <p class="kc-popup-note" data-field="search-status">
          {status}
        </p>
      ) : null}
      {model.error.value && model.online.value !== 'failed' && model.typed.value ? (
        <p class="kc-popup-note kc-notice--warning">{failureText(model.error.value)}</p>
      ) : null}
      <p id="kc-search-hint" class="kc-popup-hint">
        {t('search.hint')}
      </p>
      {active ? (
        <div class="kc-popup-actions">
          <button type="button" class="kc-button" onClick={() => model.showDetail()}>
            {t('search.details')}
          </button>
        </div>
      ) : null}
      <p class="kc-visually-hidden" role="status" aria-live="polite">
        {model.announcement.value}
      </p>
    </main>
  );
}
