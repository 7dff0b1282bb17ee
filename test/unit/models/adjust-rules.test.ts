import { describe, expect, it } from 'vitest';
import { formatDate, formatDelta, formatPoints, formatTime } from '@/lib/format';
import { AdjustFormModel, checkPoints } from '@/lib/models/adjust-form';
import { createIntentKeys } from '@/lib/models/intent-keys';

const desk = { balance: 800, deskLimit: 1000, locale: 'en-US' };

describe('checkPoints', () => {
  it('accepts signed whole numbers, including the real minus sign of the presets', () => {
    expect(checkPoints(' +250 ', 'stay', desk)).toEqual({ ok: true, delta: 250 });
    expect(checkPoints('−100', 'correction', desk)).toEqual({ ok: true, delta: -100 });
    expect(checkPoints('-800', 'correction', desk)).toEqual({ ok: true, delta: -800 });
  });

  it('refuses what a desk may not do, with the reason', () => {
    // Issue 18 #9: a number in another notation is told the range it must be in.
    expect(checkPoints('1e9', 'stay', desk)).toMatchObject({ ok: false, message: 'Points must be a whole number from -1,000 to 1,000, e.g. 250 or -100.' });
    expect(checkPoints('1e9', 'stay', { ...desk, deskLimit: null })).toMatchObject({ message: 'Points must be a whole number from -2,147,483,647 to 2,147,483,647, e.g. 250 or -100.' });
    expect(checkPoints('1,000', 'stay', desk).ok).toBe(false);
    expect(checkPoints('1001', 'stay', desk)).toMatchObject({ message: 'Too many points for a desk: change at most 1,000 at once, or ask a manager.' });
    expect(checkPoints('99999999999999999999', 'stay', { ...desk, deskLimit: null }).ok).toBe(false);
    expect(checkPoints('5000', 'bonus', { ...desk, deskLimit: null })).toEqual({ ok: true, delta: 5000 });
  });

  it('never takes a balance below zero, whatever the reason (review: correction −1000 on 31 points)', () => {
    const low = { ...desk, balance: 31 };
    expect(checkPoints('-1000', 'correction', low)).toMatchObject({ ok: false, message: 'Only 31 points can be removed: a balance never goes below zero.' });
    // Issue 18 #9: beyond both the balance and the desk limit, both are said.
    expect(checkPoints('-8000', 'redemption', { ...desk, balance: 7071 })).toMatchObject({
      ok: false,
      message: 'Only 7,071 points can be redeemed, and a desk changes at most 1,000 at once: redeem less, or ask a manager.',
    });
    expect(checkPoints('-31', 'correction', low)).toEqual({ ok: true, delta: -31 });
    expect(checkPoints('-1', 'correction', { ...desk, balance: 0 })).toMatchObject({ message: 'The balance is 0 points: nothing can be removed.' });
    // A balance already below zero (a reversed stay) may move back up.
    expect(checkPoints('50', 'correction', { ...desk, balance: -40 })).toEqual({ ok: true, delta: 50 });
    // Managers too.
    expect(checkPoints('-32', 'correction', { ...low, deskLimit: null }).ok).toBe(false);
  });

  it('keeps each reason to its sign', () => {
    expect(checkPoints('-50', 'bonus', desk)).toMatchObject({ ok: false, message: 'A bonus adds points: enter a positive number, or choose Correction to remove points.' });
    expect(checkPoints('-50', 'goodwill', desk)).toMatchObject({ message: 'A goodwill gesture adds points: enter a positive number, or choose Correction to remove points.' });
    expect(checkPoints('-50', 'stay', desk).ok).toBe(false);
    expect(checkPoints('50', 'correction', desk)).toEqual({ ok: true, delta: 50 });
  });

  it('keeps redemptions negative and within the balance', () => {
    expect(checkPoints('100', 'redemption', desk)).toMatchObject({ message: 'A redemption removes points: enter a negative number, e.g. -500.' });
    expect(checkPoints('-900', 'redemption', desk)).toMatchObject({ message: 'Only 800 points can be redeemed.' });
    expect(checkPoints('-800', 'redemption', desk)).toEqual({ ok: true, delta: -800 });
  });
});

describe('adjust form confirmation threshold', () => {
  it('asks from 1,000 points, or from the desk limit when that is lower', () => {
    const form = new AdjustFormModel(() => ({ balance: 0, deskLimit: 500 }));
    form.open('mem-1');
    form.setPoints('499');
    expect(form.needsConfirmation.value).toBe(false);
    form.setPoints('500');
    expect(form.needsConfirmation.value).toBe(true);
    const manager = new AdjustFormModel(() => ({ balance: 5_000, deskLimit: null }));
    manager.open('mem-1');
    manager.setPoints('999');
    expect(manager.needsConfirmation.value).toBe(false);
    manager.setReason('correction');
    manager.setPoints('-1000');
    expect(manager.needsConfirmation.value).toBe(true);
  });
});

describe('intent keys', () => {
  it('reuses a key for the same action until it settles', () => {
    let n = 0;
    const keys = createIntentKeys(() => `k${++n}`);
    expect(keys.keyFor('adjust:a')).toBe('k1');
    expect(keys.keyFor('adjust:a')).toBe('k1');
    expect(keys.keyFor('adjust:b')).toBe('k2');
    keys.settle('adjust:a');
    expect(keys.keyFor('adjust:a')).toBe('k3');
  });
});

describe('formatting', () => {
  it('formats points, deltas, dates and times for the desk', () => {
    expect(formatPoints(1234567, 'en-US')).toBe('1,234,567');
    expect(formatDelta(-1500, 'en-US')).toBe('−1,500');
    expect(formatDate('2026-12-31T23:30:00Z', 'Europe/Prague', 'en-US')).toBe('Jan 1, 2027');
    expect(formatDate('2026-12-31T23:30:00Z', 'America/New_York', 'en-US')).toBe('Dec 31, 2026');
    expect(formatDate('2026-12-31T23:30:00Z', 'Not/AZone', 'en-US')).toBe('Dec 31, 2026');
    expect(formatTime('2026-07-02T11:04:00Z', 'Europe/Prague', 'en-US')).toBe('13:04');
    expect(formatDate('not a date', 'UTC', 'en-US')).toBe('—');
  });
});
