// @vitest-environment node
/**
 * Webhooks as Mews sends them (issue 16 item 4; FACTS §15): integration webhooks (`{Action,
 * Data}`) arrive at the same URL as the general ones and set the integration's state (polling
 * stands still while Mews has it disabled, desks are told); a general webhook for another
 * enterprise is ignored; Mews's retries change nothing twice. The sandbox can lag and redeliver.
 */
import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeskContext } from '../../lib/contract';
import { ENTERPRISE_ID } from '../../server/sandbox/core/enterprise';
import { WEBHOOK_TOKEN, startLoyaltyEnv, type LoyaltyEnv } from './support/loyalty-env';

let env: LoyaltyEnv;
let desk: string;
beforeAll(async () => {
  env = await startLoyaltyEnv('sqlite', { customers: 40, loyalty: { pollIntervalMs: 40 } });
  desk = (await env.harness.pair('desk')).token;
}, 60_000);
afterAll(() => env?.close());

const webhook = (body: unknown) => env.harness.request(`/mews/webhooks?token=${WEBHOOK_TOKEN}`, { method: 'POST', json: body });
const integration = (Action: string) => webhook({ Action, Data: { Integration: { Id: 'i-1', Name: 'Keycard' } } });
const context = async () => (await (await env.harness.request('/v1/context', { token: desk })).json()) as DeskContext;
const membershipReads = async () => (await env.stats()).requestsByOperation['loyaltyMemberships/getAll'] ?? 0;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('integration webhooks', () => {
  it('are accepted at the general URL; disabled stops the poller and tells desks; enabled starts it again', async () => {
    env.module.poller.start();
    try {
      const disabled = await integration('IntegrationDisabled');
      expect(disabled.status).toBe(202);
      await env.module.webhooks.drain();
      expect((await context()).mewsIntegration).toBe('disabled');
      await sleep(100); // a pass already under way finishes
      const idle = await membershipReads();
      await sleep(400); // ten poll intervals
      expect(await membershipReads()).toBe(idle);

      expect((await integration('IntegrationEnabled')).status).toBe(202);
      await env.module.webhooks.drain();
      expect((await context()).mewsIntegration).toBe('enabled');
      await expect.poll(membershipReads, { timeout: 5_000 }).toBeGreaterThan(idle);
    } finally {
      await env.module.poller.stop();
    }
    const audit = await env.store.db.selectFrom('audit_log').select('after_json').where('action', '=', 'mews.integration').execute();
    expect(audit.map((a) => JSON.parse(a.after_json!).action)).toEqual(['IntegrationDisabled', 'IntegrationEnabled']);
  });

  it('refuses an unknown action as a malformed payload (400), changing nothing', async () => {
    const res = await integration('IntegrationExploded');
    expect(res.status).toBe(400);
    expect((await context()).mewsIntegration).toBe('enabled');
  });
});

describe('general webhooks', () => {
  it('for another enterprise are accepted and ignored; for ours the guest is refreshed, once however often Mews retries', async () => {
    const { LoyaltyMemberships } = await env.mews('loyaltyMemberships/getAll', { ActivityStates: ['Active'], Limitation: { Count: 1 } });
    const accountId = LoyaltyMemberships[0].AccountId as string;
    await env.harness.request(`/v1/accounts/${accountId}/loyalty`, { token: desk });
    await env.mews('customers/update', { CustomerId: accountId, LastName: 'Elsewhere' });
    const lastName = async () => (await env.store.db.selectFrom('customers').select('last_name').where('id', '=', accountId).executeTakeFirstOrThrow()).last_name;
    const event = (EnterpriseId: string) => ({ EnterpriseId, IntegrationId: 'i-1', Events: [{ Discriminator: 'CustomerUpdated', Value: { Id: accountId } }] });

    expect((await webhook(event('99999999-0000-4000-8000-000000000000'))).status).toBe(202);
    await env.module.webhooks.drain();
    expect(await lastName()).not.toBe('Elsewhere');

    for (let retry = 0; retry < 3; retry++) expect((await webhook(event(ENTERPRISE_ID))).status).toBe(202);
    await env.module.webhooks.drain();
    expect(await lastName()).toBe('Elsewhere');
  });
});

describe('the sandbox plays Mews\'s delivery', () => {
  it('holds messages back and redelivers them, and sends integration webhooks to the same URL', async () => {
    const received: { at: number; body: Record<string, unknown> }[] = [];
    const listener = createServer((req, res) => {
      let text = '';
      req.on('data', (chunk) => (text += chunk));
      req.on('end', () => {
        received.push({ at: Date.now(), body: JSON.parse(text) });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(listener.address() as { port: number }).port}/hook`;
    const hook = (path: string, body: unknown) => fetch(`${env.sandbox.url}/_sandbox/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    try {
      expect((await hook('webhooks', { url, delayMs: 150, redeliver: 2 })).status).toBe(200);
      const sent = Date.now();
      expect((await hook('integration', { action: 'IntegrationDisabled' })).status).toBe(200);
      await expect.poll(() => received.length, { timeout: 5_000 }).toBe(3);
      expect(received.every((r) => r.at - sent >= 140)).toBe(true);
      expect(received[0]!.body).toEqual({ Action: 'IntegrationDisabled', Data: { Integration: { Id: expect.any(String), Name: 'Keycard' } } });
      expect((await hook('integration', { action: 'Nope' })).status).toBe(400);
      expect((await hook('webhooks', { delayMs: -1 })).status).toBe(400);
    } finally {
      await hook('webhooks', { url: null });
      listener.close();
    }
  });
});
