/**
 * The options page's program administration: the hotel's loyalty programs and their tiers,
 * one form open at a time, deletes confirmed first. Mews's refusals come back in Mews's own
 * words (the proxy's problem `detail`) and are shown as they are.
 */
import { batch, computed, createModel, signal } from '@preact/signals';
import { SUBSCRIPTIONS, type RetierMode, type Subscription, type TierOrder } from '@/lib/contract/vocabulary';
import type { Program, Tier } from '@/lib/contract';
import type { ProgramFields, TierFields, EditableProgramType } from '@/lib/contract/manager';
import type { Failure, MessageOf, Send } from '@/lib/contract/messages';
import { createIntentKeys, sendIntent } from './intent-keys';
import { liveLabels, t, withLiveText } from '@/lib/i18n';

/** Which form is open: a new or an existing program, or a new or existing tier of a program. */
export type ProgramEditor =
  | { kind: 'program'; program: Program | null }
  | { kind: 'tier'; program: Program; tier: Tier | null };

/** What a delete confirmation is about. */
export type DeleteTarget = { kind: 'program'; program: Program } | { kind: 'tier'; program: Program; tier: Tier };

export const RETIER_LABELS: Record<RetierMode, string> = liveLabels(['up', 'both'] as const, (mode) => t(`retier.${mode}`));
/** Which way a program's tier Ordering runs (Mews does not say; the manager confirms it). */
export const TIER_ORDER_LABELS: Record<TierOrder, string> = liveLabels(['ascending', 'descending'] as const, (order) => t(`tierOrder.${order}`));
/** Mews's Free and Paid, named in the desk's language. */
export const SUBSCRIPTION_LABELS: Record<Subscription, string> = liveLabels(SUBSCRIPTIONS, (subscription) => t(`subscription.${subscription}`));
export const PROGRAM_TYPE_LABELS: Record<EditableProgramType, string> = liveLabels(
  ['Hotel', 'ExternalPartner', 'SoftBrand'] as const,
  (type) => t(`programType.${type}`),
);

/** The form's fields as typed (strings, like the inputs). */
export interface ProgramDraft {
  name: string;
  code: string;
  type: string;
  subscription: string;
  retierMode: string;
  /** `ascending`, `descending`, or '' while not confirmed. */
  tierOrder: string;
  ordering: string;
  minPoints: string;
}

const EMPTY: ProgramDraft = { name: '', code: '', type: 'Hotel', subscription: 'Free', retierMode: 'up', tierOrder: '', ordering: '', minPoints: '' };
const WHOLE = /^-?\d+$/;

/** Field problems of a draft, by field; empty when it can be sent. */
export function draftErrors(editor: ProgramEditor | null, draft: ProgramDraft): Partial<Record<keyof ProgramDraft, string>> {
  const errors: Partial<Record<keyof ProgramDraft, string>> = {};
  if (!editor) return errors;
  const max = editor.kind === 'program' ? 100 : 50;
  if (!draft.name.trim()) errors.name = t('admin.enterName');
  else if (draft.name.trim().length > max) errors.name = t('admin.atMost', { max });
  if (!draft.code.trim()) errors.code = t('admin.enterCode');
  else if (draft.code.trim().length > 50) errors.code = t('admin.atMost', { max: 50 });
  if (editor.kind === 'tier') {
    if (!WHOLE.test(draft.ordering.trim())) errors.ordering = t('admin.wholeNumber');
    const min = draft.minPoints.trim();
    if (min && !/^\d+$/.test(min.replace(/[\s,]/g, ''))) errors.minPoints = t('admin.minPoints');
  }
  return errors;
}

/**
 * @example
 * ```ts
 * const admin = new ProgramsAdminModel({ send: sendToBackground });
 * await admin.load();
 * admin.openProgram(null);
 * admin.draft.value = { ...admin.draft.value, name: 'Club', code: 'CLB' };
 * await admin.save();
 * ```
 */
