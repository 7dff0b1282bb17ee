import { describe, expect, it, vi } from 'vitest';
import { findGuestPage, guestPageUrl, MEWS_GUEST_PAGES, watchGuestPage, type GuestPagePattern } from '@/lib/host';

const MEWS = 'https://app.mews.com';

describe('findGuestPage', () => {
  it('reads the customer and enterprise from a customer profile', () => {
    expect(findGuestPage(`${MEWS}/Commander/ent-1/Customer/Detail/cus-9`)).toEqual({
      kind: 'customer',
      id: 'cus-9',
      enterpriseId: 'ent-1',
      patternName: 'customer-detail',
    });
  });

  it('reads the reservation from a reservation detail page', () => {
    expect(findGuestPage(`${MEWS}/Commander/ent-1/Reservation/Detail/res-4`)).toEqual({
      kind: 'reservation',
      id: 'res-4',
      enterpriseId: 'ent-1',
      patternName: 'reservation-detail',
    });
  });

  it('finds no guest on other Mews pages', () => {
    expect(findGuestPage(`${MEWS}/Commander/ent-1/Customer/Index`)).toBeNull();
    expect(findGuestPage(`${MEWS}/Commander/ent-1/Dashboard/Index`)).toBeNull();
    expect(findGuestPage(`${MEWS}/Commander/Home/SignIn`)).toBeNull();
    expect(findGuestPage(`${MEWS}/Commander/ent-1/Customer/Detail`)).toBeNull();
  });

  it('ignores a trailing slash, the query string and the hash', () => {
    expect(findGuestPage(`${MEWS}/Commander/ent-1/Customer/Detail/cus-9/`)?.id).toBe('cus-9');
    expect(findGuestPage(`${MEWS}/Commander/ent-1/Customer/Detail/cus-9?tab=profile&x=/Reservation/Detail/r`)?.id).toBe('cus-9');
    expect(findGuestPage(`${MEWS}/Commander/ent-1/Reservation/Detail/res-4#billing`)?.kind).toBe('reservation');
  });

  it('matches path words regardless of case and decodes ids', () => {
    expect(findGuestPage(`${MEWS}/commander/ent-1/customer/detail/cus%209`)?.id).toBe('cus 9');
  });

  it('takes the list of patterns as data', () => {
    const patterns: GuestPagePattern[] = [{ name: 'profile-v2', pattern: '/ops/:enterpriseId/guests/:customerId', kind: 'customer' }];
    expect(findGuestPage(`${MEWS}/ops/e/guests/g`, patterns)).toEqual({
      kind: 'customer',
      id: 'g',
      enterpriseId: 'e',
      patternName: 'profile-v2',
    });
    expect(findGuestPage(`${MEWS}/Commander/ent-1/Customer/Detail/cus-9`, patterns)).toBeNull();
  });

  it('builds the profile URL a search result links to', () => {
    expect(guestPageUrl('http://127.0.0.1:8788/', 'ent-1', 'cus-9')).toBe('http://127.0.0.1:8788/Commander/ent-1/Customer/Detail/cus-9');
    expect(findGuestPage(guestPageUrl(MEWS, 'ent 1', 'cus/9')!)).toMatchObject({ enterpriseId: 'ent 1', id: 'cus/9' });
    expect(guestPageUrl(MEWS, 'e', 'c', MEWS_GUEST_PAGES.filter((page) => page.kind === 'reservation'))).toBeNull();
  });
});

describe('watchGuestPage', () => {
  function setup(currentUrl: string) {
    const controller = new AbortController();
    let navigate: (url: URL) => void = () => {};
    const onGuestPage = vi.fn();
    const onVisible = vi.fn();
    watchGuestPage({
      signal: controller.signal,
      currentUrl,
      onLocationChange: (listener) => (navigate = listener),
      onGuestPage,
      onVisible,
    });
    return { controller, navigate: (url: string) => navigate(new URL(url)), onGuestPage, onVisible };
  }

  it('reports the guest now and after single-page navigation, only when the guest changes', () => {
    const { navigate, onGuestPage } = setup(`${MEWS}/Commander/ent-1/Customer/Index`);
    expect(onGuestPage).toHaveBeenLastCalledWith(null);
    navigate(`${MEWS}/Commander/ent-1/Customer/Detail/cus-9`);
    expect(onGuestPage).toHaveBeenLastCalledWith(expect.objectContaining({ kind: 'customer', id: 'cus-9' }));
    navigate(`${MEWS}/Commander/ent-1/Customer/Detail/cus-9?tab=billing`);
    expect(onGuestPage).toHaveBeenCalledTimes(2);
    navigate(`${MEWS}/Commander/ent-1/Reservation/Detail/res-4`);
    expect(onGuestPage).toHaveBeenLastCalledWith(expect.objectContaining({ kind: 'reservation', id: 'res-4' }));
    expect(onGuestPage).toHaveBeenCalledTimes(3);
  });

  it('refreshes when the tab is shown again, and stops when aborted', () => {
    const { controller, navigate, onGuestPage, onVisible } = setup(`${MEWS}/Commander/ent-1/Customer/Detail/cus-9`);
    const visibility = vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('visible');
    document.dispatchEvent(new Event('visibilitychange'));
    expect(onVisible).toHaveBeenCalledTimes(1);
    visibility.mockReturnValue('hidden');
    document.dispatchEvent(new Event('visibilitychange'));
    expect(onVisible).toHaveBeenCalledTimes(1);

    controller.abort();
    visibility.mockReturnValue('visible');
    document.dispatchEvent(new Event('visibilitychange'));
    navigate(`${MEWS}/Commander/ent-1/Customer/Detail/cus-10`);
    expect(onVisible).toHaveBeenCalledTimes(1);
    expect(onGuestPage).toHaveBeenCalledTimes(1);
    visibility.mockRestore();
  });
});
