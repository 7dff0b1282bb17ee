/**
 * The proxy's words for the refusals a desk reads (a problem's `detail`), in each language the
 * desk may choose. Here, in the contract, because the proxy may import nothing else of lib/;
 * the extension's own catalogue is lib/i18n. The proxy picks the language from `Accept-Language`,
 * which the background's proxy client sends with the desk's choice.
 */

export const PROBLEM_LANGUAGES = ['en', 'cs', 'de'] as const;
export type ProblemLanguage = (typeof PROBLEM_LANGUAGES)[number];

const en = {
  deskAdjustmentLimit: 'Desk devices may adjust at most {limit} points at once; ask a manager.',
  membershipClosed: 'This membership is {state}: a desk cannot add or remove its points. Ask a manager, who can reinstate it.',
  belowZeroRedeem: 'Redeeming {points} points would leave {after}; the balance is {before}.',
  belowZeroRemove: 'Removing {points} points would leave {after}; the balance is {before}.',
  belowZeroField: 'At most {most} points can be removed: the balance is {before} and may not go below zero.',
  needsReview: 'Mews points changed outside Keycard; this adjustment needs review.',
} as const;

export type ProblemTextKey = keyof typeof en;

/** Every language has every key (a missing one is a `tsc` error); test/proxy/problem-language.test.ts checks the placeholders. */
export const PROBLEM_TEXTS: Record<ProblemLanguage, Record<ProblemTextKey, string>> = {
  en,
  cs: {
    deskAdjustmentLimit: 'Pult může najednou upravit nejvýše {limit} bodů; požádejte vedoucího.',
    membershipClosed: 'Toto členství je ve stavu {state}: pult nemůže přidat ani odebrat jeho body. Požádejte vedoucího, který ho může obnovit.',
    belowZeroRedeem: 'Uplatnění {points} bodů by zůstatek snížilo na {after}; zůstatek je {before}.',
    belowZeroRemove: 'Odebrání {points} bodů by zůstatek snížilo na {after}; zůstatek je {before}.',
    belowZeroField: 'Odebrat lze nejvýše {most} bodů: zůstatek je {before} a nesmí klesnout pod nulu.',
    needsReview: 'Body v Mews se změnily mimo Keycard; tuto úpravu je třeba zkontrolovat.',
  },
  de: {
    deskAdjustmentLimit: 'Empfangsgeräte dürfen höchstens {limit} Punkte auf einmal anpassen; bitten Sie eine Führungskraft.',
    membershipClosed: 'Diese Mitgliedschaft ist {state}: Am Empfang können keine Punkte hinzugefügt oder abgezogen werden. Eine Führungskraft kann sie wiederherstellen.',
    belowZeroRedeem: 'Das Einlösen von {points} Punkten ließe {after} übrig; der Stand ist {before}.',
    belowZeroRemove: 'Das Abziehen von {points} Punkten ließe {after} übrig; der Stand ist {before}.',
    belowZeroField: 'Höchstens {most} Punkte können abgezogen werden: Der Stand ist {before} und darf nicht unter null fallen.',
    needsReview: 'Die Punkte in Mews wurden außerhalb von Keycard geändert; diese Anpassung muss geprüft werden.',
  },
};

/**
 * The first language of an `Accept-Language` header Keycard speaks, by the header's q-values;
 * English when none is.
 *
 * @example
 * ```ts
 * problemLanguage('fr-FR, de;q=0.8, cs;q=0.9'); // → 'cs'
 * problemLanguage(null); // → 'en'
 * ```
 */
export function problemLanguage(header: string | null | undefined): ProblemLanguage {
  const ranked = (header ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = Number(rest.find((p) => p.trim().startsWith('q='))?.trim().slice(2) ?? '1');
      return { base: tag.trim().toLowerCase().split('-')[0] ?? '', q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { base } of ranked) if ((PROBLEM_LANGUAGES as readonly string[]).includes(base)) return base as ProblemLanguage;
  return 'en';
}

/** A problem's words with `{placeholders}` filled. */
export interface ProblemText {
  key: ProblemTextKey;
  params?: Record<string, string | number>;
}

/**
 * A problem text in one language.
 *
 * @example
 * ```ts
 * problemDetail('de', { key: 'deskAdjustmentLimit', params: { limit: 1000 } });
 * ```
 */
export function problemDetail(language: ProblemLanguage, { key, params = {} }: ProblemText): string {
  return PROBLEM_TEXTS[language][key].replace(/\{(\w+)\}/g, (whole, name: string) => String(params[name] ?? whole));
}
