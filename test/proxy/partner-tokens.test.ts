// @vitest-environment node
/** Partner tokens in the store: a year's validity, and nothing but the hash kept. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PARTNER_TOKEN_TTL_MS, authenticatePartner, createPartnerToken } from '../../server/proxy/auth/partner-tokens';
import { openStore, type Store } from '../../server/proxy/store/db';

let store: Store;
beforeAll(async () => {
  store = await openStore('sqlite::memory:');
});
afterAll(() => store.close());

describe('partner tokens', () => {
  it('work for a year from creation and not a moment after', async () => {
    const made = new Date('2026-01-10T12:00:00Z');
    const { token } = await createPartnerToken(store.db, { name: 'Mews', now: made });
    expect(await authenticatePartner(store.db, token, new Date(made.getTime() + PARTNER_TOKEN_TTL_MS - 1))).toBeDefined();
    expect(await authenticatePartner(store.db, token, new Date(made.getTime() + PARTNER_TOKEN_TTL_MS))).toBeUndefined();
  });

  it('refuse anything that is not a token they issued', async () => {
    const { token } = await createPartnerToken(store.db, { name: 'Mews' });
    for (const wrong of [undefined, '', token.slice(0, -1), `${token}x`, token.replace('kcp_', 'kcd_'), token.toUpperCase()]) {
      expect(await authenticatePartner(store.db, wrong)).toBeUndefined();
    }
    expect(await authenticatePartner(store.db, token)).toMatchObject({ name: 'Mews', revokedAt: null });
  });
});
