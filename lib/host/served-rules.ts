/**
 * What the proxy decides about the panel on Mews's pages, as the background keeps it for the
 * content script: the rules that find the guest and the hotel's kill switch. Content scripts may
 * not send the background messages (lib/background/router.ts), but they may read
 * `storage.local`, so the background writes the proxy's latest answer there at every context
 * refresh and the content script follows its changes: a new rule or `panel off` reaches an
 * open Mews page without a reload or a new extension build.
 */
import { DEFAULT_GUEST_PAGES, guestPagesProblem, type GuestPagePattern } from '../contract/guest-pages';

/** The `storage.local` key (WXT's form); a sign-out removes it with the rest of what the proxy said. */
export const SERVED_RULES_KEY = 'local:hostRules';

export interface ServedRules {
  guestPages: readonly GuestPagePattern[];
  panelEnabled: boolean;
}

/** Before the proxy ever answered: the shipped rules, the panel on. */
export const SHIPPED_RULES: ServedRules = { guestPages: DEFAULT_GUEST_PAGES, panelEnabled: true };

/**
 * The rules in a stored (or freshly received) value. Each part is taken only if it is good:
 * bad rules fall back to the shipped ones, and anything but an explicit `false` leaves the panel on.
 *
 * @example
 * ```ts
 * readServedRules({ guestPages: context.guestPages, panelEnabled: context.panelEnabled });
 * readServedRules(null); // → SHIPPED_RULES
 * ```
 */
export function readServedRules(value: unknown): ServedRules {
  const stored = (value ?? {}) as { guestPages?: unknown; panelEnabled?: unknown };
  const guestPages = stored.guestPages !== undefined && guestPagesProblem(stored.guestPages) === null
    ? (stored.guestPages as GuestPagePattern[]).map(({ name, pattern, kind }) => ({ name, pattern, kind }))
    : SHIPPED_RULES.guestPages;
  return { guestPages, panelEnabled: stored.panelEnabled !== false };
}
