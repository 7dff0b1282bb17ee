/**
 * The background's news of the member cache for open popups (`MEMBER_NEWS`): each change, as the
 * changed records, so a popup's own copy of the index (lib/models/member-copy.ts) stays current.
 * Told only once a popup holds a copy (reading the changed records costs the sync otherwise):
 * from the popup's start (`getSearchHome`, before its copy reads the cache), or when a popup
 * answers the worker's question at its start (Chrome stops an idle worker; a new one forgot).
 */
import { MEMBER_COPY_HELD, MEMBER_NEWS, WHO_HOLDS_A_COPY } from '@/lib/contract/member-search';
import type { MemberSource } from './member-source';

/** What the news needs of a `BroadcastChannel`. */
export interface NewsChannel {
  postMessage(message: unknown): void;
  onmessage: ((event: MessageEvent) => void) | null;
}

/**
 * Returns the function that starts the news (idempotent).
 *
 * @example
 * ```ts
 * const tellPopups = tellPopupsOfChanges(offlineMemberSource());
 * tellPopups(); // a popup started
 * ```
 */
export function tellPopupsOfChanges(source: MemberSource, channel: NewsChannel = new BroadcastChannel(MEMBER_NEWS)): () => void {
  let telling = false;
  const start = () => {
    if (telling) return;
    telling = true;
    source.onChange((change) => channel.postMessage(change));
  };
  channel.onmessage = (event) => {
    if (event.data === MEMBER_COPY_HELD) start();
  };
  channel.postMessage(WHO_HOLDS_A_COPY);
  return start;
}
