import { act, render, screen, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { ProgramsAdmin } from '@/components/options/ProgramsAdmin';
import type { Program } from '@/lib/contract';
import { ProgramConnectionModel } from '@/lib/models/program-connection';
import { ProgramsAdminModel } from '@/lib/models/programs-admin';
import { ok, program, scriptedSend } from '../support/fixtures';
import { click, keyCounter, refused, settle } from '../support/manager-ui';

async function show(script: Parameters<typeof scriptedSend>[0]) {
  const background = scriptedSend(script);
  const admin = new ProgramsAdminModel({ send: background.send, newKey: keyCounter() });
  const connection = new ProgramConnectionModel({ send: background.send, newKey: keyCounter(), reload: () => admin.load() });
  render(<ProgramsAdmin admin={admin} connection={connection} locale="en-US" />);
  await act(settle);
  return { calls: background.calls, block: () => screen.getByRole('region', { name: 'Keycard Rewards' }) };
}

describe("A program's Mews connection (options page, manager devices)", () => {
  it('makes a program a partner program only after a confirmation, and says what moved', async () => {
    let connection: Program['connection'] = 'connector';
    const { calls, block } = await show({
      getPrograms: () => ok([{ ...program(), connection }]),
      setProgramConnection: () => {
        connection = 'partner';
        return ok({ programId: program().id, connection: 'partner', moved: 12, remaining: 0 });
      },
    });
    expect(within(block()).getByText('Written to Mews (Connector API)')).toBeTruthy();
    await click(within(block()).getByRole('button', { name: 'Make partner program: Keycard Rewards' }));
    expect(calls.filter((c) => c.type === 'setProgramConnection')).toHaveLength(0);
    const confirm = within(block()).getByRole('group', { name: 'Confirm partner program' });
    await click(within(confirm).getByRole('button', { name: 'Make partner program' }));
    expect(calls.filter((c) => c.type === 'setProgramConnection')).toEqual([
      expect.objectContaining({ programId: program().id, connection: 'partner', idempotencyKey: 'key-1' }),
    ]);
    expect(within(block()).getByRole('status').textContent).toBe('Keycard Rewards is a partner program: 12 memberships moved into Keycard.');
    expect(within(block()).getByText("Partner program (Mews's Loyalty section asks Keycard)")).toBeTruthy();
    expect(within(block()).queryByRole('button', { name: 'Make partner program: Keycard Rewards' })).toBeNull();
  });

  it("shows the proxy's refusal in its words, and keeps nothing half-done on screen", async () => {
    const { calls, block } = await show({
      getPrograms: () => ok([program()]),
      setProgramConnection: () => refused('Mews is unreachable; nothing moved.'),
    });
    await click(within(block()).getByRole('button', { name: 'Make partner program: Keycard Rewards' }));
    const confirm = within(block()).getByRole('group', { name: 'Confirm partner program' });
    await click(within(confirm).getByRole('button', { name: 'Make partner program' }));
    expect(within(confirm).getByRole('alert').textContent).toBe('Mews is unreachable; nothing moved.');
    await click(within(confirm).getByRole('button', { name: 'Make partner program' }));
    // The retry is the same action: the same key, so the proxy moves memberships once.
    expect(calls.filter((c) => c.type === 'setProgramConnection').map((c) => c.idempotencyKey)).toEqual(['key-1', 'key-1']);
    await click(within(block()).getByRole('button', { name: 'Keep as is' }));
    expect(within(block()).queryByRole('group', { name: 'Confirm partner program' })).toBeNull();
  });
});
