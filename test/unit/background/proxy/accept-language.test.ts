/**
 * The background tells the proxy the desk's language, so the refusals the panel shows
 * (a problem's `detail`) come back in it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createProxyClient } from '@/lib/background/proxy/proxy-client';
import { requestLanguage, setRequestLanguage } from '@/lib/background/proxy/request-language';
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
});
