/**
 * The options page's model: pairing this browser as a desk with a Keycard proxy, and
 * signing it out. The background does the pairing and keeps the token; this model only
 * holds what the form shows.
 */
import { batch, computed, createModel, signal } from '@preact/signals';
import { DEFAULT_PROXY_URL, proxyUrlProblem } from '@/lib/background/proxy/proxy-url';
import type { DeskStatus, Failure, Send } from '@/lib/contract/messages';
import { QUEUED_CHANGES_PROBLEM } from '@/lib/contract/desk-cache';
import { failureText, t, withLiveText } from '@/lib/i18n';

/**
 * @example
 * ```ts
 * const model = new OptionsModel({ send: sendToBackground });
 * await model.load();
 * model.code.value = 'ABCD-1234';
 * await model.pair();
 * model.statusText.value; // → 'Paired as Desk 1 (desk) with http://127.0.0.1:8787'
 * ```
 */
export const OptionsModel = createModel(({ send }: { send: Send }) => {
  const proxyUrl = signal(DEFAULT_PROXY_URL);
  /** The device's name as the proxy has it (minted with the code); shown, never typed. */
  const deviceName = signal('');
  const code = signal('');
  const status = signal<DeskStatus | null>(null);
  const busy = signal(false);
  const error = signal<Failure | null>(null);
  /** A confirmation of the last action, e.g. "Signed out.". */
  /** What was done, said again in the desk's language when read (withLiveText). */
  const done = signal<{ readonly text: string } | null>(null);
  /** This desk's override of where links from the popup open ('': the proxy's `operationsUrl`). */
  const mewsOperationsUrl = signal('');
  const operationsNote = signal<{ tone: 'info' | 'warning'; text: string } | null>(null);
  /**
   * Set when the background refused to sign out or re-pair because changes are still queued:
   * which action the desk may now repeat, knowingly discarding them.
   */
  const discardOffer = signal<'pair' | 'signOut' | null>(null);
  /** A paired desk shows how it is connected; the pairing code and Pair wait behind "Pair again". */
  const pairingAgain = signal(false);

  /** Shows a refusal; one about queued changes also offers to go ahead and discard them. */
  function refuse(failed: Failure, action: 'pair' | 'signOut') {
    error.value = failed;
    discardOffer.value = failed.problem?.type === QUEUED_CHANGES_PROBLEM ? action : null;
  }

  const locked = computed(() => status.value?.proxyUrlFromPolicy === true);
  const statusText = computed(() => {
    const current = status.value;
    if (!current) return t('status.checking');
    if (!current.paired || !current.device) return t('status.notPaired');
    return t('status.paired', { name: current.device.name, role: t(current.device.role === 'manager' ? 'role.manager' : 'role.desk'), proxy: current.proxyUrl });
  });

  function show(next: DeskStatus) {
    batch(() => {
      status.value = next;
      proxyUrl.value = next.proxyUrl;
      if (next.deviceName) deviceName.value = next.deviceName;
    });
  }

  function check(): string | null {
    const urlProblem = locked.value ? null : proxyUrlProblem(proxyUrl.value);
    if (urlProblem) return t(urlProblem.key, urlProblem.params);
    if (!code.value.trim()) return t('status.enterCode');
    return null;
  }

  return {
    proxyUrl,
    deviceName,
    code,
    status,
    busy,
    error,
    done,
    locked,
    statusText,

    mewsOperationsUrl,
    operationsNote,
    discardOffer,
    pairingAgain,

    async load() {
      const [answer, operations] = await Promise.all([send({ type: 'getStatus' }), send({ type: 'mewsOperationsUrl' })]);
      if (answer.ok) show(answer.data);
      else error.value = answer.error;
      if (operations.ok) mewsOperationsUrl.value = operations.data.url;
    },

    /** Saves the Mews Operations address the popup's links use. */
    async saveOperationsUrl() {
      const answer = await send({ type: 'mewsOperationsUrl', set: mewsOperationsUrl.value });
      batch(() => {
        if (answer.ok) {
          mewsOperationsUrl.value = answer.data.url;
          const there = Boolean(answer.data.url);
          operationsNote.value = withLiveText({ tone: 'info' as const }, () => t(there ? 'status.savedThere' : 'status.savedServer'));
        } else {
          operationsNote.value = withLiveText({ tone: 'warning' as const }, () => failureText(answer.error));
        }
      });
    },

    /** Shows the pairing code and Pair again on a paired desk (`false`: puts them away). */
    pairAgain(open = true) {
      batch(() => {
        pairingAgain.value = open;
        code.value = '';
        error.value = null;
        discardOffer.value = null;
        done.value = null;
      });
    },

    /** `discardQueued`: the desk read that changes are queued and chose to lose them. */
    async pair(discardQueued = false) {
      const problem = check();
      done.value = null;
      discardOffer.value = null;
      if (problem) {
        error.value = { kind: 'invalid', message: problem };
        return;
      }
      batch(() => {
        busy.value = true;
        error.value = null;
      });
      const answer = await send({
        type: 'pair',
        proxyUrl: proxyUrl.value.trim(),
        code: code.value.trim(),
        ...(discardQueued ? { discardQueued } : {}),
      });
      batch(() => {
        busy.value = false;
        if (answer.ok) {
          show(answer.data);
          code.value = '';
          pairingAgain.value = false;
          done.value = withLiveText({}, () => t('status.pairedDone'));
        } else {
          refuse(answer.error, 'pair');
        }
      });
    },

    /** `discardQueued`: the desk read that changes are queued and chose to lose them. */
    async signOut(discardQueued = false) {
      batch(() => {
        busy.value = true;
        error.value = null;
        done.value = null;
        discardOffer.value = null;
      });
      const answer = await send({ type: 'signOut', ...(discardQueued ? { discardQueued } : {}) });
      batch(() => {
        busy.value = false;
        if (answer.ok) {
          show(answer.data);
          pairingAgain.value = false;
          done.value = withLiveText({}, () => t('status.signedOut'));
        } else {
          refuse(answer.error, 'signOut');
        }
      });
    },
  };
});

export type OptionsModel = InstanceType<typeof OptionsModel>;
