// @vitest-environment node
/**
 * Saying the token is a portfolio token (MEWS_ENTERPRISE_IDS) and pairing each device to one of its enterprises
 * (`npm run keycard -- pair --enterprise <id>`), as processes against a real SQLite store.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { redeemPairingCode } from '../../server/proxy/auth/pairing';
import { createLogger } from '../../server/proxy/http/logger';
import { createLoyaltyModule } from '../../server/proxy/loyalty/module';
import { startLoyaltyEnv } from './support/loyalty-env';
import { ConfigError, loadConfig } from '../../server/proxy/platform/config';
import { openStore } from '../../server/proxy/store/db';
import { tempDir } from './support/harness';
import { runKeycard } from './support/keycard-cli';

const PRAHA = '3d2c1b0a-9e8f-4a7b-b6c5-d4e3f2a1b001';
const BRNO = '3d2c1b0a-9e8f-4a7b-b6c5-d4e3f2a1b002';

describe('MEWS_ENTERPRISE_IDS', () => {
  it('is empty when unset: a single-enterprise token, as before', () => {
    expect(loadConfig({}).mewsEnterpriseIds).toEqual([]);
  });

  it('lists enterprise ids, trimmed and lower-cased, in order', () => {
    expect(loadConfig({ MEWS_ENTERPRISE_IDS: ` ${PRAHA.toUpperCase()} ,${BRNO}` }).mewsEnterpriseIds).toEqual([PRAHA, BRNO]);
  });

  it.each([
    [`${PRAHA},hotel-2`, /"hotel-2" is not an enterprise id/],
    [`${PRAHA},,${BRNO}`, /empty entry/],
    [`${PRAHA},${PRAHA.toUpperCase()}`, /lists .* twice/],
  ])('refuses %s at start, naming the variable', (value, message) => {
    let error: unknown;
    try {
      loadConfig({ MEWS_ENTERPRISE_IDS: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe('MEWS_ENTERPRISE_IDS');
    expect((error as Error).message).toMatch(message);
  });
});

describe('keycard pair --enterprise', { timeout: 90_000 }, () => {
  let temp: ReturnType<typeof tempDir>;
  let databaseUrl: string;
  beforeAll(() => {
    temp = tempDir('keycard-portfolio-cli-');
    databaseUrl = `sqlite:${join(temp.dir, 'keycard.sqlite')}`;
  });
  afterAll(() => temp.remove());

  const portfolio = { MEWS_ENTERPRISE_IDS: `${PRAHA},${BRNO}` };
  const codeOf = (stdout: string) => /^Pairing code: (\S+)$/m.exec(stdout)?.[1];
  const redeem = async (code: string) => {
    const store = await openStore(databaseUrl);
    try {
      return (await redeemPairingCode(store, { code })).device;
    } finally {
      await store.close();
    }
  };

  it('pairs a device to the enterprise named, and says which', async () => {
    const out = runKeycard(databaseUrl, ['pair', '--name', 'Brno desk', '--enterprise', BRNO], portfolio);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toContain(`enterprise ${BRNO}`);
    expect(await redeem(codeOf(out.stdout)!)).toMatchObject({ name: 'Brno desk', role: 'desk', enterpriseId: BRNO });
    expect(runKeycard(databaseUrl, ['devices'], portfolio).stdout).toMatch(new RegExp(`Brno desk\\s+desk\\s+.*${BRNO}`));
  });

  it('with several enterprises, refuses a pair without --enterprise or with one not served', () => {
    const missing = runKeycard(databaseUrl, ['pair', '--name', 'Desk'], portfolio);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/--enterprise/);
    expect(missing.stderr).toContain(PRAHA);
    const other = runKeycard(databaseUrl, ['pair', '--name', 'Desk', '--enterprise', '3d2c1b0a-9e8f-4a7b-b6c5-d4e3f2a1b0aa'], portfolio);
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(/not in MEWS_ENTERPRISE_IDS/);
  });

  it('a single-enterprise setup needs no flag, and refuses one it cannot check', async () => {
    const plain = runKeycard(databaseUrl, ['pair', '--name', 'Front desk']);
    expect(plain.code, plain.stderr).toBe(0);
    const device = await redeem(codeOf(plain.stdout)!);
    expect(device.enterpriseId).toBeUndefined();
    const flagged = runKeycard(databaseUrl, ['pair', '--name', 'Desk', '--enterprise', PRAHA]);
    expect(flagged.code).toBe(1);
    expect(flagged.stderr).toMatch(/MEWS_ENTERPRISE_IDS is not set/);
  });
});

describe('MEWS_ENTERPRISE_IDS checked with Mews at start', () => {
  it('names an enterprise the token does not reach, in an error log line, and still starts', async () => {
    const unknown = '3d2c1b0a-9e8f-4a7b-b6c5-d4e3f2a1b0aa';
    const env = await startLoyaltyEnv('sqlite', { customers: 20, env: { MEWS_ENTERPRISE_IDS: `${PRAHA},${unknown}` } });
    const lines: { level: number; msg: string }[] = [];
    const log = createLogger('info', { write: (line: string) => void lines.push(JSON.parse(line)) });
    const config = { ...env.deps.config, mewsEnterpriseIds: [PRAHA, unknown] };
    const module = createLoyaltyModule({ ...env.deps, config, log }, { loyalty: { pollIntervalMs: 0, stayPollIntervalMs: 0 } });
    try {
      await env.behaviour({ accessToken: 'portfolio' });
      await module.start();
      // The start does not wait on Mews; the line follows.
      const error = await vi.waitFor(() => {
        const found = lines.find((l) => l.level >= 50 && l.msg.includes('MEWS_ENTERPRISE_IDS'));
        if (!found) throw new Error('no error line yet');
        return found;
      }, { timeout: 10_000 });
      expect(error.msg).toContain(unknown);
      expect(lines.some((l) => l.msg.includes(PRAHA))).toBe(false);
    } finally {
      await module.stop();
      await env.close();
    }
  });
});
