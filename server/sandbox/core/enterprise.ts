/**
 * The fixed identities of the sandbox "Mews": tokens, chain, the one enterprise and its
 * accommodation service. Both public demo AccessTokens reach the same single enterprise.
 */

/** Public demo ClientToken from the Mews docs (FACTS.md §2). */
export const DEMO_CLIENT_TOKEN = 'E0D439EE522F44368DC78E1BFB03710C-D24FB11DBE31D4621C4817E028D9E1D';
/** Public demo AccessToken of the gross-pricing demo hotel. */
export const DEMO_ACCESS_TOKEN = 'C66EF7B239D24632943D115EDE9CB810-EA00F8FD8294692C940F6B5A8F9453D';
/** Public demo AccessToken of the net-pricing demo hotel; here it reaches the same enterprise. */
export const DEMO_ACCESS_TOKEN_NET = '4D6C7ABE0E6A4681B0AFB16900AE5D86-DF50CBC89E1D4FF5859DDF021649ED5';
/** Every AccessToken the sandbox accepts. */
export const ACCESS_TOKENS: readonly string[] = [DEMO_ACCESS_TOKEN, DEMO_ACCESS_TOKEN_NET];

export const CHAIN_ID = '6a1f3b2c-4d5e-4f60-8a71-b2c3d4e5f601';
export const CHAIN_NAME = 'Keycard Sandbox Hotels';
export const ENTERPRISE_ID = '3d2c1b0a-9e8f-4a7b-b6c5-d4e3f2a1b001';
export const ENTERPRISE_NAME = 'Hotel Zlatá Hvězda Praha (Mews sandbox)';
export const TIME_ZONE = 'Europe/Prague';
export const CURRENCY = 'EUR';
/** The integration the webhooks are sent for. */
export const INTEGRATION_ID = '9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c01';
/** The accommodation service every seeded reservation belongs to. */
export const SERVICE_ID = 'bd26d8db-86da-4f96-9efc-e5a4654a4a94';
/** The staff profile shown as creator of seeded records. */
export const STAFF_PROFILE_ID = '3cd637ef-4728-47f9-8fb1-afb900c9cdcf';
/** The product every night sells (order items name a product; Mews has one per rate/category). */
export const NIGHT_PRODUCT_ID = '5c0a7e2d-91b4-4f3e-a6d8-2b7c9e1f0a31';
