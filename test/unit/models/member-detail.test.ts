/**
 * The popup's member in detail: the panel's model loads with the first detail the desk opens
 * (issue 19: the popup's weight), shows the guest asked for last, and goes with the popup.
 */
import { describe, expect, it, vi } from 'vitest';
import { MemberDetailModel } from '@/lib/models/member-detail';
import { guestLoyalty, ok, scriptedSend } from '../support/fixtures';

const page = (id: string) => ({ kind: 'customer' as const, id, enterpriseId: 'ent-1', patternName: 'popup-search' });

function setup() {
  const { send, calls } = scriptedSend({ getGuestLoyalty: () => ok(guestLoyalty()) });
  return { detail: new MemberDetailModel({ send, locale: 'en-US' }), calls };
}

describe('a member in detail in the popup', () => {
  it('has no panel until the desk opens a detail', async () => {
    const { detail, calls } = setup();
    await vi.dynamicImportSettled();
    expect(detail.panel.value).toBeNull();
    expect(calls).toHaveLength(0);
    detail[Symbol.dispose]();
  });

  it('loads the panel with the first detail and shows that guest', async () => {
    const { detail, calls } = setup();
    detail.show(page('cus-1'));
    await vi.waitFor(() => expect(detail.panel.value?.page.value?.id).toBe('cus-1'));
    await vi.waitFor(() => expect(calls.some((call) => call.type === 'getGuestLoyalty' && call.id === 'cus-1')).toBe(true));
    const panel = detail.panel.value;
    detail.show(page('cus-2'));
    expect(detail.panel.value).toBe(panel);
    expect(panel?.page.value?.id).toBe('cus-2');
    detail[Symbol.dispose]();
  });

  it('shows the guest asked for last when the desk opened another while the panel loaded', async () => {
    const { detail } = setup();
    detail.show(page('cus-1'));
    detail.show(page('cus-2'));
    await vi.waitFor(() => expect(detail.panel.value).not.toBeNull());
    expect(detail.panel.value?.page.value?.id).toBe('cus-2');
    detail[Symbol.dispose]();
  });

  it('makes no panel once the popup went, and disposes the one it made', async () => {
    const early = setup();
    early.detail.show(page('cus-1'));
    early.detail[Symbol.dispose]();
    await vi.dynamicImportSettled();
    expect(early.detail.panel.value).toBeNull();

    const late = setup();
    late.detail.show(page('cus-1'));
    await vi.waitFor(() => expect(late.detail.panel.value).not.toBeNull());
    const panel = late.detail.panel.value!;
    const dispose = vi.spyOn(panel, Symbol.dispose);
    late.detail[Symbol.dispose]();
    expect(dispose).toHaveBeenCalled();
  });
});
