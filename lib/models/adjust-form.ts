/**
 * The "Adjust points" form: what the desk typed, whether it makes sense, and whether it
 * needs a second look before it is sent. Validation happens here, before any network call,
 * so the desk gets a precise message tied to the field.
 */
import { batch, computed, createModel, signal } from '@preact/signals';
import { ADJUSTMENT_REASONS, NEEDS_MANAGER_APPROVAL, signAgrees, type AdjustmentReason } from '@/lib/contract/vocabulary';
import { formatPoints } from '@/lib/format';
import type { Failure } from '@/lib/contract/messages';
import { liveLabels, t } from '@/lib/i18n';

/** Reasons in the order the desk picks them, with the words the desk uses. */
export const REASON_LABELS: Record<AdjustmentReason, string> = liveLabels(ADJUSTMENT_REASONS, (reason) => t(`reason.${reason}`));

/** One-click amounts for the everyday adjustments. */
export const POINT_PRESETS: readonly number[] = [100, 250, 500, -100];

/** The most points one change may move: Mews keeps Points in a 32-bit integer. */
const LARGEST_POINTS = 2_147_483_647;

/** From this many points on, an adjustment is confirmed before it is sent. */
export const CONFIRM_FROM = 1_000;

export interface AdjustLimits {
  /** The membership's balance now: no change may take it below zero. */
  balance: number;
  /** Largest |delta| this device may apply; null for managers. */
  deskLimit: number | null;
  locale?: string;
}

export type ParsedPoints = { ok: true; delta: number } | { ok: false; message: string };

/**
 * Reads what the desk typed into `Points` and checks it against the reason and limits.
 *
 * @example
 * ```ts
 * checkPoints('+250', 'stay', { balance: 0, deskLimit: 5000 }); // → { ok: true, delta: 250 }
 * checkPoints('2.5', 'stay', { balance: 0, deskLimit: 5000 }).ok; // → false
 * ```
 */
export function checkPoints(text: string, reason: AdjustmentReason, limits: AdjustLimits): ParsedPoints {
  // People type a real minus (−) from the presets, or a plain hyphen; both mean negative.
  const typed = text.trim().replace(/^−/, '-');
  if (typed === '') return { ok: false, message: t('check.empty') };
  const { deskLimit, locale } = limits;
  if (!/^[+-]?\d+$/.test(typed)) {
    // "1e9" is a number to the desk: say which ones are accepted, not only "whole".
    const most = deskLimit ?? LARGEST_POINTS;
    return { ok: false, message: t('check.whole', { from: formatPoints(-most, locale), to: formatPoints(most, locale) }) };
  }
  const delta = Number(typed);
  if (delta === 0) return { ok: false, message: t('check.zero') };
  const beyondBalance = delta < 0 && limits.balance > 0 && limits.balance + delta < 0;
  if (beyondBalance && deskLimit !== null && -delta > deskLimit) {
    // Both at once: fixing only the one said first would meet the other next (issue 18 #9).
    const words = { balance: formatPoints(limits.balance, locale), limit: formatPoints(deskLimit, locale) };
    return { ok: false, message: t(reason === 'redemption' ? 'check.bothRedeem' : 'check.bothRemove', words) };
  }
  if (!Number.isSafeInteger(delta) || (deskLimit !== null && Math.abs(delta) > deskLimit)) {
    const message = deskLimit === null ? t('check.tooMany') : t('check.tooManyAtMost', { limit: formatPoints(deskLimit, locale) });
    return { ok: false, message };
  }
  if (!signAgrees(reason, delta)) {
    if (reason === 'redemption') return { ok: false, message: t('check.redemptionNegative') };
    return { ok: false, message: t('check.addsOnly', { reason: t(`check.article.${reason}`) }) };
  }
  // The proxy checks again against the balance it reads; this one may be a moment old.
  if (delta < 0 && limits.balance + delta < 0) return { ok: false, message: belowZeroMessage(reason, limits.balance, locale) };
  return { ok: true, delta };
}

