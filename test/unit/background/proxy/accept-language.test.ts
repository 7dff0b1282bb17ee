/**
 * The background tells the proxy the desk's language, so the refusals the panel shows
 * (a problem's `detail`) come back in it; and what the background words itself is said in that
 * language too, with the catalogue key a view says again after a switch.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createProxyClient } from '@/lib/background/proxy/proxy-client';
import { requestLanguage, setRequestLanguage } from '@/lib/background/proxy/request-language';
import { createManagerHandlers } from '@/lib/background/manager/manager-handlers';
import { failureText } from '@/lib/i18n';
import { deskLanguage } from '@/lib/i18n/translate';
import { fakeProxy } from '../../support/fake-proxy';

describe('the proxy client’s Accept-Language', () => {
  afterEach(() => setRequestLanguage('en'));

  it('sends the desk’s chosen language, and follows a change without a new client', async () => {
    const proxy = fakeProxy({ 'GET /v1/context': () => ({ status: 200, body: {} }) });
    const client = createProxyClient({ proxyUrl: 'http://proxy.test', token: 'tok', fetch: proxy.fetch });
    setRequestLanguage('cs');
    await client.context();
    setRequestLanguage('de');
    await client.context();
    expect(proxy.seen.map((request) => request.headers['accept-language'])).toEqual(['cs', 'de']);
  });

  it('keeps to a language Keycard speaks', () => {
    setRequestLanguage('fr');
    expect(requestLanguage()).toBe('en');
  });

  it('says Keycard’s own failures in the desk’s language, with the key a view says again after a switch', async () => {
    const proxy = fakeProxy({ 'GET /v1/context': () => 'network-down' });
    const client = createProxyClient({ proxyUrl: 'http://proxy.test', token: 'tok', fetch: proxy.fetch, timeoutMs: 200 });
    setRequestLanguage('de');
    const away = await client.context();
    expect(away).toEqual({
      ok: false,
      error: { kind: 'unreachable', message: 'Keycard-Server nicht erreichbar – bitte erneut versuchen.', text: { key: 'failure.unreachable' } },
    });

    setRequestLanguage('cs');
    const manager = createManagerHandlers({ asDevice: async (run) => run(client), refreshContext: async () => undefined });
    const refused = await manager.createTier({ type: 'createTier', programId: 'p-1', fields: { name: 'Gold', code: '' } as never, idempotencyKey: 'k' });
    expect(refused).toEqual({ ok: false, error: { kind: 'invalid', message: 'Zadejte kód úrovně.', text: { key: 'manager.tierCode' } } });

    // The view says it in the language the desk has when it renders.
    deskLanguage.value = 'en';
    expect(!refused.ok && failureText(refused.error)).toBe('Enter the tier code.');
  });
});
