/**
 * Test hooks that play the front desk, so a client can watch stays happen through the
 * Connector API and its webhooks (the "points from stays" feature):
 *
 *   POST /_sandbox/reservations                {customerId, nights, nightlyPrice, products?, companyId?} → 201
 *   POST /_sandbox/reservations/{id}/checkout  {}                                                      → 200
 *   POST /_sandbox/reservations/{id}/cancel    {}                                                      → 200
 *   POST /_sandbox/reservations/{id}/rebate    {amount}                                                → 200
 *
 * Each answers the reservation as its 2023-06-06 wire object plus `OrderItems` (the stay's
 * items as orderItems/getAll shows them), and sends one ServiceOrderUpdated webhook.
 * Prices are net euros. Like every `/_sandbox/` hook: never faulted, never counted.
 */
import type { Context, Hono } from 'hono';
import { hookBody, hookErrorResponse } from './api.ts';
import { MewsError } from './core/errors.ts';
import type { ReservationRecord } from './core/records.ts';
import type { SandboxEnv, SandboxState } from './core/state.ts';
import { cancelStay, checkOut, createStay, rebateLastNight, type ProductSale, type StayInput } from './core/stays.ts';
import type { Store } from './core/store.ts';
import { isGuid, isObject } from './core/validate.ts';
import { orderItemObject } from './operations/order-items.ts';
import { reservationObject } from './operations/reservations.ts';

/** Longest stay the hook books (a year), and most extras per stay. */
const MAX_NIGHTS = 365;
const MAX_PRODUCTS = 100;
/** Largest price accepted, in euros, so sums stay far inside exact integer cents. */
const MAX_PRICE = 1_000_000;

const newId = () => crypto.randomUUID();

/** 400 whose message names the field and what is wrong with it. */
function badInput(field: string, why: string): MewsError {
  return new MewsError(400, `Invalid ${field}: ${why}`);
}

/** A net euro amount → cents: a finite number ≥ 0 (> 0 unless `zeroOk`) with at most 2 decimals. */
function euros(v: unknown, field: string, zeroOk: boolean): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw badInput(field, 'must be a number of euros (net), e.g. 120 or 99.5.');
  if (v < 0) throw badInput(field, `must not be negative (got ${v}).`);
  if (v === 0 && !zeroOk) throw badInput(field, 'must be more than 0.');
  if (v > MAX_PRICE) throw badInput(field, `must be at most ${MAX_PRICE}.`);
  const cents = Math.round(v * 100);
  if (Math.abs(cents - v * 100) > 1e-6) throw badInput(field, `must have at most 2 decimals (got ${v}).`);
  return cents;
}

/** An existing customer's id, lower-cased as the store keeps ids. */
function customerId(store: Store, v: unknown): string {
  if (v === undefined || v === null) throw badInput('customerId', 'required.');
  if (!isGuid(v)) throw badInput('customerId', 'must be a customer GUID.');
  const id = v.toLowerCase();
  const c = store.customers.get(id);
  if (!c || c.DeletedUtc !== null) throw badInput('customerId', `no customer ${id}.`);
  return id;
}

/** `companyId`: any GUID that is not a customer's (the sandbox keeps no company records). */
function companyId(store: Store, v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isGuid(v)) throw badInput('companyId', 'must be a GUID.');
  const id = v.toLowerCase();
  if (store.customers.get(id)) throw badInput('companyId', `${id} is a customer, not a company.`);
  return id;
}

function products(v: unknown): ProductSale[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw badInput('products', 'must be an array of {name, price}.');
  if (v.length > MAX_PRODUCTS) throw badInput('products', `must have at most ${MAX_PRODUCTS} items.`);
  return v.map((p, i) => {
    if (!isObject(p)) throw badInput(`products[${i}]`, 'must be an object {name, price}.');
    if (typeof p.name !== 'string' || p.name.trim() === '') throw badInput(`products[${i}].name`, 'must be a non-empty string.');
    if (p.name.length > 255) throw badInput(`products[${i}].name`, 'must be at most 255 characters.');
    return { name: p.name, netCents: euros(p.price, `products[${i}].price`, true) };
  });
}

/** Checks a create body, in the order a client would fix it. */
function stayInput(store: Store, body: Record<string, unknown>): StayInput {
  const input: StayInput = { customerId: customerId(store, body.customerId), nights: 0, nightlyNetCents: 0, products: [] };
  const company = companyId(store, body.companyId);
  if (company) input.companyId = company;
  const n = body.nights;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_NIGHTS) {
    throw badInput('nights', `must be a whole number from 1 to ${MAX_NIGHTS} (got ${JSON.stringify(n ?? null)}).`);
  }
  input.nights = n;
  input.nightlyNetCents = euros(body.nightlyPrice, 'nightlyPrice', true);
  input.products = products(body.products);
  return input;
}

/** Mounts the stay hooks on `app`. */
export function registerStayHooks(app: Hono<SandboxEnv>, state: SandboxState): void {
  /** Announces the change (one webhook message) and answers with the reservation and its items. */
  const answer = (c: Context<SandboxEnv>, r: ReservationRecord, status: 200 | 201) => {
    state.webhooks.send([{ Discriminator: 'ServiceOrderUpdated', Value: { Id: r.Id } }]);
    const items = state.store.itemsOf(r.Id).map((i) => orderItemObject(i));
    return c.json({ ...reservationObject(r), OrderItems: items }, status);
  };

  app.post('/_sandbox/reservations', async (c) => {
    try {
      const input = stayInput(state.store, await hookBody(c.req.raw));
      return answer(c, createStay(state.store, input, Date.now(), newId), 201);
    } catch (e) {
      return hookErrorResponse(c, e);
    }
  });

  /** One change of an existing reservation; `apply` throws to refuse it. Only a rebate reads a body. */
  const change = (action: string, apply: (r: ReservationRecord, body: Record<string, unknown>, now: number) => void) =>
    app.post(`/_sandbox/reservations/:id/${action}`, async (c) => {
      try {
        const id = c.req.param('id').toLowerCase();
        const r = state.store.reservations.get(id);
        if (!r || r.DeletedUtc !== null) throw new MewsError(404, `No reservation ${id}.`);
        apply(r, action === 'rebate' ? await hookBody(c.req.raw) : {}, Date.now());
        return answer(c, r, 200);
      } catch (e) {
        return hookErrorResponse(c, e);
      }
    });

  change('checkout', (r, _body, now) => checkOut(state.store, r, now));
  change('cancel', (r, _body, now) => cancelStay(state.store, r, now));
  change('rebate', (r, body, now) => {
    if (body.amount === undefined || body.amount === null) throw badInput('amount', 'required (net euros to take off the last night).');
    rebateLastNight(state.store, r, euros(body.amount, 'amount', false), now, newId);
  });
}
