// @vitest-environment node
/**
 * The proxy's refusals that reach a desk are in the desk's language: the panel shows their
 * `detail`, so the proxy reads `Accept-Language` (en, cs, de; anything else English).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROBLEM_TEXTS, problemLanguage } from '../../lib/contract/problem-texts';
import { startLoyaltyEnv, type LoyaltyEnv } from './support/loyalty-env';

describe('problem details in the desk’s language', () => {
  let env: LoyaltyEnv;
  let desk: string;

  beforeAll(async () => {
    env = await startLoyaltyEnv('sqlite', { customers: 10 });
    desk = (await env.harness.pair('desk')).token;
  });
  afterAll(() => env?.close());

  const overTheLimit = (language?: string) =>
    env.harness.request(`/v1/memberships/${randomUUID()}/adjustments`, {
      method: 'POST',
      token: desk,
      json: { delta: 5000, reason: 'goodwill' },
      headers: { 'Idempotency-Key': randomUUID(), ...(language ? { 'Accept-Language': language } : {}) },
    });

  it('refuses a desk adjustment over the limit in English, Czech and German', async () => {
    const answers = await Promise.all(['en-US', 'cs-CZ,cs;q=0.9', 'de', undefined, 'fr-FR'].map(async (language) => {
      const res = await overTheLimit(language);
      expect(res.status).toBe(403);
      const problem = (await res.json()) as { type: string; detail: string; limit: number; title: string };
      expect(problem.type).toBe('https://keycard.dev/problems/desk-adjustment-limit');
      expect(res.headers.get('Content-Language')).toBe(problemLanguage(language ?? null));
      return problem;
    }));
    const [en, cs, de, none, fr] = answers.map((p) => p!.detail);
    const limit = (locale: string) => new Intl.NumberFormat(locale).format(answers[0]!.limit);
    expect(en).toBe(`Desk devices may adjust at most ${limit('en-US')} points at once; ask a manager.`);
    expect(cs).toBe(`Pult může najednou upravit nejvýše ${limit('cs-CZ')} bodů; požádejte vedoucího.`);
    expect(de).toBe(`Empfangsgeräte dürfen höchstens ${limit('de-DE')} Punkte auf einmal anpassen; bitten Sie eine Führungskraft.`);
    expect(none).toBe(en);
    expect(fr).toBe(en);
    // The title and the type stay stable: clients branch on them, not on the words.
    expect(new Set(answers.map((p) => p!.title)).size).toBe(1);
  });

  it('has every problem text in every language, with the English placeholders', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join();
    for (const language of ['cs', 'de'] as const) {
      expect(Object.keys(PROBLEM_TEXTS[language]).sort()).toEqual(Object.keys(PROBLEM_TEXTS.en).sort());
      for (const [key, text] of Object.entries(PROBLEM_TEXTS.en)) {
        const translated = PROBLEM_TEXTS[language][key as keyof typeof PROBLEM_TEXTS.en];
        expect(translated.trim(), `${language} ${key}`).not.toBe('');
        expect(placeholders(translated), `${language} ${key}`).toBe(placeholders(text));
      }
    }
  });
});
