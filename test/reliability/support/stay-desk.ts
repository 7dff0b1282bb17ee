/**
 * The front desk of the stays crash test: books stays for members through the sandbox's hooks
 * (never faulted), checks them out (or cancels them), rebates some before and some after
 * check-out, and works out what each stay must earn from its order items, with the README's
 * formula written here again, in integers, so the test does not trust the proxy's arithmetic.
 */
import { randomUUID } from 'node:crypto';
import type { EarningRules } from '../../../lib/contract';
import { mewsCall, type MewsMembership } from './processes';

export interface MemberAtStart extends MewsMembership {
  LoyaltyTierId: string | null;
}

type Item = { Type: string; AccountingState: string; UnitCount?: number; Amount: { GrossValue: number; NetValue: number } };

export interface DeskStay {
  id: string;
  member: MemberAtStart;
  /** Owned by a company: earns the member nothing. */
  company: boolean;
  /** Canceled instead of checked out: earns nothing. */
  canceled: boolean;
  /** Changed after check-out: rebated (a correction may follow the credit) or voided (canceled: a reversal may follow). */
  after: 'rebate' | 'void' | null;
  /** The stay's items as the last hook answered them. */
  items: Item[];
}

const between = (lo: number, hi: number) => lo + Math.floor(Math.random() * (hi - lo + 1));
const cents = (euros: number) => Math.round(euros * 100);

async function hook(sandboxUrl: string, path: string, body: unknown = {}): Promise<any> {
  const res = await fetch(`${sandboxUrl}/_sandbox/${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const json = await res.json();
  if (!res.ok) throw new Error(`${path} ${res.status}: ${JSON.stringify(json)}`);
  return json;
}

/** Registers (or, with null, clears) the general webhook URL. */
export const registerWebhook = (sandboxUrl: string, url: string | null) => hook(sandboxUrl, 'webhooks', { url });

/**
 * One stay, start to end: booked, maybe rebated, checked out (5% canceled instead), and a
 * moment later 5% rebated again and 5% voided (canceled after check-out). 5% are company-owned.
 * Prices have cents, so revenue rounds.
 */
export async function playStay(sandboxUrl: string, member: MemberAtStart): Promise<DeskStay> {
  const nightlyPrice = between(4_000, 25_000) / 100;
  const products = Math.random() < 0.3 ? [{ name: 'Breakfast', price: between(500, 3_000) / 100 }] : [];
  const company = Math.random() < 0.05;
  const created = await hook(sandboxUrl, 'reservations', {
    customerId: member.AccountId, nights: between(1, 4), nightlyPrice, products, ...(company ? { companyId: randomUUID() } : {}),
  });
  const id: string = created.Id;
  const rebate = () => hook(sandboxUrl, `reservations/${id}/rebate`, { amount: between(100, Math.min(2_000, Math.floor(cents(nightlyPrice) / 2))) / 100 });
  if (Math.random() < 0.1) await rebate();
  const canceled = Math.random() < 0.05;
  let last = await hook(sandboxUrl, `reservations/${id}/${canceled ? 'cancel' : 'checkout'}`);
  const r = Math.random();
  const after = canceled ? null : r < 0.05 ? 'rebate' : r < 0.1 ? 'void' : null;
  if (after) {
    // Within the seconds the proxy may still be crediting the check-out.
    await new Promise((resolve) => setTimeout(resolve, between(0, 1_500)));
    last = after === 'rebate' ? await rebate() : await hook(sandboxUrl, `reservations/${id}/cancel`);
  }
  return { id, member, company, canceled, after, items: last.OrderItems };
}

const SPACE = new Set(['SpaceOrder', 'NightRebate']);
const PRODUCTS = new Set(['ProductOrder', 'ProductOrderRebate']);

/**
 * What a stay earns (README, Earning rules): floor((nights × perNight + revenue × perUnit +
 * perStay) × multiplier), here in ten-thousandths of a point so no float is ever rounded.
 */
export function expectedPoints(rules: EarningRules, stay: Pick<DeskStay, 'company' | 'member'>, items: readonly Item[]): number {
  if (stay.company) return 0;
  let nights = 0;
  let revenue = 0;
  for (const item of items) {
    if (item.AccountingState === 'Canceled' || item.AccountingState === 'Inactive') continue;
    const counted = SPACE.has(item.Type) || (rules.includeProducts && PRODUCTS.has(item.Type));
    if (counted) revenue += cents(rules.revenue === 'gross' ? item.Amount.GrossValue : item.Amount.NetValue);
    if (item.Type === 'SpaceOrder') nights += item.UnitCount ?? 1;
  }
  if (nights === 0 || nights < rules.minNights) return 0;
  const multiplier = cents((stay.member.LoyaltyTierId && rules.tierMultipliers[stay.member.LoyaltyTierId]) || 1);
  const base = nights * rules.perNight * 10_000 + Math.max(0, revenue) * cents(rules.perCurrencyUnit) + rules.perStay * 10_000;
  return Math.max(0, Math.floor((base * multiplier) / 1_000_000));
}

/** Every stay's order items as Mews answers orderItems/getAll now, by reservation id. */
export async function itemsInMews(sandboxUrl: string, ids: readonly string[]): Promise<Map<string, Item[]>> {
  const byStay = new Map<string, Item[]>(ids.map((id) => [id, []]));
  // 100 stays have at most ~700 items: one page of 1,000 each.
  for (let i = 0; i < ids.length; i += 100) {
    const { OrderItems } = await mewsCall<{ OrderItems: Array<Item & { ServiceOrderId: string }> }>(sandboxUrl, 'orderItems/getAll', {
      ServiceOrderIds: ids.slice(i, i + 100), Limitation: { Count: 1000 },
    });
    if (OrderItems.length >= 1000) throw new Error('more than one page of order items: ask for fewer stays at once');
    for (const item of OrderItems) byStay.get(item.ServiceOrderId)?.push(item);
  }
  return byStay;
}
