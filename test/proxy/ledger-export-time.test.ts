// @vitest-environment node
/** Issue 18 #9: the ledger CSV's dates are the hotel's wall clock with its UTC offset. */
import { describe, expect, it } from 'vitest';
import { hotelTimestamp } from '../../server/proxy/loyalty/points/ledger-export';

describe('hotelTimestamp', () => {
  it('writes an instant as the hotel reads it, with the offset that day', () => {
    expect(hotelTimestamp('2026-12-31T23:30:00.000Z', 'Europe/Prague')).toBe('2027-01-01T00:30:00+01:00');
    expect(hotelTimestamp('2026-07-01T10:00:00Z', 'Europe/Prague')).toBe('2026-07-01T12:00:00+02:00');
    expect(hotelTimestamp('2026-07-01T10:00:00Z', 'America/New_York')).toBe('2026-07-01T06:00:00-04:00');
    expect(hotelTimestamp('2026-07-01T10:00:00Z', 'UTC')).toBe('2026-07-01T10:00:00+00:00');
  });
});
