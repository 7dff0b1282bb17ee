/**
 * The sandbox's portfolio mode behind a proxy serving all three of its enterprises
 * (MEWS_ENTERPRISE_IDS), with a desk and a manager paired to each chain's enterprises and one
 * seeded member of the sandbox's own chain: what the portfolio tests share.
 */
import { randomUUID } from 'node:crypto';
import { mintPairingCode, redeemPairingCode } from '../../../server/proxy/auth/pairing';
import { CHAIN_ID, ENTERPRISE_ID, KEYCARD_PROGRAM_ID } from '../../../server/sandbox/core/seed';
import { SECOND_CHAIN_ENTERPRISE_ID, SIBLING_ENTERPRISE_ID } from '../../../server/sandbox/core/portfolio';
import { startLoyaltyEnv, type LoyaltyEnv } from './loyalty-env';

export type Who = 'praha' | 'brno' | 'alpen' | 'prahaManager' | 'alpenManager';

export interface PortfolioEnv {
  env: LoyaltyEnv;
  /** A member of the sandbox's own chain (Praha and Brno's), as Mews had them at the start. */
  home: { membershipId: string; accountId: string; points: number };
  get(path: string, who: Who): Promise<Response>;
  /** A write with a fresh Idempotency-Key. */
  send(method: string, path: string, who: Who, json?: unknown): Promise<Response>;
  /** The membership as Mews holds it now. */
  mewsMembership(id: string): Promise<{ Points: number; State: string; ChainId: string; AccountId: string }>;
}

export async function startPortfolioEnv(dialect: 'sqlite' | 'postgres'): Promise<PortfolioEnv> {
  const env = await startLoyaltyEnv(dialect, {
    customers: 150,
    env: { MEWS_ENTERPRISE_IDS: `${ENTERPRISE_ID}, ${SIBLING_ENTERPRISE_ID},${SECOND_CHAIN_ENTERPRISE_ID}` },
  });
  await env.behaviour({ accessToken: 'portfolio' });
  const pair = async (role: 'desk' | 'manager', enterpriseId: string) => {
    const { code } = await mintPairingCode(env.store, { deviceName: `${role} ${enterpriseId.slice(-4)}`, role, enterpriseId });
    return (await redeemPairingCode(env.store, { code })).token;
  };
  const token: Record<Who, string> = {
    praha: await pair('desk', ENTERPRISE_ID),
    brno: await pair('desk', SIBLING_ENTERPRISE_ID),
    alpen: await pair('desk', SECOND_CHAIN_ENTERPRISE_ID),
    prahaManager: await pair('manager', ENTERPRISE_ID),
    alpenManager: await pair('manager', SECOND_CHAIN_ENTERPRISE_ID),
  };
  const [m] = (await env.mews('loyaltyMemberships/getAll', {
    ChainIds: [CHAIN_ID], LoyaltyProgramIds: [KEYCARD_PROGRAM_ID], ActivityStates: ['Active'], Limitation: { Count: 1 },
  })).LoyaltyMemberships;
  return {
    env,
    home: { membershipId: m.Id, accountId: m.AccountId, points: m.Points },
    get: (path, who) => env.harness.request(path, { token: token[who] }),
    send: (method, path, who, json) => env.harness.request(path, { method, token: token[who], json, headers: { 'Idempotency-Key': randomUUID() } }),
    mewsMembership: async (id) =>
      (await env.mews('loyaltyMemberships/getAll', { LoyaltyMembershipIds: [id], Limitation: { Count: 1 } })).LoyaltyMemberships[0],
  };
}
