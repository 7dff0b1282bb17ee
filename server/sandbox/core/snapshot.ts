/**
 * The sandbox's data on disk, so a restarted sandbox is the same "Mews" the proxy mirrored:
 * before, a restart reseeded everything while the proxy kept its mirror and ledger, and a
 * guest's History jumped with no entry (issue 18 #4). One JSON file, written whole to a
 * temporary name and renamed, so a crash mid-write leaves the previous snapshot intact.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Store, type PropertyLayout } from './store.ts';
import type { CustomerRecord, MembershipRecord, OrderItemRecord, ProgramRecord, ReservationRecord, TierRecord } from './records.ts';

/** Bumped when the records' shape changes: an older file is then refused, not misread. */
const SNAPSHOT_VERSION = 1;

interface Snapshot {
  version: number;
  savedAt: string;
  programs: ProgramRecord[];
  tiers: TierRecord[];
  customers: CustomerRecord[];
  memberships: MembershipRecord[];
  reservations: ReservationRecord[];
  orderItems: OrderItemRecord[];
  property: PropertyLayout;
  productIds: Array<[string, string]>;
}

/** The store as one JSON text. */
export function snapshotOf(store: Store): string {
  const snapshot: Snapshot = {
    version: SNAPSHOT_VERSION,
    savedAt: new Date().toISOString(),
    programs: [...store.programs.all()],
    tiers: [...store.tiers.all()],
    customers: [...store.customers.all()],
    memberships: [...store.memberships.all()],
    reservations: [...store.reservations.all()],
    orderItems: [...store.orderItems.all()],
    property: store.property,
    productIds: [...store.productIds],
  };
  return JSON.stringify(snapshot);
}

/** A store rebuilt from {@link snapshotOf}'s text, indexes and all; throws naming what is wrong. */
export function storeFromSnapshot(text: string): Store {
  const snapshot = JSON.parse(text) as Partial<Snapshot>;
  if (snapshot.version !== SNAPSHOT_VERSION) {
    throw new Error(`sandbox snapshot version ${String(snapshot.version)} is not ${SNAPSHOT_VERSION}; start with --fresh`);
  }
  const store = new Store();
  for (const program of snapshot.programs ?? []) store.programs.add(program);
  for (const tier of snapshot.tiers ?? []) store.tiers.add(tier);
  for (const customer of snapshot.customers ?? []) store.addCustomer(customer);
  for (const membership of snapshot.memberships ?? []) store.addMembership(membership);
  for (const reservation of snapshot.reservations ?? []) store.addReservation(reservation);
  for (const item of snapshot.orderItems ?? []) store.addOrderItem(item);
  store.property = snapshot.property ?? store.property;
  for (const [name, id] of snapshot.productIds ?? []) store.productIds.set(name, id);
  return store;
}

/** Writes the store to `path` atomically (creating its folder). */
export function saveSnapshot(path: string, store: Store): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, snapshotOf(store), { mode: 0o600 });
  renameSync(temporary, path);
}

/** The store saved at `path`, or null when there is no file there. */
export function loadSnapshot(path: string): Store | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    return storeFromSnapshot(text);
  } catch (error) {
    throw new Error(`cannot read the sandbox's saved data in ${path}: ${(error as Error).message}`);
  }
}

/**
 * Saves the sandbox's store to `path` every `everyMs` while it changes (and on `flush()`, at
 * stop): a sandbox killed outright loses at most the last interval.
 *
 * @example
 * ```ts
 * const saver = keepSaved(sandbox.state, 'data/sandbox.json', 2_000);
 * process.on('SIGTERM', () => { saver.flush(); process.exit(0); });
 * ```
 */
export function keepSaved(state: { store: Store; changes: number }, path: string, everyMs: number) {
  let saved = -1;
  const flush = () => {
    if (state.changes === saved) return;
    saved = state.changes;
    saveSnapshot(path, state.store);
  };
  flush();
  const timer = setInterval(flush, everyMs);
  timer.unref();
  return { flush, stop: () => clearInterval(timer) };
}
