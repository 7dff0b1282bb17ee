/**
 * Issue 18 item 7, the panel's side: a Canceled membership's state is shown prominently, and a
 * desk is not offered a points change the proxy would refuse; a manager still is.
 */
import { screen, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import type { GuestPage } from '@/lib/host';
import { deskBackground, deskContext, guestLoyalty, membership, ok } from '../support/fixtures';
import { showPanel } from '../support/panel-ui';

const CUSTOMER: GuestPage = { kind: 'customer', id: 'cus-1', enterpriseId: 'ent-1', patternName: 'customer-detail' };
const canceled = () => ok(guestLoyalty({ memberships: [membership({ state: 'Canceled' })] }));

describe('a Canceled membership in the panel', () => {
  it('says so prominently, and a desk gets no Adjust points', async () => {
    await showPanel(deskBackground({ getGuestLoyalty: canceled }).send, CUSTOMER);
    const notice = screen.getByRole('note');
    expect(notice.textContent).toMatch(/Canceled membership.*no points can be added or removed at the desk/);
    expect(screen.queryByRole('button', { name: 'Adjust points' })).toBeNull();
  });

  it('a manager may still correct it', async () => {
    const manager = deskContext({ device: { ...deskContext().device, role: 'manager' } });
    await showPanel(deskBackground({ getGuestLoyalty: canceled, getContext: () => ok(manager) }).send, CUSTOMER);
    expect(within(screen.getByRole('note')).getByText(/Canceled membership/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Adjust points' })).toBeTruthy();
  });

  it('an Enrolled membership has no such note', async () => {
    await showPanel(deskBackground({}).send, CUSTOMER);
    expect(screen.queryByRole('note')).toBeNull();
  });
});
