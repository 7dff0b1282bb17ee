import { describe, expect, it } from 'vitest';
import type { EarningRules, EarningRulesVersion } from '@/lib/contract';
import { draftOf, EMPTY_EARNING_DRAFT, readDraft, refusedFields } from '@/lib/models/earning-draft';
import { examplePoints } from '@/lib/models/earning-example';
import { EarningRulesModel } from '@/lib/models/earning-rules';
import { deskContext, ok, program, scriptedSend } from '../support/fixtures';
import { keyCounter } from '../support/manager-ui';

const RULES: EarningRules = {
  perNight: 10, perCurrencyUnit: 1, revenue: 'net', includeProducts: false,
  perStay: 50, minNights: 1, tierMultipliers: {},
};
const version = (rules: EarningRules, n = 1): EarningRulesVersion => ({
  programId: 'prog-1', version: n, rules, savedAt: '2026-12-03T09:00:00Z', savedBy: 'Anna',
});
const refusal = (errors: { pointer: string; detail: string }[]) => ({
  ok: false as const,
  error: { kind: 'invalid' as const, message: 'The request body has invalid fields.', problem: { type: 'about:blank', title: 'Unprocessable', status: 422, errors } },
});

describe('examplePoints: the formula of lib/contract/earning.ts for a simple stay', () => {
  const stay = { nights: 2, nightly: 100 };
  it('adds nights, revenue and the stay bonus, then multiplies and rounds down once', () => {
    expect(examplePoints(RULES, stay)).toBe(2 * 10 + 200 * 1 + 50);
    expect(examplePoints(RULES, stay, 1.5)).toBe(405);
    // 0.33 × 200 = 66, + 0, × 1.01 = 66.66 → 66 (rounded once, at the end).
    expect(examplePoints({ ...RULES, perNight: 0, perStay: 0, perCurrencyUnit: 0.33 }, stay, 1.01)).toBe(66);
  });
  it('is exact in hundredths where floating point is not (0.1 × 3 nights of 0.7)', () => {
    const tenth = { ...RULES, perNight: 0, perStay: 0, perCurrencyUnit: 10 };
    // 3 × 0.7 = 2.0999999999999996 in floating point; in cents it is 210, × 10 = 21 points.
    expect(examplePoints(tenth, { nights: 3, nightly: 0.7 })).toBe(21);
  });
  it('earns nothing below the minimum nights', () => {
    expect(examplePoints({ ...RULES, minNights: 3 }, stay)).toBe(0);
    expect(examplePoints({ ...RULES, minNights: 2 }, stay)).toBe(270);
  });
});

describe('the earning draft', () => {
  it('reads numbers, a decimal comma, and empty fields as 0 (multipliers: not listed)', () => {
    const draft = { ...EMPTY_EARNING_DRAFT, perNight: ' 10 ', perCurrencyUnit: '0,5', tierMultipliers: { 'tier-gold': '1.5', 'tier-silver': '' } };
    expect(readDraft(draft, ['tier-silver', 'tier-gold'])).toEqual({
      rules: { ...RULES, perNight: 10, perCurrencyUnit: 0.5, perStay: 0, minNights: 0, tierMultipliers: { 'tier-gold': 1.5 } },
      errors: {},
    });
  });
  it('marks what is not a number, and drops multipliers of tiers the program no longer has', () => {
    const draft = { ...EMPTY_EARNING_DRAFT, perStay: 'fifty', tierMultipliers: { 'tier-gold': '1e2', 'tier-gone': '2' } };
    expect(readDraft(draft, ['tier-gold'])).toEqual({
      rules: null,
      errors: { perStay: 'Enter a number, e.g. 10.', 'tierMultipliers/tier-gold': 'Enter a number, e.g. 10.' },
    });
  });
  it('leaves ranges and decimals to the proxy: 0.125 and -1 are sent as they are', () => {
    const { rules } = readDraft({ ...EMPTY_EARNING_DRAFT, perCurrencyUnit: '0.125', minNights: '-1' }, []);
    expect(rules).toMatchObject({ perCurrencyUnit: 0.125, minNights: -1 });
  });
  it('round-trips saved rules', () => {
    const rules = { ...RULES, tierMultipliers: { 'tier-gold': 1.25 } };
    expect(readDraft(draftOf(rules), ['tier-gold']).rules).toEqual(rules);
  });
  it("puts a 422's problems on the fields they name, in the field's words", () => {
    const labels: Record<string, string> = { perCurrencyUnit: 'Points per EUR of revenue', 'tierMultipliers/a/b': 'Gold multiplier' };
    const problem = refusal([
      { pointer: '/perCurrencyUnit', detail: 'perCurrencyUnit has at most two decimals.' },
      { pointer: '/tierMultipliers/a~1b', detail: 'tierMultipliers is at most 100.' },
      { pointer: '/tierMultipliers/t-9', detail: 't-9 is not a tier of Keycard Rewards.' },
    ]).error.problem;
    expect(refusedFields(problem, (key) => labels[key])).toEqual({
      fields: { perCurrencyUnit: 'Points per EUR of revenue has at most two decimals.', 'tierMultipliers/a/b': 'Gold multiplier is at most 100.' },
      other: ['t-9 is not a tier of Keycard Rewards.'],
    });
  });
});

