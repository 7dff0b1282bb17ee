import { render, screen, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { BackfillForm } from '@/components/options/BackfillForm';
import type { BackfillReport } from '@/lib/contract';
import { BackfillModel } from '@/lib/models/backfill';
import { program, scriptedSend, ok } from '../support/fixtures';
import { click, type } from '../support/manager-ui';

type Script = Parameters<typeof scriptedSend>[0];
const report = (overrides: Partial<BackfillReport> = {}): BackfillReport => ({
  dryRun: true, from: '2026-09-01', to: '2026-09-30', windows: 1, stays: 12, points: 3400,
  skipped: { 'not-a-member': 4, company: 1 },
  programs: [{ programId: 'prog-1', points: 3400, credit: 3400 }], members: 7,
  ...overrides,
});

function showBackfill(script: Script = {}) {
  const background = scriptedSend(script);
  const backfill = new BackfillModel({ send: background.send, today: () => new Date(2026, 11, 3) });
  render(<BackfillForm backfill={backfill} programs={[program()]} locale="en-US" />);
  return { calls: background.calls, form: screen.getByRole('form', { name: 'Credit past stays' }) };
}

describe('Credit past stays (options page)', () => {
  it('previews a range: stays, points per program, members, and skipped stays by reason', async () => {
    const { calls, form } = showBackfill({ runBackfill: (m) => ok(report({ from: m.from, to: m.to })) });
    expect((within(form).getByLabelText('From') as HTMLInputElement).value).toBe('2026-11-01');
    expect((within(form).getByLabelText('To') as HTMLInputElement).value).toBe('2026-12-03');
    await type(within(form).getByLabelText('From'), '2026-09-01');
    await type(within(form).getByLabelText('To'), '2026-09-30');
    await click(within(form).getByRole('button', { name: 'Preview' }));
    expect(calls).toEqual([{ type: 'runBackfill', from: '2026-09-01', to: '2026-09-30', dryRun: true }]);
    const preview = within(form).getByRole('group', { name: 'Preview' });
    expect(preview.textContent).toContain('12 stays checked out from 2026-09-01 to 2026-09-30 · 7 members would get points');
    expect(within(preview).getByRole('row', { name: /Keycard Rewards/ }).textContent).toBe('Keycard Rewards3,4003,400');
    expect(preview.querySelector('[data-field="backfill-skipped"]')!.textContent).toBe('Skipped: guests who are not members (4), company stays (1).');
  });

  it('credits exactly the previewed range, shows what it did, and a second run credits nothing', async () => {
    let credited = false;
    const { calls, form } = showBackfill({
      runBackfill: (m) => {
        const wasCredited = credited;
        if (!m.dryRun) credited = true;
        const credit = wasCredited ? 0 : 3400;
        return ok(report({ dryRun: m.dryRun, from: m.from, to: m.to, programs: [{ programId: 'prog-1', points: 3400, credit }], members: credit ? 7 : 0 }));
      },
    });
    await click(within(form).getByRole('button', { name: 'Preview' }));
    // A date typed after the preview is not what "Credit" sends: the preview goes instead.
    await type(within(form).getByLabelText('From'), '2026-10-01');
    expect(within(form).queryByRole('button', { name: /^Credit/ })).toBeNull();
    await click(within(form).getByRole('button', { name: 'Preview' }));
    await click(within(form).getByRole('button', { name: 'Credit 3,400 points' }));
    expect(calls.at(-1)).toEqual({ type: 'runBackfill', from: '2026-10-01', to: '2026-12-03', dryRun: false });
    expect(within(form).getByRole('status').textContent).toBe('Credited 3,400 points to 7 members.');
    expect(within(form).getByRole('group', { name: 'Credited' })).toBeTruthy();

    await click(within(form).getByRole('button', { name: 'Preview' }));
    expect(within(form).queryByRole('button', { name: /^Credit/ })).toBeNull();
    expect(form.querySelector('[data-field="backfill-nothing"]')).toBeTruthy();
  });

  it("checks the dates first, and shows the proxy's reason for refusing a range", async () => {
    const { calls, form } = showBackfill({
      runBackfill: () => ({
        ok: false,
        error: { kind: 'invalid', message: 'The request body has invalid fields.', problem: { type: 'about:blank', title: 'Unprocessable', status: 422, errors: [{ pointer: '/to', detail: 'A backfill covers at most 366 days; run it in parts.' }] } },
      }),
    });
    await type(within(form).getByLabelText('From'), '2026-12-04');
    await click(within(form).getByRole('button', { name: 'Preview' }));
    expect(within(form).getByRole('alert').textContent).toBe('The From date must not be after the To date.');
    expect(calls).toHaveLength(0);
    await type(within(form).getByLabelText('From'), '2024-01-01');
    await click(within(form).getByRole('button', { name: 'Preview' }));
    expect(within(form).getByRole('alert').textContent).toBe('A backfill covers at most 366 days; run it in parts.');
  });
});
