/**
 * The operation table: exact, case-sensitive paths under `/api/connector/v1/` → handler.
 * A path not listed here (wrong case, trailing slash, unknown op) is a 404, as on Mews.
 */
import type { Operation } from './context.ts';
import { getConfiguration } from './configuration.ts';
import { addCustomer, getAllCustomers, searchCustomers, updateCustomer } from './customers.ts';
import { addPrograms, deletePrograms, getAllPrograms, updatePrograms } from './loyalty-programs.ts';
import { addTiers, deleteTiers, getAllTiers, updateTiers } from './loyalty-tiers.ts';
import { addMemberships, deleteMemberships, getAllMemberships, updateMemberships } from './loyalty-memberships.ts';
import { getAllOrderItems } from './order-items.ts';
import { getAllReservations } from './reservations.ts';

/** Path suffix after `/api/connector/v1/` → operation. */
export const OPERATIONS: Readonly<Record<string, Operation>> = {
  'configuration/get': getConfiguration,
  'customers/getAll': getAllCustomers,
  'customers/search': searchCustomers,
  'customers/add': addCustomer,
  'customers/update': updateCustomer,
  'loyaltyPrograms/getAll': getAllPrograms,
  'loyaltyPrograms/add': addPrograms,
  'loyaltyPrograms/update': updatePrograms,
  'loyaltyPrograms/delete': deletePrograms,
  'loyaltyTiers/getAll': getAllTiers,
  'loyaltyTiers/add': addTiers,
  'loyaltyTiers/update': updateTiers,
  'loyaltyTiers/delete': deleteTiers,
  'loyaltyMemberships/getAll': getAllMemberships,
  'loyaltyMemberships/add': addMemberships,
  'loyaltyMemberships/update': updateMemberships,
  'loyaltyMemberships/delete': deleteMemberships,
  'reservations/getAll/2023-06-06': getAllReservations,
  'orderItems/getAll': getAllOrderItems,
};
