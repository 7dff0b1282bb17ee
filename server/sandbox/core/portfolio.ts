/**
 * The sandbox's Portfolio Access Token (`POST /_sandbox/behaviour {"accessToken": "portfolio"}`),
 * as concepts/multi-property.md describes it: the demo AccessToken then reaches a portfolio of
 * three enterprises, two in the sandbox's chain (Praha, the usual one, and Brno) and one in a
 * second chain (Innsbruck), plus the "dummy" enterprise that identifies the portfolio.
 *
 * What the docs require of a client holding such a token is enforced here, so a client that
 * reads them the single-enterprise way fails: `customers/getAll` without `ChainIds` ("Required
 * when using Portfolio Access Tokens"), a loyalty or customer write without `ChainId` (same
 * words), a chain outside the token's scope. `configuration/get` without `EnterpriseId`
 * answers the dummy enterprise (its chain holds nothing: programs written there are refused).
 */
import { invalid } from './errors.ts';
import type { Behaviour } from './behaviour.ts';
import { CHAIN_ID, CHAIN_NAME, ENTERPRISE_ID, ENTERPRISE_NAME, STAFF_PROFILE_ID, TIME_ZONE } from './enterprise.ts';
import type { CustomerRecord, MembershipRecord, ProfileData } from './records.ts';
import type { Store } from './store.ts';
import { guidItem, optGuid, optList, type Json } from './validate.ts';

/** One enterprise the token reaches. */
export interface SandboxEnterprise {
  id: string;
  name: string;
  shortName: string;
  chainId: string;
  chainName: string;
  timeZone: string;
  isPortfolio: boolean;
}

export const SIBLING_ENTERPRISE_ID = '3d2c1b0a-9e8f-4a7b-b6c5-d4e3f2a1b002';
export const SECOND_CHAIN_ID = '6a1f3b2c-4d5e-4f60-8a71-b2c3d4e5f602';
export const SECOND_CHAIN_ENTERPRISE_ID = '3d2c1b0a-9e8f-4a7b-b6c5-d4e3f2a1b003';
/** The portfolio's "dummy" enterprise (configuration/get without EnterpriseId) and its chain. */
export const PORTFOLIO_ENTERPRISE_ID = '3d2c1b0a-9e8f-4a7b-b6c5-d4e3f2a1b0ff';
export const PORTFOLIO_CHAIN_ID = '6a1f3b2c-4d5e-4f60-8a71-b2c3d4e5f6ff';
/** The second chain's loyalty program and its seeded guests (fixed ids: tests name them). */
export const SECOND_CHAIN_PROGRAM_ID = '7e2d9c4b-1a3f-4b5e-8d6c-9f0a1b2c3d41';
export const SECOND_CHAIN_GUESTS = [
  { id: '7e2d9c4b-1a3f-4b5e-8d6c-9f0a1b2c3e01', first: 'Lena', last: 'Huber', membershipId: '7e2d9c4b-1a3f-4b5e-8d6c-9f0a1b2c3f01', points: 1200 },
  { id: '7e2d9c4b-1a3f-4b5e-8d6c-9f0a1b2c3e02', first: 'Tobias', last: 'Gruber', membershipId: '7e2d9c4b-1a3f-4b5e-8d6c-9f0a1b2c3f02', points: 450 },
  { id: '7e2d9c4b-1a3f-4b5e-8d6c-9f0a1b2c3e03', first: 'Anna', last: 'Berger', membershipId: null, points: 0 },
] as const;

export const HOME_ENTERPRISE: SandboxEnterprise = {
  id: ENTERPRISE_ID, name: ENTERPRISE_NAME, shortName: 'ZlataHv', chainId: CHAIN_ID, chainName: CHAIN_NAME, timeZone: TIME_ZONE, isPortfolio: false,
};
const PORTFOLIO_ENTERPRISES: readonly SandboxEnterprise[] = [
  HOME_ENTERPRISE,
  { id: SIBLING_ENTERPRISE_ID, name: 'Hotel Zlatá Hvězda Brno (Mews sandbox)', shortName: 'ZlataHvBrno', chainId: CHAIN_ID, chainName: CHAIN_NAME, timeZone: TIME_ZONE, isPortfolio: false },
  { id: SECOND_CHAIN_ENTERPRISE_ID, name: 'Alpenhof Innsbruck (Mews sandbox)', shortName: 'Alpenhof', chainId: SECOND_CHAIN_ID, chainName: 'Alpenhof Hotels', timeZone: 'Europe/Vienna', isPortfolio: false },
];
const DUMMY: SandboxEnterprise = {
  id: PORTFOLIO_ENTERPRISE_ID, name: 'Keycard Sandbox Portfolio', shortName: 'Portfolio', chainId: PORTFOLIO_CHAIN_ID, chainName: 'Keycard Sandbox Portfolio', timeZone: TIME_ZONE, isPortfolio: true,
};

const portfolio = (behaviour: Behaviour) => behaviour.accessToken === 'portfolio';

/** The chains whose data the token reaches. */
export function chainsInScope(behaviour: Behaviour): string[] {
  return portfolio(behaviour) ? [CHAIN_ID, SECOND_CHAIN_ID] : [CHAIN_ID];
}

