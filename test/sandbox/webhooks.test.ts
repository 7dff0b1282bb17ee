// General webhooks on customers/add and customers/update, delivered to a registered URL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox } from '../../server/sandbox/app.ts';
import { ENTERPRISE_ID, INTEGRATION_ID } from '../../server/sandbox/core/seed.ts';
import { call, webhookReceiver } from './helpers.ts';

let receiver: Awaited<ReturnType<typeof webhookReceiver>>;
let received: Awaited<ReturnType<typeof webhookReceiver>>['received'] = [];
let base = '';
beforeAll(async () => {
  receiver = await webhookReceiver(202);
  ({ base, received } = receiver);
});
afterAll(() => receiver.close());

describe('webhooks', () => {
  it('POSTs CustomerAdded + CustomerUpdated on add and CustomerUpdated on update', async () => {
    const sb = createSandbox({ customers: 50 });
    const reg = await sb.app.request('/_sandbox/webhooks', { method: 'POST', body: JSON.stringify({ url: `${base}/hook?Token=abc` }) });
    expect(await reg.json()).toEqual({ urls: [`${base}/hook?Token=abc`] });
    received.length = 0;

    const added = await call(sb.app, 'customers/add', { LastName: 'Ó Briain', OverwriteExisting: false });
    await sb.state.webhooks.idle();
    expect(received).toHaveLength(1);
    expect(received[0]!.url).toBe('/hook?Token=abc');
    expect(received[0]!.body).toEqual({
      EnterpriseId: ENTERPRISE_ID,
      IntegrationId: INTEGRATION_ID,
      Events: [
        { Discriminator: 'CustomerAdded', Value: { Id: added.json.Id } },
        { Discriminator: 'CustomerUpdated', Value: { Id: added.json.Id } },
      ],
    });

    await call(sb.app, 'customers/update', { CustomerId: added.json.Id, FirstName: 'Seán' });
    await sb.state.webhooks.idle();
    expect(received[1]!.body.Events).toEqual([{ Discriminator: 'CustomerUpdated', Value: { Id: added.json.Id } }]);
  });

  it('ignores delivery errors and sends nothing for failed writes or after clearing', async () => {
    const sb = createSandbox({ customers: 50 });
    await sb.app.request('/_sandbox/webhooks', { method: 'POST', body: JSON.stringify({ url: 'http://127.0.0.1:1/unreachable' }) });
    const r = await call(sb.app, 'customers/add', { LastName: 'X', OverwriteExisting: false });
    expect(r.status).toBe(200);
    await sb.state.webhooks.idle();

    await sb.app.request('/_sandbox/webhooks', { method: 'POST', body: JSON.stringify({ url: null }) });
    await sb.app.request('/_sandbox/webhooks', { method: 'POST', body: JSON.stringify({ url: `${base}/second` }) });
    received.length = 0;
    await call(sb.app, 'customers/add', { OverwriteExisting: false });
    await sb.state.webhooks.idle();
    expect(received).toEqual([]);
    expect((await sb.app.request('/_sandbox/webhooks', { method: 'POST', body: JSON.stringify({ url: 'ftp://x' }) })).status).toBe(400);
  });
});
