/**
 * Stays for browser tests: a manager sets earning rules through the proxy's API (as the
 * options page will), and the sandbox's hooks play the front desk (book, check out).
 *
 * @example
 *   const stack = await startStack(STAYS_STACK);
 *   const { manager, member, reservation, url } = await memberCheckedIn(stack, { nights: 2, nightlyPrice: 150 });
 *   await checkOut(stack, reservation.Id);
 */
import { enterprise, tieredMember } from './sandbox-data.mjs';

/** The proxy's stays follower polls often, so a check-out is credited within a second. */
export const STAYS_STACK = { proxyEnv: { STAY_POLL_MS: '300' } };

/** 10 a night, 1 a euro (gross), 5 a stay, from the first night, every tier × 1. */
export const RULES = {
  perNight: 10,
  perCurrencyUnit: 1,
  revenue: 'gross',
  includeProducts: false,
  perStay: 5,
  minNights: 1,
  tierMultipliers: {},
};

/** What a stay earns under {@link RULES}: README's formula, worked by hand. */
export function expectedPoints(stay) {
  return Math.floor(stay.nights * RULES.perNight + stay.revenue.amount * RULES.perCurrencyUnit + RULES.perStay);
}

async function call(url, init, what) {
  const response = await fetch(url, init);
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new Error(`${what}: ${response.status} ${JSON.stringify(body)}`);
  return body;
}

/** Pairs a manager device through the proxy's API; returns its token. */
export async function managerToken(stack) {
  const code = await stack.pairingCode('Stays manager', 'manager');
  const { token } = await call(
    `${stack.proxyUrl}/v1/pair`,
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, deviceName: 'Stays manager' }) },
    'pair a manager',
  );
  return token;
}

export async function setEarningRules(stack, token, programId, rules = RULES) {
  return call(
    `${stack.proxyUrl}/v1/programs/${programId}/earning`,
    {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': crypto.randomUUID() },
      body: JSON.stringify(rules),
    },
    'set earning rules',
  );
}

/** The proxy's view of a stay (`GET /v1/reservations/{id}/stay`), to compare the panel with. */
export async function stayOf(stack, token, reservationId) {
  return call(`${stack.proxyUrl}/v1/reservations/${reservationId}/stay`, { headers: { authorization: `Bearer ${token}` } }, 'read the stay');
}

/** A checked-in stay for a guest (sandbox hook); answers the Mews reservation (`Id`, `Number`). */
export async function bookStay(stack, customerId, { nights, nightlyPrice }) {
  return call(
    `${stack.sandboxUrl}/_sandbox/reservations`,
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ customerId, nights, nightlyPrice }) },
    'book a stay',
  );
}

export async function checkOut(stack, reservationId) {
  return call(`${stack.sandboxUrl}/_sandbox/reservations/${reservationId}/checkout`, { method: 'POST' }, 'check out');
}

export function reservationUrl(stack, enterpriseId, reservationId) {
  return `${stack.sandboxUrl}/Commander/${enterpriseId}/Reservation/Detail/${reservationId}`;
}

/**
 * A manager's token, {@link RULES} on the program of a seeded member with one membership, and a
 * checked-in stay of that member; `url` is the stay's reservation page.
 */
export async function memberCheckedIn(stack, { nights, nightlyPrice }) {
  const manager = await managerToken(stack);
  const member = await tieredMember(stack, 4);
  await setEarningRules(stack, manager, member.LoyaltyProgramId);
  const reservation = await bookStay(stack, member.AccountId, { nights, nightlyPrice });
  return { manager, member, reservation, url: reservationUrl(stack, (await enterprise(stack)).Id, reservation.Id) };
}

/** Polls `read` until `check` holds; returns the last value read. */
async function eventually(read, check, what, timeout = 20_000) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    last = await read();
    if (check(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
}

/** Waits until the proxy has credited the stay (its follower saw the check-out). */
export function credited(stack, token, reservationId) {
  return eventually(() => stayOf(stack, token, reservationId), (stay) => stay.programs[0]?.earnedAt, 'the proxy to credit the stay');
}
