/**
 * The options page's earning rules: per program, the version in force, and a form that saves
 * the next one. One form open at a time, like the program and tier forms beside it. The proxy
 * judges the values; its 422 is shown on the fields it names, in the hotel's words.
 */
import { batch, computed, createModel, signal } from '@preact/signals';
import type { EarningRulesVersion, Program } from '@/lib/contract';
import type { Failure, Send } from '@/lib/contract/messages';
import { createIntentKeys, sendIntent } from './intent-keys';
import {
  draftOf,
  earningLabels,
  EMPTY_EARNING_DRAFT,
  multiplierKey,
  multiplierLabel,
  readDraft,
  refusedFields,
  type EarningDraft,
  type EarningFieldErrors,
} from './earning-draft';
import { examplePoints, type ExampleStay } from './earning-example';
import { sayFailure, t, withLiveText } from '@/lib/i18n';

/** The stay the form's example is about: short, and priced so the sum is easy to follow. */
export const EXAMPLE_STAY: ExampleStay = { nights: 2, nightly: 100 };

/** What the example line says: points for a member without a multiplier, then per tier that has one. */
export interface EarningExample {
  stay: ExampleStay;
  currency: string;
  /** Set when the example stay is shorter than the rules' minimum: it earns nothing. */
  minNights: number | null;
  points: number;
  tiers: { name: string; points: number }[];
}

/**
 * @example
 * ```ts
 * const earning = new EarningRulesModel({ send: sendToBackground });
 * await earning.load(program.id);
 * earning.edit(program);
 * earning.setField('perNight', '10');
 * await earning.save(); // version 1, or the fields the proxy refused
 * ```
 */