describe('EarningRulesModel', () => {
  function model(script: Parameters<typeof scriptedSend>[0] = {}) {
    const background = scriptedSend({ getContext: () => ok(deskContext()), getEarning: () => ok({ earning: version(RULES, 3) }), ...script });
    return { earning: new EarningRulesModel({ send: background.send, newKey: keyCounter() }), calls: background.calls };
  }

  it('loads the version in force and the hotel currency; the form opens filled with it', async () => {
    const { earning } = model();
    await earning.load('prog-1');
    expect(earning.versions.value['prog-1']?.version).toBe(3);
    expect(earning.labels.value.perCurrencyUnit).toBe('Points per CZK of revenue');
    earning.edit(program());
    expect(earning.draft.value).toMatchObject({ perNight: '10', perStay: '50', revenue: 'net' });
    expect(earning.example.value).toMatchObject({ points: 270, currency: 'CZK', minNights: null, tiers: [] });
    earning.setMultiplier('tier-gold', '2');
    expect(earning.example.value?.tiers).toEqual([{ name: 'Gold', points: 540 }]);
  });

  it('marks refused fields, keeps the key for the same retry, and takes a new one for changed rules', async () => {
    let attempt = 0;
    const { earning, calls } = model({
      getEarning: () => ok({ earning: null }),
      saveEarning: (message) =>
        ++attempt < 3
          ? refusal([{ pointer: '/perCurrencyUnit', detail: 'perCurrencyUnit has at most two decimals.' }])
          : ok({ earning: { ...version(message.rules, 1), savedAt: '2026-12-03T10:00:00Z' } }),
    });
    await earning.load('prog-1');
    earning.edit(program());
    earning.setField('perCurrencyUnit', '0.125');
    expect(await earning.save()).toBe(false);
    expect(earning.errors.value).toEqual({ perCurrencyUnit: 'Points per CZK of revenue has at most two decimals.' });
    expect(earning.saveError.value?.message).toBe('Not saved: correct the marked fields.');
    await earning.save();
    earning.setField('perCurrencyUnit', '0.12');
    expect(earning.errors.value).toEqual({});
    expect(await earning.save()).toBe(true);
    const keys = calls.filter((c) => c.type === 'saveEarning').map((c) => c.idempotencyKey);
    expect(keys).toEqual(['key-1', 'key-1', 'key-2']);
    expect(earning.program.value).toBeNull();
    expect(earning.versions.value['prog-1']?.rules.perCurrencyUnit).toBe(0.12);
    expect(earning.notice.value).toEqual({ programId: 'prog-1', text: 'Saved the earning rules of Keycard Rewards as version 1.' });
  });

  it('sends nothing while a field is not a number', async () => {
    const { earning, calls } = model();
    await earning.load('prog-1');
    earning.edit(program());
    earning.setField('minNights', 'two');
    expect(await earning.save()).toBe(false);
    expect(earning.errors.value).toEqual({ minNights: 'Enter a number, e.g. 10.' });
    expect(calls.some((c) => c.type === 'saveEarning')).toBe(false);
  });
});