export const ProgramsAdminModel = createModel(({ send, newKey }: { send: Send; newKey?: () => string }) => {
  const programs = signal<Program[]>([]);
  const loading = signal(false);
  const loadError = signal<Failure | null>(null);
  const editor = signal<ProgramEditor | null>(null);
  const draft = signal<ProgramDraft>(EMPTY);
  const showErrors = signal(false);
  const saving = signal(false);
  const saveError = signal<Failure | null>(null);
  const confirming = signal<DeleteTarget | null>(null);
  const deleting = signal(false);
  const deleteError = signal<Failure | null>(null);
  /** What was done, said again in the desk's language when read (withLiveText). */
  const notice = signal<{ readonly text: string } | null>(null);
  /** Writes go through sendIntent; a lost pairing is shown like any other refusal here. */
  const writer = { send, keys: createIntentKeys(newKey) };

  const errors = computed(() => draftErrors(editor.value, draft.value));

  async function load() {
    loading.value = true;
    const answer = await send({ type: 'getPrograms' });
    batch(() => {
      loading.value = false;
      if (answer.ok) {
        programs.value = [...answer.data].sort((a, b) => a.name.localeCompare(b.name));
        loadError.value = null;
      } else {
        loadError.value = answer.error;
      }
    });
  }

  function open(next: ProgramEditor, values: Partial<ProgramDraft>) {
    batch(() => {
      editor.value = next;
      draft.value = { ...EMPTY, ...values };
      showErrors.value = false;
      saveError.value = null;
      confirming.value = null;
      notice.value = null;
    });
  }

  /** The message the open form sends, without its key. */
  function messageOf(current: ProgramEditor, values: ProgramDraft) {
    if (current.kind === 'program') {
      const fields: ProgramFields = {
        name: values.name.trim(),
        code: values.code.trim(),
        type: values.type as EditableProgramType,
        subscription: values.subscription as Subscription,
        retierMode: values.retierMode as RetierMode,
        ...(values.tierOrder ? { tierOrder: values.tierOrder as TierOrder } : {}),
      };
      if (!current.program) return { type: 'createProgram' as const, fields };
      const { code: _code, ...changes } = fields;
      return { type: 'updateProgram' as const, programId: current.program.id, changes };
    }
    const min = values.minPoints.replace(/[\s,]/g, '');
    const fields: TierFields = {
      name: values.name.trim(),
      code: values.code.trim(),
      ordering: Number(values.ordering.trim()),
      minPoints: min ? Number(min) : null,
    };
    if (!current.tier) return { type: 'createTier' as const, programId: current.program.id, fields };
    return { type: 'updateTier' as const, programId: current.program.id, tierId: current.tier.id, changes: fields };
  }

  return {
    programs,
    loading,
    loadError,
    editor,
    draft,
    errors,
    showErrors,
    saving,
    saveError,
    confirming,
    deleting,
    deleteError,
    notice,
    load,

    /** Opens the program form: empty for a new program, filled for an existing one. */
    openProgram(program: Program | null) {
      open({ kind: 'program', program }, program ? {
        name: program.name,
        code: program.code,
        type: program.type === 'Unknown' ? 'Hotel' : program.type,
        subscription: program.subscription,
        retierMode: program.retierMode ?? 'up',
        tierOrder: program.tierOrder ?? '',
      } : {});
    },

    /** Opens the tier form; a new tier is offered the next ordering after the program's last. */
    openTier(program: Program, tier: Tier | null) {
      const next = Math.max(0, ...program.tiers.map((t) => t.ordering)) + 1;
      open({ kind: 'tier', program, tier }, tier ? {
        name: tier.name,
        code: tier.code,
        ordering: String(tier.ordering),
        minPoints: tier.minPoints === null ? '' : String(tier.minPoints),
      } : { ordering: String(next) });
    },

    setField(field: keyof ProgramDraft, value: string) {
      draft.value = { ...draft.value, [field]: value };
    },

    close() {
      batch(() => {
        editor.value = null;
        saveError.value = null;
        showErrors.value = false;
      });
    },

    /** Sends the open form; returns whether it was saved. */
    async save(): Promise<boolean> {
      const current = editor.value;
      showErrors.value = true;
      if (!current || saving.value || Object.keys(errors.value).length) return false;
      const message = messageOf(current, draft.value);
      const intent = JSON.stringify(message);
      batch(() => {
        saving.value = true;
        saveError.value = null;
      });
      const answer = await sendIntent(writer, intent, (key) => ({ ...message, idempotencyKey: key }) as MessageOf<typeof message.type>);
      saving.value = false;
      if (!answer?.ok) {
        if (answer) saveError.value = answer.error;
        return false;
      }
      const name = draft.value.name.trim();
      batch(() => {
        editor.value = null;
        notice.value = withLiveText({}, () => t(message.type.startsWith('create') ? 'admin.added' : 'admin.saved', { name }));
      });
      await load();
      return true;
    },

    askDelete(target: DeleteTarget) {
      batch(() => {
        confirming.value = target;
        deleteError.value = null;
        notice.value = null;
      });
    },
    cancelDelete() {
      batch(() => {
        confirming.value = null;
        deleteError.value = null;
      });
    },

    async confirmDelete(): Promise<boolean> {
      const target = confirming.value;
      if (!target || deleting.value) return false;
      const message =
        target.kind === 'program'
          ? { type: 'deleteProgram' as const, programId: target.program.id }
          : { type: 'deleteTier' as const, programId: target.program.id, tierId: target.tier.id };
      const intent = JSON.stringify(message);
      batch(() => {
        deleting.value = true;
        deleteError.value = null;
      });
      const answer = await sendIntent(writer, intent, (key) => ({ ...message, idempotencyKey: key }) as MessageOf<typeof message.type>);
      deleting.value = false;
      if (!answer?.ok) {
        if (answer) deleteError.value = answer.error;
        return false;
      }
      const name = target.kind === 'program' ? target.program.name : target.tier.name;
      batch(() => {
        confirming.value = null;
        notice.value = withLiveText({}, () => t('admin.deleted', { name }));
        if (editor.value) editor.value = null;
      });
      await load();
      return true;
    },
  };
});

export type ProgramsAdmin = InstanceType<typeof ProgramsAdminModel>;