export const EarningRulesModel = createModel(({ send, newKey }: { send: Send; newKey?: () => string }) => {
  /** From the desk context: "Points per EUR", and saved dates in the hotel's days. */
  const hotel = signal<{ currency: string; timeZone: string } | null>(null);
  /** Program id → the version in force, null while it earns nothing; absent until loaded. */
  const versions = signal<Record<string, EarningRulesVersion | null>>({});
  const loadErrors = signal<Record<string, Failure>>({});
  /** The program whose form is open. */
  const program = signal<Program | null>(null);
  const draft = signal<EarningDraft>(EMPTY_EARNING_DRAFT);
  const showErrors = signal(false);
  /** The fields the proxy refused at the last save, until each is edited. */
  const refused = signal<EarningFieldErrors>({});
  const saving = signal(false);
  const saveError = signal<Failure | null>(null);
  const notice = signal<{ programId: string; text: string } | null>(null);
  const writer = { send, keys: createIntentKeys(newKey) };
  let hotelAsked: Promise<void> | null = null;

  const labels = computed(() => earningLabels(hotel.value?.currency ?? t('earningField.currencyUnit')));
  const read = computed(() => readDraft(draft.value, program.value?.tiers.map((t) => t.id) ?? []));
  const errors = computed<EarningFieldErrors>(() => ({ ...(showErrors.value ? read.value.errors : {}), ...refused.value }));
  const example = computed<EarningExample | null>(() => {
    const rules = read.value.rules;
    if (!rules || !program.value) return null;
    // Lowest tier first, as the proxy ranks them.
    const tiers = program.value.tiers
      .filter((tier) => (rules.tierMultipliers[tier.id] ?? 1) !== 1)
      .map((tier) => ({ name: tier.name, points: examplePoints(rules, EXAMPLE_STAY, rules.tierMultipliers[tier.id]) }));
    return {
      stay: EXAMPLE_STAY,
      currency: hotel.value?.currency ?? '',
      minNights: EXAMPLE_STAY.nights < rules.minNights ? rules.minNights : null,
      points: examplePoints(rules, EXAMPLE_STAY),
      tiers,
    };
  });

  function loadHotel(): Promise<void> {
    hotelAsked ??= send({ type: 'getContext' }).then((answer) => {
      if (answer.ok) hotel.value = { currency: answer.data.enterprise.currency, timeZone: answer.data.enterprise.timeZone };
      else hotelAsked = null;
    });
    return hotelAsked;
  }

  /** The label a refused field is named by, or undefined when the form has no such field. */
  function labelOf(key: string): string | undefined {
    if (key in labels.value) return labels.value[key as keyof typeof labels.value];
    const tier = program.value?.tiers.find((t) => multiplierKey(t.id) === key);
    return tier ? multiplierLabel(tier) : undefined;
  }

  /** A refusal: each named field marked; the form's own line says what is left to read. */
  function refuse(error: Failure) {
    const { fields, other } = refusedFields(error.problem, labelOf);
    const marked = Object.keys(fields).length > 0;
    batch(() => {
      refused.value = fields;
      if (other.length) saveError.value = { ...error, message: other.join(' ') };
      else saveError.value = marked ? { ...sayFailure(error.kind, 'earning.notSaved', undefined, { problem: error.problem }).error } : error;
    });
  }

  function clearRefused(key: string) {
    if (!(key in refused.value)) return;
    const { [key]: _cleared, ...rest } = refused.value;
    refused.value = rest;
  }

  return {
    hotel,
    versions,
    loadErrors,
    program,
    draft,
    errors,
    labels,
    example,
    saving,
    saveError,
    notice,

    /** Reads a program's rules in force (and, once, the hotel's currency and time zone). */
    async load(programId: string) {
      const [answer] = await Promise.all([send({ type: 'getEarning', programId }), loadHotel()]);
      batch(() => {
        const { [programId]: _old, ...otherErrors } = loadErrors.value;
        if (answer.ok) versions.value = { ...versions.value, [programId]: answer.data.earning };
        loadErrors.value = answer.ok ? otherErrors : { ...otherErrors, [programId]: answer.error };
      });
    },

    /** Opens the form, filled with the rules in force (empty when the program earns nothing yet). */
    edit(next: Program) {
      batch(() => {
        program.value = next;
        draft.value = draftOf(versions.value[next.id]?.rules ?? null);
        showErrors.value = false;
        refused.value = {};
        saveError.value = null;
        notice.value = null;
      });
    },

    setField<K extends Exclude<keyof EarningDraft, 'tierMultipliers'>>(field: K, value: EarningDraft[K]) {
      batch(() => {
        draft.value = { ...draft.value, [field]: value };
        clearRefused(field);
      });
    },

    setMultiplier(tierId: string, value: string) {
      batch(() => {
        draft.value = { ...draft.value, tierMultipliers: { ...draft.value.tierMultipliers, [tierId]: value } };
        clearRefused(multiplierKey(tierId));
      });
    },

    close() {
      batch(() => {
        program.value = null;
        saveError.value = null;
      });
    },

    /** Sends the form as the program's next version; returns whether it was saved. */
    async save(): Promise<boolean> {
      const current = program.value;
      showErrors.value = true;
      const { rules } = read.value;
      if (!current || !rules || saving.value) return false;
      const message = { type: 'saveEarning' as const, programId: current.id, rules };
      batch(() => {
        saving.value = true;
        saveError.value = null;
        refused.value = {};
      });
      const answer = await sendIntent(writer, JSON.stringify(message), (key) => ({ ...message, idempotencyKey: key }));
      saving.value = false;
      if (!answer?.ok) {
        if (answer) refuse(answer.error);
        return false;
      }
      const saved = answer.data.earning;
      batch(() => {
        versions.value = { ...versions.value, [current.id]: saved };
        program.value = null;
        notice.value = withLiveText({ programId: current.id }, () => (saved ? t('earning.savedVersion', { program: current.name, version: saved.version }) : t('earning.saved', { program: current.name })));
      });
      return true;
    },
  };
});

export type EarningRulesAdmin = InstanceType<typeof EarningRulesModel>;
