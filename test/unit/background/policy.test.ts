import { describe, expect, it } from 'vitest';
import { readPolicy } from '@/lib/background/proxy/policy';

describe('readPolicy', () => {
  it('reads the administrator’s proxy URL from storage.managed', async () => {
    const managed = { get: async () => ({ proxyUrl: 'https://keycard.hotel.example/' }) };
    expect(await readPolicy(managed)).toEqual({ proxyUrl: 'https://keycard.hotel.example' });
  });

  it('treats a missing, rejecting or nonsense policy as no policy', async () => {
    expect(await readPolicy(undefined)).toEqual({ proxyUrl: null });
    // Firefox rejects when no managed-storage manifest is installed.
    const rejecting = { get: () => Promise.reject(new Error('Managed storage manifest not found')) };
    expect(await readPolicy(rejecting)).toEqual({ proxyUrl: null });
    expect(await readPolicy({ get: async () => ({}) })).toEqual({ proxyUrl: null });
    expect(await readPolicy({ get: async () => ({ proxyUrl: 'javascript:alert(1)' }) })).toEqual({ proxyUrl: null });
  });
});
