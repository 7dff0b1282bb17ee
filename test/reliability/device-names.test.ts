// @vitest-environment node
/**
 * Security review, issue 17 row 6: device names. The desk could rename itself at pairing (a
 * desk code redeemed as "Manager Anna" shows up so in the audit log and the ledger); names
 * were stored with any character, so `keycard devices` printed terminal escapes (a line wipe,
 * a clipboard write, a fake "manager" line) and bidi overrides straight into the manager's
 * terminal. The minted name must stand, bad characters be refused at minting, and stored text
 * be printed escaped. (The CSV's device id column is checked in test/proxy/manager-memberships.)
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintPairingCode } from '../../server/proxy/auth/pairing';
import { openStore, type Store } from '../../server/proxy/store/db';
import { createHarness, tempDir, type Harness } from '../proxy/support/harness';
import { runKeycard } from '../proxy/support/keycard-cli';

/** Characters a terminal or a bidi-aware renderer acts on instead of showing. */
const HOSTILE_NAMES = [
  'Desk 1\x1b[2K\rManager Anna', // CSI: wipes the line, then a carriage return
  'Desk\x1b]52;c;ZXZpbA==\x07', // OSC 52: writes the clipboard
  'Desk\u202Eyks', // RIGHT-TO-LEFT OVERRIDE
  'Desk\u2066x\u2069', // LEFT-TO-RIGHT ISOLATE … POP
  'Desk\u200F', // RIGHT-TO-LEFT MARK
  'Desk\u061C', // ARABIC LETTER MARK
  'Desk\u0085two', // C1 NEXT LINE
  'Desk\u007F', // DEL
  'Desk\u0000', // NUL
  'Desk\ttab',
];

let temp: ReturnType<typeof tempDir>;
let databaseUrl: string;
let h: Harness;

beforeAll(async () => {
  temp = tempDir('keycard-names-');
  databaseUrl = `sqlite:${join(temp.dir, 'keycard.sqlite')}`;
  h = await createHarness({ store: await openStore(databaseUrl) });
});
afterAll(async () => {
  await h.close();
  temp.remove();
});

const keycard = (...args: string[]) => runKeycard(databaseUrl, args);

const codeCount = async (store: Store) =>
  Number((await store.db.selectFrom('pairing_codes').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

describe('the name a device gets is the one its code was minted for', () => {
  it('a desk cannot rename itself at pairing: the minted name stands', async () => {
    const { code } = await mintPairingCode(h.store, { deviceName: 'Desk 3', role: 'desk' });
    const res = await h.request('/v1/pair', { method: 'POST', json: { code, deviceName: 'Manager Anna' } });
    expect(res.status).toBe(201);
    const { device } = (await res.json()) as { device: { id: string; name: string; role: string } };
    expect(device).toMatchObject({ name: 'Desk 3', role: 'desk' });
    const row = await h.store.db.selectFrom('devices').select('name').where('id', '=', device.id).executeTakeFirstOrThrow();
    expect(row.name).toBe('Desk 3');
    const audit = await h.store.db.selectFrom('audit_log').select('after_json').where('action', '=', 'device.paired').where('subject_id', '=', device.id).executeTakeFirstOrThrow();
    expect(audit.after_json).toContain('"name":"Desk 3"');
  });
});

describe('names with control or bidi characters are refused at minting', () => {
  it('mintPairingCode refuses each, naming the problem, and stores nothing', async () => {
    const before = await codeCount(h.store);
    for (const name of HOSTILE_NAMES) {
      await expect(mintPairingCode(h.store, { deviceName: name, role: 'desk' }), JSON.stringify(name)).rejects.toThrow(/control or direction/);
    }
    expect(await codeCount(h.store)).toBe(before);
  });

  it('the CLI refuses them with exit code 1 and a clear message, minting nothing', async () => {
    const before = await codeCount(h.store);
    for (const name of [HOSTILE_NAMES[0]!, HOSTILE_NAMES[2]!]) {
      const out = keycard('pair', '--name', name, '--role', 'desk');
      expect(out.code, JSON.stringify(name)).toBe(1);
      expect(out.stderr).toMatch(/^keycard: --name .*control or direction/);
      expect(out.stdout).toBe('');
      // The refusal itself shows the name escaped, never raw.
      expect(out.stderr).not.toMatch(/[\x1b\u202E]/);
    }
    expect(await codeCount(h.store)).toBe(before);
    // Ordinary names, accents and all, still mint.
    const ok = keycard('pair', '--name', 'Réception – Desk 2', '--role', 'desk');
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^Pairing code: /m);
  });
});

describe('the CLI prints stored text escaped', () => {
  it('`keycard devices` shows an old row named with escapes harmlessly', async () => {
    const hostile = 'Desk 1\x1b[2K\r\x1b]52;c;ZXZpbA==\x07Manager\u202E (manager)\u0085';
    const id = randomUUID();
    // A row from before names were checked: written straight to the store.
    await h.store.db.insertInto('devices').values({
      id, name: hostile, role: 'desk', token_hash: randomUUID(), created_at: new Date().toISOString(), last_seen_at: null, revoked_at: null,
    }).execute();
    const out = keycard('devices');
    expect(out.code, out.stderr).toBe(0);
    const line = out.stdout.split('\n').find((l) => l.startsWith(id));
    expect(line, out.stdout).toBeDefined();
    // Nothing a terminal acts on: no C0 (but the newline ending each line), DEL, C1 or bidi control.
    expect(out.stdout).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
    // ...and the manager can still see what is there.
    expect(line).toContain('Desk 1\\x1b[2K\\r\\x1b]52;c;ZXZpbA==\\x07Manager\\u202e (manager)\\x85');
    expect(line).toMatch(/\sdesk\s+never\s+active$/);
  });
});
