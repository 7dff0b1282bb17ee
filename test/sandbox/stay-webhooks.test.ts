// ServiceOrderUpdated general webhooks on every change of a stay, delivered over real HTTP to
// a local receiver: one message per change, the reservation's id, nothing for refused changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../server/sandbox/server.ts';
import { ENTERPRISE_ID, INTEGRATION_ID } from '../../server/sandbox/core/seed.ts';
import { post, webhookReceiver } from './helpers.ts';

let receiver: Awaited<ReturnType<typeof webhookReceiver>>;
let sb: RunningSandbox;
beforeAll(async () => {
  receiver = await webhookReceiver();
  sb = await startSandbox({ port: 0, customers: 50 });
  expect((await post(sb.url, '/_sandbox/webhooks', { url: `${receiver.base}/mews?Token=secret` })).status).toBe(200);
});
afterAll(async () => {
  await sb.close();
  await receiver.close();
});

/** The messages delivered by the change `act` made. */
async function delivered(act: () => Promise<unknown>) {
  receiver.received.length = 0;
  await act();
  await sb.sandbox.state.webhooks.idle();
  return receiver.received.splice(0);
}

const updated = (id: string) => ({
  url: '/mews?Token=secret',
  body: { EnterpriseId: ENTERPRISE_ID, IntegrationId: INTEGRATION_ID, Events: [{ Discriminator: 'ServiceOrderUpdated', Value: { Id: id } }] },
});

describe('ServiceOrderUpdated webhooks', () => {
  it('sends one message per change: booking, rebate, check-out, rebate after check-out', async () => {
    const customerId = sb.sandbox.state.store.customers.all()[0]!.Id;
    let id = '';
    const made = await delivered(async () => {
      id = (await post(sb.url, '/_sandbox/reservations', { customerId, nights: 2, nightlyPrice: 100 })).json.Id;
    });
    expect(made).toEqual([updated(id)]);
    expect(await delivered(() => post(sb.url, `/_sandbox/reservations/${id}/rebate`, { amount: 10 }))).toEqual([updated(id)]);
    expect(await delivered(() => post(sb.url, `/_sandbox/reservations/${id}/checkout`))).toEqual([updated(id)]);
    expect(await delivered(() => post(sb.url, `/_sandbox/reservations/${id}/rebate`, { amount: 5 }))).toEqual([updated(id)]);
  });

  it('sends one on cancellation, none for a refused change or a read', async () => {
    const customerId = sb.sandbox.state.store.customers.all()[1]!.Id;
    let id = '';
    await delivered(async () => {
      id = (await post(sb.url, '/_sandbox/reservations', { customerId, nights: 1, nightlyPrice: 60 })).json.Id;
    });
    expect(await delivered(() => post(sb.url, `/_sandbox/reservations/${id}/cancel`))).toEqual([updated(id)]);
    expect(await delivered(() => post(sb.url, `/_sandbox/reservations/${id}/checkout`))).toEqual([]);
    expect(await delivered(() => post(sb.url, '/_sandbox/reservations', { customerId, nights: 0, nightlyPrice: 60 }))).toEqual([]);
    expect(await delivered(() => fetch(`${sb.url}/_sandbox/pages/reservations/${id}`))).toEqual([]);
  });
});
