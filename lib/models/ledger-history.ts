/**
 * A membership's ledger in the panel: who changed the points, when, why, and from what to
 * what. Opened for one membership at a time, newest first, a page at a time ("Show more").
 */
import { batch, createModel, signal } from '@preact/signals';
import type { LedgerEntry } from '@/lib/contract/manager';
import type { Failure, Send } from '@/lib/contract/messages';
import { liveLabels, t } from '@/lib/i18n';

export const HISTORY_PAGE_SIZE = 10;

/**
 * Rows Keycard writes itself, named by their kind rather than their reason: a stay's credit,
 * its correction and its reversal all carry the reason `stay`, and the desk must tell them apart.
 */
export const LEDGER_KIND_LABELS: Readonly<Record<string, string>> = liveLabels(
  ['retier', 'stay', 'stay-correction', 'stay-reversal'] as const,
  (kind) => t(`ledgerKind.${kind}`),
);

/**
 * @example
 * ```ts
 * const history = new LedgerHistoryModel({ send });
 * await history.toggle('mem-1'); // first page
 * if (history.nextBefore.value) await history.more();
 * ```
 */
export const LedgerHistoryModel = createModel(({ send, pageSize = HISTORY_PAGE_SIZE }: { send: Send; pageSize?: number }) => {
  const openId = signal<string | null>(null);
  const entries = signal<LedgerEntry[]>([]);
  const nextBefore = signal<string | null>(null);
  const loading = signal(false);
  const error = signal<Failure | null>(null);
  /** Bumped on every open/close, so a late page for another membership is dropped. */
  let generation = 0;

  async function fetchPage(membershipId: string, before?: string) {
    const mine = generation;
    batch(() => {
      loading.value = true;
      error.value = null;
    });
    const answer = await send({ type: 'getLedgerPage', membershipId, limit: pageSize, ...(before ? { before } : {}) });
    if (mine !== generation) return;
    batch(() => {
      loading.value = false;
      if (!answer.ok) {
        error.value = answer.error;
        return;
      }
      entries.value = before ? [...entries.value, ...answer.data.adjustments] : answer.data.adjustments;
      nextBefore.value = answer.data.nextBefore;
    });
  }

  return {
    openId,
    entries,
    nextBefore,
    loading,
    error,

    /** Opens the history of a membership (loading its newest page), or closes it. */
    async toggle(membershipId: string) {
      generation++;
      const opening = openId.value !== membershipId;
      batch(() => {
        openId.value = opening ? membershipId : null;
        entries.value = [];
        nextBefore.value = null;
        loading.value = false;
        error.value = null;
      });
      if (opening) await fetchPage(membershipId);
    },

    /** The next, older page. */
    async more() {
      const id = openId.value;
      if (!id || !nextBefore.value || loading.value) return;
      await fetchPage(id, nextBefore.value);
    },

    /** Fetches the newest page again (after a change to the points). */
    async refresh() {
      const id = openId.value;
      if (!id) return;
      generation++;
      await fetchPage(id);
    },

    reset() {
      generation++;
      batch(() => {
        openId.value = null;
        entries.value = [];
        nextBefore.value = null;
        loading.value = false;
      });
    },
  };
});

export type LedgerHistory = InstanceType<typeof LedgerHistoryModel>;
