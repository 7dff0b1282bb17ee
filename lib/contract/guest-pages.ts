/**
 * Where Mews Operations shows a guest, as data both ends share. Mews does not document its page
 * URLs (FACTS §18), so the extension ships these defaults and the proxy serves the hotel's own
 * list (`/v1/context` → `guestPages`, overridden by IT with `GUEST_PAGES`): a changed Mews URL
 * is fixed on the server, without a store release. The check is plain code, not valibot, so the
 * content script can run it without the schemas in its bundle.
 */

/** What a guest page identifies: a Mews customer (account) or a reservation of one. */
export const GUEST_PAGE_KINDS = ['customer', 'reservation'] as const;
export type GuestPageKind = (typeof GUEST_PAGE_KINDS)[number];

/**
 * One Mews Operations page that shows a guest. `pattern` is a pathname with `:name` segments;
 * it names `:enterpriseId` and, by `kind`, `:customerId` or `:reservationId`. A page matches
 * when its path starts with the pattern: extra trailing segments (a tab such as `/Status`) and
 * the query string do not change the guest.
 */
export interface GuestPagePattern {
  name: string;
  pattern: string;
  kind: GuestPageKind;
}

/**
 * The pages known today: the customer profile and the reservation detail (seen in public code
 * with a trailing tab, `/Reservation/Detail/{id}/Status`, which the prefix match allows).
 */
export const DEFAULT_GUEST_PAGES: readonly GuestPagePattern[] = [
  { name: 'customer-detail', pattern: '/Commander/:enterpriseId/Customer/Detail/:customerId', kind: 'customer' },
  { name: 'reservation-detail', pattern: '/Commander/:enterpriseId/Reservation/Detail/:reservationId', kind: 'reservation' },
];

/** The id parameter each kind must name. */
export const GUEST_PAGE_ID_PARAM: Record<GuestPageKind, string> = { customer: 'customerId', reservation: 'reservationId' };

/** More rules than this is a mistake, not a hotel's Mews. */
export const MOST_GUEST_PAGES = 20;
const NAME = /^[A-Za-z0-9._-]{1,64}$/;
/** A fixed path word: URL-safe characters only (no wildcards, no encoded slashes). */
const WORD = /^[A-Za-z0-9._~-]+$/;
const PARAMS = new Set(['enterpriseId', 'customerId', 'reservationId']);

/**
 * What is wrong with one rule, or null. The answer names the rule and the problem.
 *
 * @example
 * ```ts
 * guestPageProblem({ name: 'x', pattern: '/Guests/:customerId', kind: 'customer' });
 * // → 'rule "x": pattern must name :enterpriseId'
 * ```
 */
export function guestPageProblem(rule: unknown): string | null {
  const candidate = (rule ?? {}) as Partial<Record<keyof GuestPagePattern, unknown>>;
  if (typeof rule !== 'object' || rule === null || Array.isArray(rule)) return 'each rule must be an object {name, pattern, kind}';
  const { name, pattern, kind } = candidate;
  if (typeof name !== 'string' || !NAME.test(name)) return `rule name must be 1-64 letters, digits, ".", "_" or "-", got ${JSON.stringify(name)}`;
  const where = `rule "${name}"`;
  if (kind !== 'customer' && kind !== 'reservation') return `${where}: kind must be "customer" or "reservation", got ${JSON.stringify(kind)}`;
  if (typeof pattern !== 'string' || !pattern.startsWith('/') || pattern.length > 200) {
    return `${where}: pattern must be a path starting with "/" (at most 200 characters), got ${JSON.stringify(pattern)}`;
  }
  const words = pattern.split('/').filter((word) => word !== '');
  const params = new Set<string>();
  for (const word of words) {
    if (word.startsWith(':')) {
      const param = word.slice(1);
      if (!PARAMS.has(param)) return `${where}: unknown parameter ":${param}" (use :enterpriseId, :customerId or :reservationId)`;
      if (params.has(param)) return `${where}: ":${param}" appears twice`;
      params.add(param);
    } else if (!WORD.test(word)) {
      return `${where}: path word "${word}" may hold only letters, digits, ".", "_", "~" or "-"`;
    }
  }
  if (!params.has('enterpriseId')) return `${where}: pattern must name :enterpriseId`;
  const own = GUEST_PAGE_ID_PARAM[kind];
  if (!params.has(own)) return `${where}: a ${kind} page must name :${own}`;
  if (params.size !== 2) return `${where}: a ${kind} page names only :enterpriseId and :${own}`;
  return null;
}

/**
 * What is wrong with a list of rules, or null: a non-empty array of at most
 * {@link MOST_GUEST_PAGES} good rules with distinct names.
 *
 * @example
 * ```ts
 * guestPagesProblem(DEFAULT_GUEST_PAGES); // → null
 * guestPagesProblem([]);                  // → 'must list at least one rule'
 * ```
 */
export function guestPagesProblem(rules: unknown): string | null {
  if (!Array.isArray(rules)) return 'must be a JSON array of rules {name, pattern, kind}';
  if (rules.length === 0) return 'must list at least one rule';
  if (rules.length > MOST_GUEST_PAGES) return `may list at most ${MOST_GUEST_PAGES} rules, got ${rules.length}`;
  const names = new Set<string>();
  for (const rule of rules) {
    const problem = guestPageProblem(rule);
    if (problem) return problem;
    const { name } = rule as GuestPagePattern;
    if (names.has(name)) return `rule name "${name}" is used twice`;
    names.add(name);
  }
  return null;
}
