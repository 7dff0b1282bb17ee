// @vitest-environment node
/**
 * What the proxy tells desks about the Mews Operations beside it (issue 16 item 3, issue 18
 * defect 2): `/v1/context` gives `operationsUrl` (derived from MEWS_PLATFORM_URL, or set),
 * `guestPages` (the shipped rules, or the hotel's GUEST_PAGES, refused with a message naming the
 * problem), `panelEnabled` (`npm run keycard -- panel off|on`, in the store, so every instance
 * answers the same) and `contextRefreshSeconds`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_GUEST_PAGES, DeskContextSchema, type DeskContext } from '../../lib/contract';
import * as v from 'valibot';
import { ConfigError, loadConfig } from '../../server/proxy/platform/config';
import { startLoyaltyEnv, type LoyaltyEnv } from './support/loyalty-env';
import { runKeycard } from './support/keycard-cli';

const PROFILE_2027 = { name: 'profile-2027', pattern: '/Commander/:enterpriseId/Guest/Profile/:customerId', kind: 'customer' };

describe('operationsUrl and guestPages in the configuration', () => {
  it.each([
    ['https://api.mews.com', 'https://app.mews.com'],
    ['https://api.mews-demo.com/', 'https://app.mews-demo.com'],
    ['http://127.0.0.1:8788', 'http://127.0.0.1:8788'],
    ['http://sandbox.hotel.test:9000/', 'http://sandbox.hotel.test:9000'],
  ])('MEWS_PLATFORM_URL %s → Mews Operations %s', (platform, operations) => {
    expect(loadConfig({ MEWS_PLATFORM_URL: platform }).operationsUrl).toBe(operations);
  });

  it('MEWS_OPERATIONS_URL overrides the derived address; a bad one is refused by name', () => {
    expect(loadConfig({ MEWS_PLATFORM_URL: 'https://api.mews.com', MEWS_OPERATIONS_URL: 'https://eu.mews.com/' }).operationsUrl).toBe('https://eu.mews.com');
    expect(() => loadConfig({ MEWS_OPERATIONS_URL: 'app.mews.com' })).toThrow(/^MEWS_OPERATIONS_URL: must be an http\(s\) URL/);
    expect(() => loadConfig({ MEWS_OPERATIONS_URL: 'https://app.mews.com/Commander' })).toThrow(/^MEWS_OPERATIONS_URL: must be an origin only/);
  });

  it('GUEST_PAGES replaces the shipped rules; bad JSON or a bad rule is refused, naming the problem', () => {
    expect(loadConfig({}).guestPages).toEqual(DEFAULT_GUEST_PAGES);
    expect(loadConfig({ GUEST_PAGES: JSON.stringify([PROFILE_2027, ...DEFAULT_GUEST_PAGES]) }).guestPages[0]).toEqual(PROFILE_2027);
    const refused = (value: string) => {
      try {
        loadConfig({ GUEST_PAGES: value });
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as Error).message;
      }
      return 'accepted';
    };
    expect(refused('[{"name":')).toMatch(/^GUEST_PAGES: must be JSON/);
    expect(refused(JSON.stringify([{ ...PROFILE_2027, pattern: '/Guest/:customerId' }]))).toBe('GUEST_PAGES: rule "profile-2027": pattern must name :enterpriseId');
    expect(refused(JSON.stringify([{ ...PROFILE_2027, kind: 'reservation' }]))).toBe('GUEST_PAGES: rule "profile-2027": a reservation page must name :reservationId');
  });

  it('CONTEXT_REFRESH_S is at most a minute', () => {
    expect(loadConfig({}).contextRefreshSeconds).toBe(60);
    expect(loadConfig({ CONTEXT_REFRESH_S: '2' }).contextRefreshSeconds).toBe(2);
    expect(() => loadConfig({ CONTEXT_REFRESH_S: '600' })).toThrow(/^CONTEXT_REFRESH_S: must be a whole number of seconds from 1 to 60/);
  });
});

describe('/v1/context for the desk beside Mews Operations', () => {
  let env: LoyaltyEnv;
  let desk: string;
  beforeAll(async () => {
    env = await startLoyaltyEnv('sqlite', { customers: 20, env: { GUEST_PAGES: JSON.stringify([PROFILE_2027, ...DEFAULT_GUEST_PAGES]), CONTEXT_REFRESH_S: '5' } });
    desk = (await env.harness.pair('desk')).token;
  }, 60_000);
  afterAll(() => env?.close());
  const context = async () => {
    const answer = await env.harness.request('/v1/context', { token: desk });
    expect(answer.status).toBe(200);
    return v.parse(DeskContextSchema, await answer.json()) as DeskContext;
  };

  it('gives the sandbox as Mews Operations, the hotel\'s rules, the panel on and the refresh period', async () => {
    expect(await context()).toMatchObject({
      operationsUrl: env.sandbox.url.replace(/\/+$/, ''),
      guestPages: [PROFILE_2027, ...DEFAULT_GUEST_PAGES],
      panelEnabled: true,
      contextRefreshSeconds: 5,
    });
  });

  it('`keycard panel off` turns the panel off for every desk at the next context, `on` back on, audited', { timeout: 60_000 }, async () => {
    const off = runKeycard(env.databaseUrl!, ['panel', 'off']);
    expect(off.code, off.stderr).toBe(0);
    expect(off.stdout).toMatch(/^Panel turned off: every desk hides it within a minute/m);
    expect((await context()).panelEnabled).toBe(false);
    expect(runKeycard(env.databaseUrl!, ['panel', 'status']).stdout).toMatch(/^Panel: off/);
    expect(runKeycard(env.databaseUrl!, ['panel', 'off']).stdout).toMatch(/^Panel was already off/);

    expect(runKeycard(env.databaseUrl!, ['panel', 'on']).code).toBe(0);
    expect((await context()).panelEnabled).toBe(true);
    const audit = await env.store.db.selectFrom('audit_log').select(['after_json', 'device_id']).where('action', '=', 'desk.panel').execute();
    expect(audit.map((row) => [JSON.parse(row.after_json!).enabled, row.device_id])).toEqual([[false, null], [false, null], [true, null]]);
  });

  it('`keycard panel` with anything but off, on or status changes nothing and says what it needs', async () => {
    const wrong = runKeycard(env.databaseUrl!, ['panel', 'of']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toBe('keycard: panel needs exactly one of off, on or status, got "of"\n');
    expect((await context()).panelEnabled).toBe(true);
  });
});