/**
 * `configuration/get`'s enterprise: the token's own; with a portfolio token the one named by
 * `EnterpriseId`, or the dummy when none is. An id outside the token's scope is a 400.
 */
export function configuredEnterprise(body: Json, behaviour: Behaviour): SandboxEnterprise {
  const id = optGuid(body, 'EnterpriseId');
  if (!portfolio(behaviour)) {
    if (id !== undefined && id !== ENTERPRISE_ID) throw invalid('EnterpriseId', 'EnterpriseId', 'not in the scope of this token');
    return HOME_ENTERPRISE;
  }
  if (id === undefined) return DUMMY;
  const found = PORTFOLIO_ENTERPRISES.find((e) => e.id === id);
  if (!found) throw invalid('EnterpriseId', 'EnterpriseId', 'not in the scope of this token');
  return found;
}

/**
 * The `ChainIds` filter of a read, as a test on a record's chain. Omitted: every chain in the
 * token's scope, unless the docs require it with a portfolio token (`required`: customers/getAll).
 */
export function chainFilter(body: Json, behaviour: Behaviour, required = false): (chainId: string | undefined) => boolean {
  const ids = optList(body, 'ChainIds', { item: guidItem });
  const scope = chainsInScope(behaviour);
  if (!ids) {
    if (required && portfolio(behaviour)) throw invalid('ChainIds', 'ChainIds', 'required when using a Portfolio Access Token');
    return (chainId) => chainId !== undefined && scope.includes(chainId);
  }
  if (portfolio(behaviour)) {
    const outside = ids.find((id) => !scope.includes(id));
    if (outside) throw invalid('ChainIds', 'ChainIds', `${outside} is not in the scope of this token`);
  }
  return (chainId) => chainId !== undefined && ids.includes(chainId) && scope.includes(chainId);
}

/**
 * The chain a write acts in. Single-enterprise token: its chain (`ChainId` "ignored otherwise",
 * but it must still be a GUID). Portfolio token: `ChainId` is required and must be in scope.
 */
export function writeChain(body: Json, behaviour: Behaviour): string {
  const id = optGuid(body, 'ChainId');
  if (!portfolio(behaviour)) return CHAIN_ID;
  if (id === undefined) throw invalid('ChainId', 'ChainId', 'required when using a Portfolio Access Token');
  if (!chainsInScope(behaviour).includes(id)) throw invalid('ChainId', 'ChainId', `${id} is not in the scope of this token`);
  return id;
}

/** A record named by id in a write must live in the write's chain (a portfolio token names it). */
export function inWriteChain(record: { ChainId: string }, chainId: string, name: string, path: string): void {
  if (record.ChainId !== chainId) throw invalid(name, path, `not in chain ${chainId}`);
}

const SEED_AT = Date.UTC(2025, 5, 1, 9, 0, 0);
const SEED_PROFILE: ProfileData = { Discriminator: 'Enterprise', EnterpriseProfile: { ProfileId: STAFF_PROFILE_ID } };

/** Adds the second chain's program, guests and memberships (once; reset removes them). */
export function seedSecondChain(store: Store): void {
  if (store.programs.get(SECOND_CHAIN_PROGRAM_ID)) return;
  const base = { DeletedUtc: null, CreatedUtc: SEED_AT, UpdatedUtc: SEED_AT };
  store.programs.add({ ...base, Id: SECOND_CHAIN_PROGRAM_ID, ChainId: SECOND_CHAIN_ID, Name: 'Alpenhof Club', Code: 'ALP', Type: 'Hotel', Subscription: 'Free' });
  SECOND_CHAIN_GUESTS.forEach((g, i) => {
    const c: CustomerRecord = {
      ...base, CreatedUtc: SEED_AT + i * 1000, UpdatedUtc: SEED_AT + i * 1000,
      Id: g.id, ChainId: SECOND_CHAIN_ID, Number: String(900_001 + i), Title: null, Sex: null, FirstName: g.first, LastName: g.last,
      Email: `${g.first.toLowerCase()}.${g.last.toLowerCase()}@alpenhof.example`, Phone: null, NationalityCode: 'AT',
      PreferredLanguageCode: 'de-AT', BirthDate: null, LoyaltyCode: null, Classifications: [], Options: [], extra: null,
      CreatorProfileId: STAFF_PROFILE_ID, UpdaterProfileId: STAFF_PROFILE_ID,
    };
    store.addCustomer(c);
    if (!g.membershipId) return;
    const m: MembershipRecord = {
      ...base, CreatedUtc: SEED_AT + 10_000 + i * 1000, UpdatedUtc: SEED_AT + 10_000 + i * 1000,
      Id: g.membershipId, ChainId: SECOND_CHAIN_ID, AccountId: g.id, LoyaltyProgramId: SECOND_CHAIN_PROGRAM_ID, State: 'Enrolled',
      IsPrimary: true, ProviderMembershipId: null, MembershipNumber: `ALP${7000 + i}`, Points: g.points, ExpirationDate: null, Url: null,
      LoyaltyTierId: null, CreatorProfile: SEED_PROFILE, UpdaterProfile: SEED_PROFILE,
    };
    store.addMembership(m);
  });
}
