import { act, render, screen, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { ProgramsAdmin } from '@/components/options/ProgramsAdmin';
import type { EarningRules, EarningRulesVersion } from '@/lib/contract';
import { EarningRulesModel } from '@/lib/models/earning-rules';
import { ProgramsAdminModel } from '@/lib/models/programs-admin';
import { deskContext, ok, program, scriptedSend } from '../support/fixtures';
import { choose, click, keyCounter, settle, type } from '../support/manager-ui';

type Script = Parameters<typeof scriptedSend>[0];
const RULES: EarningRules = {
  perNight: 10, perCurrencyUnit: 1, revenue: 'net', includeProducts: true,
  perStay: 50, minNights: 2, tierMultipliers: { 'tier-gold': 1.5 },
};
const saved = (rules: EarningRules, n: number): EarningRulesVersion => ({
  programId: 'prog-1', version: n, rules, savedAt: '2026-12-03T09:00:00Z', savedBy: 'Anna',
});

async function showEarning(script: Script = {}) {
  const background = scriptedSend({
    getPrograms: () => ok([program()]),
    getContext: () => ok(deskContext({ enterprise: { id: 'ent-1', name: 'Hotel Praha', timeZone: 'Europe/Prague', currency: 'EUR' } })),
    getEarning: () => ok({ earning: null }),
    ...script,
  });
  const admin = new ProgramsAdminModel({ send: background.send });
  const earning = new EarningRulesModel({ send: background.send, newKey: keyCounter() });
  render(<ProgramsAdmin admin={admin} earning={earning} locale="en-US" />);
  // Programs first; each program's section then asks for its rules.
  await act(settle);
  await act(settle);
  const block = () => within(screen.getByRole('region', { name: 'Keycard Rewards' })).getByRole('group', { name: 'Earning rules' });
  return { calls: background.calls, block };
}

describe('Earning rules (options page, per program)', () => {
  it('says when a program earns nothing from stays yet', async () => {
    const { block } = await showEarning();
    expect(within(block()).getByText('Earns nothing from stays yet')).toBeTruthy();
    expect(within(block()).getByRole('button', { name: 'Edit earning rules of Keycard Rewards' }).textContent).toBe('Edit');
  });

  it('shows the version in force, who saved it and when, and the rules in one line', async () => {
    const { block } = await showEarning({ getEarning: () => ok({ earning: saved(RULES, 3) }) });
    expect(block().querySelector('[data-field="earning-version"]')!.textContent).toBe('Version 3, saved by Anna on Dec 3, 2026');
    expect(block().querySelector('[data-field="earning-summary"]')!.textContent).toBe(
      '10 points a night · 1 point per EUR (net, extras included) · 50 points bonus per stay · stays of 2+ nights · Gold × 1.5',
    );
  });

  it("labels the fields in the hotel's words, with the hotel's currency, and explains with an example", async () => {
    const { block } = await showEarning({ getEarning: () => ok({ earning: saved(RULES, 3) }) });
    await click(within(block()).getByRole('button', { name: 'Edit earning rules of Keycard Rewards' }));
    const form = within(block()).getByRole('form', { name: 'Earning rules of Keycard Rewards' });
    for (const label of ['Points per night', 'Points per EUR of revenue', 'Revenue counted', 'Include products (extras)', 'Bonus per stay', 'Minimum nights', 'Silver multiplier', 'Gold multiplier']) {
      expect(within(form).getByLabelText(label)).toBeTruthy();
    }
    expect(document.activeElement).toBe(within(form).getByLabelText('Points per night'));
    expect((within(form).getByLabelText('Include products (extras)') as HTMLInputElement).checked).toBe(true);
    const example = () => form.querySelector('[data-field="earning-example"]')!.textContent;
    expect(example()).toBe('A 2-night stay at 100 EUR a night earns 270 points (Gold: 405).');
    await type(within(form).getByLabelText('Minimum nights'), '3');
    expect(example()).toBe('A 2-night stay earns nothing: the minimum is 3 nights.');
  });

  it('shows the proxy refusal next to the field it names; a corrected save shows the new version', async () => {
    let attempts = 0;
    const { calls, block } = await showEarning({
      saveEarning: (message) =>
        ++attempts === 1
          ? {
              ok: false,
              error: {
                kind: 'invalid',
                message: 'The request body has invalid fields.',
                problem: { type: 'about:blank', title: 'Unprocessable', status: 422, errors: [{ pointer: '/perCurrencyUnit', detail: 'perCurrencyUnit has at most two decimals.' }] },
              },
            }
          : ok({ earning: saved(message.rules, 1) }),
    });
    await click(within(block()).getByRole('button', { name: 'Edit earning rules of Keycard Rewards' }));
    const form = within(block()).getByRole('form', { name: 'Earning rules of Keycard Rewards' });
    await type(within(form).getByLabelText('Points per night'), '10');
    await type(within(form).getByLabelText('Points per EUR of revenue'), '0.125');
    await choose(within(form).getByLabelText('Revenue counted'), 'gross');
    await type(within(form).getByLabelText('Gold multiplier'), '2');
    await click(within(form).getByRole('button', { name: 'Save earning rules' }));

    const field = within(form).getByLabelText('Points per EUR of revenue');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(field.getAttribute('aria-describedby')!)!.textContent).toBe('Points per EUR of revenue has at most two decimals.');
    expect(document.activeElement).toBe(field);
    expect(within(form).getByRole('alert').textContent).toBe('Not saved: correct the marked fields.');

    await type(field, '0.5');
    expect(field.getAttribute('aria-invalid')).toBeNull();
    await click(within(form).getByRole('button', { name: 'Save earning rules' }));
    const sent = calls.filter((c) => c.type === 'saveEarning');
    expect(sent[1]).toEqual({
      type: 'saveEarning',
      programId: 'prog-1',
      rules: { perNight: 10, perCurrencyUnit: 0.5, revenue: 'gross', includeProducts: false, perStay: 0, minNights: 0, tierMultipliers: { 'tier-gold': 2 } },
      idempotencyKey: 'key-2',
    });
    expect(within(block()).queryByRole('form')).toBeNull();
    expect(within(block()).getByRole('status').textContent).toBe('Saved the earning rules of Keycard Rewards as version 1.');
    expect(block().querySelector('[data-field="earning-version"]')!.textContent).toBe('Version 1, saved by Anna on Dec 3, 2026');
    expect(document.activeElement).toBe(within(block()).getByRole('button', { name: 'Edit earning rules of Keycard Rewards' }));
  });

  it('says why the rules could not be read', async () => {
    const { block } = await showEarning({ getEarning: () => ({ ok: false, error: { kind: 'unreachable', message: 'Keycard server unreachable — try again.' } }) });
    expect(within(block()).getByRole('alert').textContent).toBe('Keycard server unreachable — try again.');
    expect((within(block()).getByRole('button', { name: 'Edit earning rules of Keycard Rewards' }) as HTMLButtonElement).disabled).toBe(true);
  });
});
