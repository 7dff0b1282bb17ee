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
