import { act, render, screen, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { ProgramsAdmin } from '@/components/options/ProgramsAdmin';
import type { Program, Tier } from '@/lib/contract';
import { ProgramsAdminModel } from '@/lib/models/programs-admin';
import { ok, program, scriptedSend } from '../support/fixtures';
import { choose, click, keyCounter, refused, settle, type } from '../support/manager-ui';
import { deskLanguage } from '@/lib/i18n';

type Script = Parameters<typeof scriptedSend>[0];

async function showAdmin(script: Script = {}) {
  const background = scriptedSend({ getPrograms: () => ok([program()]), ...script });
  const admin = new ProgramsAdminModel({ send: background.send, newKey: keyCounter() });
  render(<ProgramsAdmin admin={admin} locale="en-US" />);
  await act(settle);
  return { admin, calls: background.calls, section: () => screen.getByRole('region', { name: 'Programs' }) };
}

describe('Programs section (options page, manager devices)', () => {
  it('lists each program with its tiers, codes and points thresholds', async () => {
    await showAdmin();
    const block = screen.getByRole('region', { name: 'Keycard Rewards' });
    expect(block.textContent).toContain('KR · Hotel · Free · Promote only');
    const gold = block.querySelector('[data-tier-id="tier-gold"]')!;
    expect(gold.textContent).toContain('Gold');
    expect(gold.textContent).toContain('10,000 pts');
  });

  it('names the subscription in the desk’s language, in the list and in the form', async () => {
    deskLanguage.value = 'cs';
    try {
      await showAdmin();
      expect(screen.getByRole('region', { name: 'Keycard Rewards' }).textContent).toContain('KR · Hotel · Zdarma · ');
      await click(screen.getByRole('button', { name: 'Přidat program' }));
      const options = [...(screen.getByLabelText('Předplatné') as HTMLSelectElement).options].map((option) => [option.value, option.textContent]);
      expect(options).toEqual([['Free', 'Zdarma'], ['Paid', 'Placené']]);
    } finally {
      deskLanguage.value = 'en';
    }
  });

  it('checks the program form before sending anything', async () => {
    const { calls } = await showAdmin();
    await click(screen.getByRole('button', { name: 'Add program' }));
    const form = screen.getByRole('form', { name: 'New program' });
    await click(within(form).getByRole('button', { name: 'Save program' }));
    expect(within(form).getByText('Enter a name.')).toBeTruthy();
    expect(within(form).getByText('Enter a code.')).toBeTruthy();
    expect(within(form).getByLabelText('Name').getAttribute('aria-invalid')).toBe('true');
    expect(calls.filter((c) => c.type === 'createProgram')).toHaveLength(0);
  });

  it("creates a program; Mews's refusal is shown in Mews's words, and a retry reuses the key", async () => {
    let attempts = 0;
    const created: Program = program({ id: 'prog-2', name: 'Harbour Club', code: 'HC', tiers: [], retierMode: 'both' });
    const { calls } = await showAdmin({
      createProgram: () => (++attempts === 1 ? refused('A loyalty program with the code "HC" already exists.') : ok(created)),
      getPrograms: () => ok(attempts > 1 ? [program(), created] : [program()]),
    });
    await click(screen.getByRole('button', { name: 'Add program' }));
    const form = screen.getByRole('form', { name: 'New program' });
    await type(within(form).getByLabelText('Name'), ' Harbour Club ');
    await type(within(form).getByLabelText('Code'), 'HC');
    await choose(within(form).getByLabelText('Re-tier mode'), 'both');
    await click(within(form).getByRole('button', { name: 'Save program' }));
    expect(within(form).getByRole('alert').textContent).toBe('A loyalty program with the code "HC" already exists.');

    await click(within(form).getByRole('button', { name: 'Save program' }));
    const sent = calls.filter((c) => c.type === 'createProgram');
    expect(sent[0]).toEqual({
      type: 'createProgram',
      fields: { name: 'Harbour Club', code: 'HC', type: 'Hotel', subscription: 'Free', retierMode: 'both' },
      idempotencyKey: 'key-1',
    });
    expect(sent[1]!.idempotencyKey).toBe('key-1');
    expect(screen.getByRole('status').textContent).toBe('Added Harbour Club.');
    expect(screen.getByRole('region', { name: 'Harbour Club' })).toBeTruthy();
    // The note on screen follows the desk to another language.
    try {
      await act(() => {
        deskLanguage.value = 'de';
      });
      expect(screen.getByRole('status').textContent).toBe('Harbour Club hinzugefügt.');
    } finally {
      deskLanguage.value = 'en';
    }
  });

  it('edits a program without its code (Mews keeps it)', async () => {
    const { calls } = await showAdmin({ updateProgram: () => ok(program({ name: 'Keycard Club' })) });
    await click(screen.getByRole('button', { name: 'Edit Keycard Rewards' }));
    const form = screen.getByRole('form', { name: 'Edit Keycard Rewards' });
    expect((within(form).getByLabelText('Code') as HTMLInputElement).readOnly).toBe(true);
    await type(within(form).getByLabelText('Name'), 'Keycard Club');
    await click(within(form).getByRole('button', { name: 'Save program' }));
    expect(calls.find((c) => c.type === 'updateProgram')).toMatchObject({
      programId: 'prog-1',
      changes: { name: 'Keycard Club', type: 'Hotel', subscription: 'Free', retierMode: 'up' },
    });
  });

  it('lists tiers lowest first as the proxy ranks them, even where Ordering 1 is the top tier', async () => {
    const docsWay = program({
      tierOrder: 'descending',
      tiers: [
        { id: 'tier-s', programId: 'prog-1', name: 'Silver', code: 'S1', ordering: 3, minPoints: null },
        { id: 'tier-g', programId: 'prog-1', name: 'Gold', code: 'G1', ordering: 2, minPoints: null },
        { id: 'tier-p', programId: 'prog-1', name: 'Platinum', code: 'P1', ordering: 1, minPoints: null },
      ],
    });
    await showAdmin({ getPrograms: () => ok([docsWay]) });
    const block = screen.getByRole('region', { name: 'Keycard Rewards' });
    expect([...block.querySelectorAll('[data-tier-id]')].map((row) => row.getAttribute('data-tier-id'))).toEqual(['tier-s', 'tier-g', 'tier-p']);
    expect(block.querySelector('[data-field="tier-order"]')!.textContent).toBe(' · Ordering 1 is the top tier');
  });

  it('asks a manager to confirm which way Ordering runs, and sends it; once confirmed it stays confirmed', async () => {
    const unconfirmed = program({ tiers: [{ id: 'tier-s', programId: 'prog-1', name: 'Silver', code: 'S1', ordering: 1, minPoints: null }] });
    let current = unconfirmed;
    const { calls } = await showAdmin({
      getPrograms: () => ok([current]),
      updateProgram: () => ok((current = { ...unconfirmed, tierOrder: 'ascending' })),
    });
    const block = screen.getByRole('region', { name: 'Keycard Rewards' });
    expect(block.querySelector('[data-field="tier-order"]')!.textContent).toBe(' · Tier order not confirmed');
    await click(screen.getByRole('button', { name: 'Edit Keycard Rewards' }));
    const form = screen.getByRole('form', { name: 'Edit Keycard Rewards' });
    const order = within(form).getByLabelText('Tier order') as HTMLSelectElement;
    expect(order.value).toBe('');
    expect([...order.options].map((o) => o.text)).toEqual(['Not confirmed yet', 'Ordering 1 is the entry tier', 'Ordering 1 is the top tier']);
    await choose(order, 'ascending');
    await click(within(form).getByRole('button', { name: 'Save program' }));
    expect(calls.find((c) => c.type === 'updateProgram')).toMatchObject({ programId: 'prog-1', changes: { tierOrder: 'ascending' } });

    await click(screen.getByRole('button', { name: 'Edit Keycard Rewards' }));
    const again = within(screen.getByRole('form', { name: 'Edit Keycard Rewards' })).getByLabelText('Tier order') as HTMLSelectElement;
    expect([...again.options].map((o) => o.value)).toEqual(['ascending', 'descending']);
  });

  it('adds a tier with ordering and threshold; a bad threshold is refused before sending', async () => {
    const tier: Tier = { id: 'tier-plat', programId: 'prog-1', name: 'Platinum', code: 'PLT', ordering: 3, minPoints: 25000 };
    const { calls } = await showAdmin({ createTier: () => ok(tier) });
    await click(screen.getByRole('button', { name: 'Add tier to Keycard Rewards' }));
    const form = screen.getByRole('form', { name: 'New tier in Keycard Rewards' });
    expect((within(form).getByLabelText('Ordering') as HTMLInputElement).value).toBe('3');
    await type(within(form).getByLabelText('Name'), 'Platinum');
    await type(within(form).getByLabelText('Code'), 'PLT');
    await type(within(form).getByLabelText('Points threshold'), 'lots');
    await click(within(form).getByRole('button', { name: 'Save tier' }));
    expect(within(form).getByText('Enter whole points, 0 or more, or leave empty.')).toBeTruthy();
    expect(calls.some((c) => c.type === 'createTier')).toBe(false);

    await type(within(form).getByLabelText('Points threshold'), '25,000');
    await click(within(form).getByRole('button', { name: 'Save tier' }));
    expect(calls.find((c) => c.type === 'createTier')).toEqual({
      type: 'createTier',
      programId: 'prog-1',
      fields: { name: 'Platinum', code: 'PLT', ordering: 3, minPoints: 25000 },
      idempotencyKey: 'key-1',
    });
  });

  it('deletes only after confirmation, and shows why Mews refused', async () => {
    const { calls } = await showAdmin({ deleteTier: () => refused('The loyalty tier is assigned to loyalty memberships.') });
    await click(screen.getByRole('button', { name: 'Delete Gold' }));
    expect(calls.some((c) => c.type === 'deleteTier')).toBe(false);
    const confirm = screen.getByRole('group', { name: 'Confirm delete' });
    expect(confirm.textContent).toContain('Delete the tier Gold from Keycard Rewards?');
    await click(within(confirm).getByRole('button', { name: 'Delete' }));
    expect(calls.find((c) => c.type === 'deleteTier')).toMatchObject({ programId: 'prog-1', tierId: 'tier-gold' });
    expect(within(confirm).getByRole('alert').textContent).toBe('The loyalty tier is assigned to loyalty memberships.');
    await click(within(confirm).getByRole('button', { name: 'Keep' }));
    expect(screen.queryByRole('group', { name: 'Confirm delete' })).toBeNull();
  });
});
