/**
 * What the popup's polite live region says once the cache has answered a query: how many
 * were found (and that the desk is offline, if so), or that the proxy is still searching,
 * or that nothing matched. A screen reader hears it once per settled answer.
 */
import type { OnlineState } from './quick-search';
import { t, tn } from '@/lib/i18n';

/**
 * @example
 * ```ts
 * announceFound(2, 'done'); // → '2 members found'
 * ```
 */
export function announceFound(count: number, online: OnlineState): string {
  if (count > 0) {
    const found = tn('announce.found', count);
    return online === 'offline' ? t('announce.foundOffline', { found }) : found;
  }
  if (online === 'waiting' || online === 'searching') return t('announce.searching');
  return online === 'offline' ? t('announce.noneOffline') : t('search.noneFound');
}
