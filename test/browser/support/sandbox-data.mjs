/** Finds seeded guests through the sandbox's Connector API, the way Mews would answer. */

export async function enterprise(stack) {
  const { Enterprise } = await stack.mews('configuration/get');
  return Enterprise;
}

/** The newest `count` memberships (with Points) of the sandbox. */
export async function someMemberships(stack, count = 5) {
  const { LoyaltyMemberships } = await stack.mews('loyaltyMemberships/getAll', {
    Limitation: { Count: count },
  });
  return LoyaltyMemberships;
}

export async function customer(stack, id) {
  const { Customers } = await stack.mews('customers/getAll', {
    CustomerIds: [id],
    Extent: { Customers: true },
    Limitation: { Count: 1 },
  });
  return Customers[0];
}

export function guestUrl(stack, enterpriseId, customerId) {
  return `${stack.sandboxUrl}/Commander/${enterpriseId}/Customer/Detail/${customerId}`;
}

export async function membership(stack, id) {
  const { LoyaltyMemberships } = await stack.mews('loyaltyMemberships/getAll', {
    LoyaltyMembershipIds: [id],
    Limitation: { Count: 1 },
  });
  return LoyaltyMemberships[0];
}

export async function membershipsOf(stack, accountId) {
  const { LoyaltyMemberships } = await stack.mews('loyaltyMemberships/getAll', {
    AccountIds: [accountId],
    Limitation: { Count: 100 },
  });
  return LoyaltyMemberships;
}

export async function tier(stack, programId, tierId) {
  const { LoyaltyTiers } = await stack.mews('loyaltyTiers/getAll', {
    LoyaltyProgramIds: [programId],
    Limitation: { Count: 100 },
  });
  return LoyaltyTiers.find((t) => t.Id === tierId);
}

/** A guest created through the Connector API: brand new, so certainly not a member. */
export async function newGuest(stack, fields) {
  return stack.mews('customers/add', { OverwriteExisting: false, ...fields });
}

/** A seeded member whose only membership is Enrolled, with a tier and some points. */
export async function tieredMember(stack, skip = 0) {
  const candidates = await someMemberships(stack, 200);
  const found = [];
  for (const m of candidates) {
    if (m.State !== 'Enrolled' || !m.LoyaltyTierId || !(m.Points > 0)) continue;
    const all = await membershipsOf(stack, m.AccountId);
    if (all.length === 1) found.push(m);
    if (found.length > skip) return found[skip];
  }
  throw new Error('no tiered single-membership member in the sandbox seed');
}
