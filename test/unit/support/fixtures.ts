/** Desk data shaped like the proxy's v1 answers, and a scripted `send` for models. */
import { vi } from 'vitest';
import type { Adjustment, DeskContext, GuestLoyalty, Membership, Program, Stay } from '@/lib/contract';
import type { DeskStatus, MessageOf, MessageType, Result, ResponseOf, Send } from '@/lib/contract/messages';

export const program = (overrides: Partial<Program> = {}): Program => ({
  id: 'prog-1',
  chainId: 'chain-1',
  name: 'Keycard Rewards',
  code: 'KR',
  type: 'Hotel',
  subscription: 'Free',
  tiers: [
    { id: 'tier-silver', programId: 'prog-1', name: 'Silver', code: 'SIL', ordering: 1, minPoints: 0 },
    { id: 'tier-gold', programId: 'prog-1', name: 'Gold', code: 'GLD', ordering: 2, minPoints: 10000 },
  ],
  ...overrides,
});

export const deskContext = (overrides: Partial<DeskContext> = {}): DeskContext => ({
  enterprise: { id: 'ent-1', name: 'Hotel Praha', timeZone: 'Europe/Prague', currency: 'CZK' },
  chain: { id: 'chain-1', name: 'Praha Hotels' },
  programs: [program()],
  device: { id: 'dev-1', name: 'Desk 1', role: 'desk', createdAt: '2026-01-01T00:00:00Z', lastSeenAt: null, revokedAt: null },
  deskAdjustmentLimit: 5000,
  ...overrides,
});

export const membership = (overrides: Partial<Membership> = {}): Membership => ({
  id: 'mem-1',
  accountId: 'cus-1',
  programId: 'prog-1',
  state: 'Enrolled',
  isPrimary: true,
  number: 'KR-000123',
  points: 12345,
  tierId: 'tier-gold',
  // 23:30 UTC on 31 Dec is already 1 Jan in Prague.
  expiresAt: '2026-12-31T23:30:00Z',
  url: null,
  updatedAt: '2026-03-02T11:00:00Z',
  ...overrides,
});

export const guestLoyalty = (overrides: Partial<GuestLoyalty> = {}): GuestLoyalty => ({
  guest: { id: 'cus-1', firstName: 'Jana', lastName: 'Nováková', email: 'jana@example.com' },
  memberships: [membership()],
  // 11:04 UTC is 12:04 in Prague in March.
  asOf: '2026-03-02T11:04:00Z',
  ...overrides,
});

export const adjustment = (overrides: Partial<Adjustment> = {}): Adjustment => ({
  id: 'adj-1',
  membershipId: 'mem-1',
  delta: 250,
  reason: 'stay',
  note: null,
  pointsBefore: 12345,
  pointsAfter: 12595,
  status: 'applied',
  deviceId: 'dev-1',
  deviceName: 'Desk 1',
  createdAt: '2026-03-02T11:05:00Z',
  ...overrides,
});

/** A checked-in member's stay, not yet credited: 2 nights, 341 EUR so far, ≈ 120 points. */
export const stay = (overrides: Partial<Stay> = {}): Stay => ({
  reservationId: 'res-1',
  number: '4365',
  state: 'Started',
  nights: 2,
  revenue: { amount: 341, currency: 'EUR' },
  skipped: null,
  programs: [{ programId: 'prog-1', membershipId: 'mem-1', earned: 0, earnedAt: null, estimate: 120 }],
  ...overrides,
});

export const deskStatus = (overrides: Partial<DeskStatus> = {}): DeskStatus => ({
  paired: true,
  proxyUrl: 'http://127.0.0.1:8787',
  proxyUrlFromPolicy: false,
  deviceName: 'Desk 1',
  device: deskContext().device,
  lastError: null,
  panelCollapsed: false,
  panelSide: 'right',
  ...overrides,
});

type Script = { [K in MessageType]?: (message: MessageOf<K>) => Result<ResponseOf<K>> | Promise<Result<ResponseOf<K>>> };

/**
 * A `send` that answers from a script, recording every message. Unscripted messages fail as
 * `invalid` so a test notices them.
 */
export function scriptedSend(script: Script) {
  const calls: { type: MessageType; [key: string]: unknown }[] = [];
  const send = vi.fn(async (message: MessageOf<MessageType>) => {
    calls.push(message as (typeof calls)[number]);
    const answer = script[message.type] as ((m: unknown) => unknown) | undefined;
    if (!answer) return { ok: false, error: { kind: 'invalid', message: `unscripted ${message.type}` } };
    return answer(message);
  }) as unknown as Send;
  return { send, calls };
}

export const ok = <T>(data: T) => ({ ok: true as const, data });

/**
 * The background of a paired desk showing the fixture guest (and, on a reservation page, the
 * fixture stay); `script` overrides or adds answers.
 */
export function deskBackground(script: Script = {}) {
  return scriptedSend({
    getStatus: () => ok(deskStatus()),
    getContext: () => ok(deskContext()),
    getGuestLoyalty: () => ok(guestLoyalty()),
    getStay: () => ok(stay()),
    ...script,
  });
}