function belowZeroMessage(reason: AdjustmentReason, balance: number, locale: string | undefined): string {
  if (balance <= 0) return t('check.nothingToRemove', { balance: formatPoints(balance, locale) });
  const most = formatPoints(balance, locale);
  return t(reason === 'redemption' ? 'check.onlyRedeem' : 'check.onlyRemove', { balance: most });
}

/**
 * The adjust form's state and actions. `limits` is read lazily so the form follows the
 * membership it is open for. The writes that send it change it through its actions only
 * (a model's actions are batched: each one's changes show together).
 *
 * @example
 * ```ts
 * const form = new AdjustFormModel(() => ({ balance: 1200, deskLimit: 5000 }));
 * form.open('mem-1');
 * form.setPoints('250');
 * form.parsed.value; // → { ok: true, delta: 250 }
 * ```
 */
export const AdjustFormModel = createModel((limits: () => AdjustLimits | null) => {
  const membershipId = signal<string | null>(null);
  const pointsText = signal('');
  const reason = signal<AdjustmentReason>('stay');
  const note = signal('');
  /** Validation shows after the first Apply, not while the desk is still typing. */
  const showErrors = signal(false);
  const confirming = signal(false);
  const submitting = signal(false);
  /** The proxy's refusal of the last Apply, shown under the form. */
  const submitError = signal<Failure | null>(null);

  const parsed = computed<ParsedPoints>(() =>
    checkPoints(pointsText.value, reason.value, limits() ?? { balance: 0, deskLimit: null }),
  );
  const proxyFieldError = computed(
    () => submitError.value?.problem?.errors?.find((error) => error.pointer === '/delta')?.detail ?? null,
  );
  /** Refused only because a desk cap was reached: nothing is wrong with it, a manager applies it. */
  const needsManager = computed(() => submitError.value?.problem?.type === NEEDS_MANAGER_APPROVAL);
  const pointsError = computed(() => {
    if (showErrors.value && !parsed.value.ok) return parsed.value.message;
    return proxyFieldError.value;
  });
  const needsConfirmation = computed(() => {
    if (!parsed.value.ok) return false;
    const deskLimit = limits()?.deskLimit ?? null;
    const threshold = deskLimit === null ? CONFIRM_FROM : Math.min(CONFIRM_FROM, deskLimit);
    return Math.abs(parsed.value.delta) >= threshold;
  });

  /** Any edit invalidates a pending confirmation and an old refusal. */
  function edited() {
    confirming.value = false;
    submitError.value = null;
  }

  return {
    membershipId,
    pointsText,
    reason,
    note,
    showErrors,
    confirming,
    submitting,
    submitError,
    parsed,
    pointsError,
    needsManager,
    needsConfirmation,

    open(id: string) {
      batch(() => {
        membershipId.value = id;
        pointsText.value = '';
        reason.value = 'stay';
        note.value = '';
        showErrors.value = false;
        submitting.value = false;
        edited();
      });
    },
    close() {
      batch(() => {
        membershipId.value = null;
        edited();
      });
    },
    setPoints(text: string) {
      batch(() => {
        pointsText.value = text;
        edited();
      });
    },
    preset(delta: number) {
      batch(() => {
        pointsText.value = String(delta);
        edited();
      });
    },
    setReason(value: AdjustmentReason) {
      batch(() => {
        reason.value = value;
        edited();
      });
    },
    setNote(value: string) {
      note.value = value;
      submitError.value = null;
    },

    /** Apply was pressed: from now on the fields show what is wrong with them. */
    showValidation() {
      showErrors.value = true;
    },
    /** A large change: the form asks once more before it is sent. */
    askConfirmation() {
      confirming.value = true;
    },
    cancelConfirmation() {
      confirming.value = false;
    },
    /** The form is on its way: busy, its last refusal forgotten. */
    sending() {
      submitting.value = true;
      submitError.value = null;
    },
    /** The proxy took it. */
    sent() {
      submitting.value = false;
    },
    /** It was not applied: the refusal (none when the device lost its pairing) shows under the form. */
    refused(failure: Failure | null) {
      submitting.value = false;
      if (failure) submitError.value = failure;
      confirming.value = false;
    },
  };
});

export type AdjustForm = InstanceType<typeof AdjustFormModel>;
