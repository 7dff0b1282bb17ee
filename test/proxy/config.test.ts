// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { ConfigError, DEMO_ACCESS_TOKEN, loadConfig, redacted } from '../../server/proxy/platform/config';
import { parseDatabaseUrl } from '../../server/proxy/store/db';

describe('loadConfig', () => {
  it('defaults to the local sandbox, demo tokens, SQLite and 127.0.0.1:8787', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      mewsPlatformUrl: 'http://127.0.0.1:8788',
      mewsAccessToken: DEMO_ACCESS_TOKEN,
      mewsClientName: 'Keycard 0.1.0',
      databaseUrl: undefined,
      port: 8787,
      host: '127.0.0.1',
      allowedOrigins: null,
      deskAdjustmentLimit: 1000,
      mewsRequestsPer30s: 200,
      mewsWindowMs: 30_000,
      logLevel: 'info',
      mewsWebhookToken: undefined,
    });
    expect(config.deviceRateLimit).toBeGreaterThan(0);
    // Desk limits from the security review (issue 17): a quarter of the Mews budget per desk.
    expect(config).toMatchObject({ deskDailyCapPerMembership: 5_000, deskDailyCapPerDevice: 20_000, deviceMewsShare: 50, searchMissCacheS: 30 });
    expect(loadConfig({ MEWS_REQUESTS_PER_30S: '100' }).deviceMewsShare).toBe(25);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      MEWS_PLATFORM_URL: 'https://api.mews-demo.com/',
      MEWS_CLIENT_TOKEN: 'c',
      MEWS_ACCESS_TOKEN: 'a',
      MEWS_CLIENT_NAME: 'Keycard 9',
      DATABASE_URL: 'postgres://u:p@db/keycard',
      PORT: '9000',
      HOST: '0.0.0.0',
      ALLOWED_ORIGINS: 'chrome-extension://abcdefghijklmnop, moz-extension://0b6c7f1e-1111-2222-3333-444455556666',
      MEWS_WEBHOOK_TOKEN: 'hook',
      DESK_ADJUSTMENT_LIMIT: '500',
      DEVICE_RATE_LIMIT: '60',
      MEWS_REQUESTS_PER_30S: '100',
      MEWS_WINDOW_MS: '3000',
      DESK_DAILY_CAP_PER_MEMBERSHIP: '3000',
      DESK_DAILY_CAP_PER_DEVICE: '9000',
      DEVICE_MEWS_SHARE: '40',
      SEARCH_MISS_CACHE_S: '0',
      LOG_LEVEL: 'DEBUG',
    });
    expect(config).toMatchObject({
      mewsPlatformUrl: 'https://api.mews-demo.com',
      mewsClientToken: 'c',
      mewsAccessToken: 'a',
      mewsClientName: 'Keycard 9',
      databaseUrl: 'postgres://u:p@db/keycard',
      port: 9000,
      host: '0.0.0.0',
      allowedOrigins: ['chrome-extension://abcdefghijklmnop', 'moz-extension://0b6c7f1e-1111-2222-3333-444455556666'],
      mewsWebhookToken: 'hook',
      deskAdjustmentLimit: 500,
      deviceRateLimit: 60,
      mewsRequestsPer30s: 100,
      mewsWindowMs: 3000,
      deskDailyCapPerMembership: 3000,
      deskDailyCapPerDevice: 9000,
      deviceMewsShare: 40,
      searchMissCacheS: 0,
      logLevel: 'debug',
    });
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['DEVICE_RATE_LIMIT', '0'],
    ['DESK_ADJUSTMENT_LIMIT', '1.5'],
    ['DESK_DAILY_CAP_PER_MEMBERSHIP', '0'],
    ['DESK_DAILY_CAP_PER_DEVICE', 'many'],
    ['DEVICE_MEWS_SHARE', '0'],
    ['SEARCH_MISS_CACHE_S', '-1'],
    ['MEWS_REQUESTS_PER_30S', 'lots'],
    ['MEWS_WINDOW_MS', '0'],
    ['MEWS_WINDOW_MS', '30s'],
    ['MEWS_PLATFORM_URL', 'ftp://mews.example'],
    ['MEWS_PLATFORM_URL', 'not a url'],
    ['ALLOWED_ORIGINS', '*'],
    ['ALLOWED_ORIGINS', 'https://app.mews.com'],
    ['ALLOWED_ORIGINS', 'chrome-extension://abc,http://localhost:3000'],
    ['LOG_LEVEL', 'loud'],
    ['DATABASE_URL', 'mysql://db/keycard'],
    ['PUBLIC_HOSTS', 'https://keycard.hotel.example'],
    ['PUBLIC_HOSTS', 'keycard.hotel.example:8443'],
    ['PUBLIC_HOSTS', 'keycard.hotel.example, *.hotel.example'],
    ['TRUST_PROXY', 'yes'],
    ['TRUST_PROXY', '11'],
    ['PAIRING_SECRET', 'too-short'],
    ['DEVICE_IDLE_DAYS', '0'],
    ['IDEMPOTENCY_RETENTION_DAYS', '90'],
  ])('rejects %s=%s with an error naming the variable', (name, value) => {
    let caught: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).variable).toBe(name);
    expect((caught as Error).message).toContain(name);
  });

  it('answers to the loopback names, HOST when it is one address, and PUBLIC_HOSTS', () => {
    expect(loadConfig({}).publicHosts).toEqual(['localhost', '127.0.0.1', '[::1]']);
    expect(loadConfig({ HOST: '0.0.0.0' }).publicHosts).toEqual(['localhost', '127.0.0.1', '[::1]']);
    expect(loadConfig({ HOST: '10.0.0.5', PUBLIC_HOSTS: ' Keycard.Hotel.example ,[fd00::5]' }).publicHosts)
      .toEqual(['localhost', '127.0.0.1', '[::1]', '10.0.0.5', 'keycard.hotel.example', '[fd00::5]']);
    expect(loadConfig({ HOST: '::1' }).publicHosts).toEqual(['localhost', '127.0.0.1', '[::1]']);
    expect(loadConfig({ HOST: 'fd00::7' }).publicHosts).toContain('[fd00::7]');
  });

  it('keeps idempotency records longer than idle tokens live, with defaults of 120 and 90 days', () => {
    expect(loadConfig({})).toMatchObject({ deviceIdleDays: 90, idempotencyRetentionDays: 120, trustProxyHops: 0, pairingSecret: undefined });
    expect(loadConfig({ DEVICE_IDLE_DAYS: '30', IDEMPOTENCY_RETENTION_DAYS: '31' })).toMatchObject({ deviceIdleDays: 30, idempotencyRetentionDays: 31 });
    expect(() => loadConfig({ DEVICE_IDLE_DAYS: '200' })).toThrow(/IDEMPOTENCY_RETENTION_DAYS: must be longer than DEVICE_IDLE_DAYS \(200\)/);
  });

  it('redacts tokens and database passwords for logging', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://keycard:s3cret@db:5432/keycard', MEWS_WEBHOOK_TOKEN: 'webhook-secret-123', PAIRING_SECRET: 'pairing-secret-0123456789abcdefghij',
    });
    const text = JSON.stringify(redacted(config));
    expect(text).not.toContain('pairing-secret-0123456789abcdefghij');
    expect(text).not.toContain(DEMO_ACCESS_TOKEN);
    expect(text).not.toContain('s3cret');
    expect(text).not.toContain('webhook-secret-123');
    expect(text).toContain('db:5432');
  });
});

describe('parseDatabaseUrl', () => {
  it.each([
    [undefined, { dialect: 'sqlite', path: 'data/keycard.sqlite' }],
    ['', { dialect: 'sqlite', path: 'data/keycard.sqlite' }],
    ['sqlite:data/x.sqlite', { dialect: 'sqlite', path: 'data/x.sqlite' }],
    ['sqlite:///tmp/x.sqlite', { dialect: 'sqlite', path: '/tmp/x.sqlite' }],
    ['/var/lib/keycard.sqlite', { dialect: 'sqlite', path: '/var/lib/keycard.sqlite' }],
    ['postgres://u:p@h/db', { dialect: 'postgres', url: 'postgres://u:p@h/db' }],
    ['postgresql://h/db', { dialect: 'postgres', url: 'postgresql://h/db' }],
  ])('%s', (input, expected) => {
    expect(parseDatabaseUrl(input)).toEqual(expected);
  });
});
