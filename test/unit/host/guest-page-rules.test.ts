/**
 * Issue 16 item 3: finding the guest is data. Real Mews URLs carry segments after the guest's id
 * (`/Reservation/Detail/{id}/Status`) and query strings; a page no rule recognises may still
 * name its guest in its main heading; the proxy's rules replace the shipped ones while a page
 * is open; and a bad rule is refused with a message naming the problem.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_GUEST_PAGES, guestPagesProblem, type GuestPagePattern } from '@/lib/contract/guest-pages';
import { findGuestPage, watchGuestPage } from '@/lib/host';
import { findGuestInHeading } from '@/lib/host/guest-in-heading';

const MEWS = 'https://app.mews.com';

describe('findGuestPage with extra segments and query strings', () => {
  it('reads a reservation whose page adds a tab after the id', () => {
    expect(findGuestPage(`${MEWS}/Commander/ent-1/Reservation/Detail/res-4/Status`)).toEqual({
      kind: 'reservation', id: 'res-4', enterpriseId: 'ent-1', patternName: 'reservation-detail',
    });
  });

  it('reads a customer under extra segments and a query string', () => {
    expect(findGuestPage(`${MEWS}/Commander/ent-1/Customer/Detail/cus-9/Profile/Edit?tab=documents&from=/Reservation/Detail/r`)).toMatchObject({
      kind: 'customer', id: 'cus-9',
    });
  });

  it('still needs every segment of the rule, in place', () => {
    expect(findGuestPage(`${MEWS}/Commander/ent-1/Customer/Detail`)).toBeNull();
    expect(findGuestPage(`${MEWS}/X/Commander/ent-1/Customer/Detail/cus-9`)).toBeNull();
  });

  it('prefers the most specific rule when two match', () => {
    const rules: GuestPagePattern[] = [
      { name: 'reservation', pattern: '/ops/:enterpriseId/res/:reservationId', kind: 'reservation' },
      { name: 'owner', pattern: '/ops/:enterpriseId/res/x/owner/:customerId', kind: 'customer' },
    ];
    expect(findGuestPage(`${MEWS}/ops/e/res/x/owner/c/edit`, rules)).toMatchObject({ kind: 'customer', id: 'c', patternName: 'owner' });
    expect(findGuestPage(`${MEWS}/ops/e/res/r-1/Status`, rules)).toMatchObject({ kind: 'reservation', id: 'r-1' });
  });
});

describe('the DOM fallback: the guest the main heading links to', () => {
  afterEach(() => {
    document.body.replaceChildren();
  });
  const page = (html: string) => {
    document.body.innerHTML = html;
    return document;
  };
  const link = (id: string, text = 'Jana Nováková') => `<a href="/Commander/ent-1/Customer/Detail/${id}">${text}</a>`;

  it('finds the customer a main heading links to', () => {
    expect(findGuestInHeading(page(`<nav><h1>Menu</h1></nav><main><h1>${link('cus-9')}</h1></main>`), DEFAULT_GUEST_PAGES)).toEqual({
      kind: 'customer', id: 'cus-9', enterpriseId: 'ent-1', patternName: 'heading:customer-detail',
    });
  });

  it('ignores links outside the main heading, to other origins, or to two guests', () => {
    expect(findGuestInHeading(page(`<main><h1>Arrivals</h1><ul><li>${link('cus-9')}</li></ul></main>`), DEFAULT_GUEST_PAGES)).toBeNull();
    expect(findGuestInHeading(page(`<main><h1><a href="https://evil.example/Commander/e/Customer/Detail/c">x</a></h1></main>`), DEFAULT_GUEST_PAGES)).toBeNull();
    expect(findGuestInHeading(page(`<main><h1>${link('cus-9')} &amp; ${link('cus-10')}</h1></main>`), DEFAULT_GUEST_PAGES)).toBeNull();
    expect(findGuestInHeading(page(`<main><h1>${link('cus-9')} ${link('cus-9', 'profile')}</h1></main>`), DEFAULT_GUEST_PAGES)?.id).toBe('cus-9');
  });

  it('is used by the watch only when no rule matches the address, and as Mews draws the heading', async () => {
    vi.useFakeTimers();
    try {
      const onGuestPage = vi.fn();
      let navigate: (url: URL) => void = () => {};
      page('<main><h1>Loading…</h1></main>');
      const controller = new AbortController();
      watchGuestPage({
        signal: controller.signal,
        currentUrl: `${MEWS}/Commander/ent-1/Guests/Overview/cus-9`,
        onLocationChange: (listener) => (navigate = listener),
        onGuestPage,
      });
      expect(onGuestPage).toHaveBeenLastCalledWith(null);
      document.querySelector('h1')!.innerHTML = link('cus-9');
      await vi.advanceTimersByTimeAsync(500);
      expect(onGuestPage).toHaveBeenLastCalledWith(expect.objectContaining({ id: 'cus-9', patternName: 'heading:customer-detail' }));
      // A recognised address wins over the heading.
      navigate(new URL(`${MEWS}/Commander/ent-1/Customer/Detail/cus-10`));
      expect(onGuestPage).toHaveBeenLastCalledWith(expect.objectContaining({ id: 'cus-10', patternName: 'customer-detail' }));
      controller.abort();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('rules served while the page is open', () => {
  it('a recheck with new rules finds the guest on the open page', () => {
    let rules: readonly GuestPagePattern[] = DEFAULT_GUEST_PAGES;
    const onGuestPage = vi.fn();
    const watch = watchGuestPage({
      signal: new AbortController().signal,
      currentUrl: `${MEWS}/Commander/ent-1/Guest/Profile/cus-9`,
      onLocationChange: () => {},
      onGuestPage,
      patterns: () => rules,
    });
    expect(onGuestPage).toHaveBeenLastCalledWith(null);
    rules = [{ name: 'profile-2027', pattern: '/Commander/:enterpriseId/Guest/Profile/:customerId', kind: 'customer' }];
    watch.recheck();
    expect(onGuestPage).toHaveBeenLastCalledWith(expect.objectContaining({ id: 'cus-9', patternName: 'profile-2027' }));
  });
});

describe('guestPagesProblem', () => {
  it('accepts the defaults', () => {
    expect(guestPagesProblem(DEFAULT_GUEST_PAGES)).toBeNull();
  });

  it.each([
    [{}, 'must be a JSON array'],
    [[], 'at least one rule'],
    [[{ name: 'a', pattern: '/x/:customerId', kind: 'customer' }], 'rule "a": pattern must name :enterpriseId'],
    [[{ name: 'a', pattern: '/x/:enterpriseId/:reservationId', kind: 'customer' }], 'rule "a": a customer page must name :customerId'],
    [[{ name: 'a', pattern: '/x/:enterpriseId/:guestId', kind: 'customer' }], 'unknown parameter ":guestId"'],
    [[{ name: 'a', pattern: '/x/*/:enterpriseId/:customerId', kind: 'customer' }], 'path word "*"'],
    [[{ name: 'a', pattern: 'x/:enterpriseId/:customerId', kind: 'customer' }], 'must be a path starting with "/"'],
    [[{ name: 'a', pattern: '/:enterpriseId/:customerId', kind: 'guest' }], 'kind must be "customer" or "reservation"'],
    [[{ name: 'a b', pattern: '/:enterpriseId/:customerId', kind: 'customer' }], 'rule name must be'],
    [[...DEFAULT_GUEST_PAGES, DEFAULT_GUEST_PAGES[0]], 'rule name "customer-detail" is used twice'],
  ])('refuses %j, naming the problem', (rules, problem) => {
    expect(guestPagesProblem(rules)).toContain(problem);
  });
});
