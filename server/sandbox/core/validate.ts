/**
 * Parameter checks shared by every operation: GUIDs, enums, Limitation, time intervals,
 * id lists and update-value wrappers. Each failure throws a 400 that names the parameter
 * like Mews (`Invalid LoyaltyProgramId.`) and puts the full path in Details.
 *
 * Nulls: Mews treats an optional property sent as `null` like an absent one, so every
 * `opt*` helper returns `undefined` for both.
 */
import { invalid } from './errors.ts';

/** A parsed JSON object (request body or a nested object). */
export type Json = Record<string, unknown>;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
/** The default id-list cap of the Connector API ("max 1000 items"). */
export const MAX_ITEMS = 1000;

/** True for a plain JSON object (not an array, not null). */
export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** True when `v` is a GUID in the 8-4-4-4-12 hex form Mews uses. */
export function isGuid(v: unknown): v is string {
  return typeof v === 'string' && GUID.test(v);
}

/** `LoyaltyMemberships[0].AccountId` → `AccountId`; `CustomerIds[3]` → `CustomerIds`. */
function leaf(path: string): string {
  const last = path.slice(path.lastIndexOf('.') + 1);
  return last.replace(/\[\d+\]$/, '');
}

/** Throws the 400 for `path`. */
export function fail(path: string, why: string): never {
  throw invalid(leaf(path), path, why);
}

/** Formats epoch ms as Mews does (`2024-01-31T10:00:00Z`, with milliseconds only when non-zero). */
export function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** {@link iso} of an optional timestamp; null stays null. */
export function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : iso(ms);
}

function present(obj: Json, key: string): boolean {
  return obj[key] !== undefined && obj[key] !== null;
}

/** A required non-empty string, at most `max` characters. */
export function reqString(obj: Json, key: string, path = key, max?: number): string {
  if (!present(obj, key)) fail(path, 'required');
  return stringItem(obj[key], path, max);
}

/** An optional string (null/absent → undefined). */
export function optString(obj: Json, key: string, path = key, max?: number): string | undefined {
  return present(obj, key) ? stringItem(obj[key], path, max, true) : undefined;
}

/** Checks one string value. */
export function stringItem(v: unknown, path: string, max?: number, allowEmpty = false): string {
  if (typeof v !== 'string') fail(path, 'must be a string');
  if (!allowEmpty && v.trim() === '') fail(path, 'must not be empty');
  if (max !== undefined && v.length > max) fail(path, `longer than ${max} characters`);
  return v;
}

/** A required boolean. */
export function reqBool(obj: Json, key: string, path = key): boolean {
  if (!present(obj, key)) fail(path, 'required');
  return boolItem(obj[key], path);
}

/** An optional boolean. */
export function optBool(obj: Json, key: string, path = key): boolean | undefined {
  return present(obj, key) ? boolItem(obj[key], path) : undefined;
}

function boolItem(v: unknown, path: string): boolean {
  if (typeof v !== 'boolean') fail(path, 'must be a boolean');
  return v;
}

/** Checks one 32-bit integer. */
export function intItem(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < -2147483648 || v > 2147483647) {
    fail(path, 'must be a 32-bit integer');
  }
  return v;
}

/** A required int32. */
export function reqInt(obj: Json, key: string, path = key): number {
  if (!present(obj, key)) fail(path, 'required');
  return intItem(obj[key], path);
}

/** An optional int32. */
export function optInt(obj: Json, key: string, path = key): number | undefined {
  return present(obj, key) ? intItem(obj[key], path) : undefined;
}

/** Checks one GUID and returns it lower-cased (ids are stored lower-case). */
export function guidItem(v: unknown, path: string): string {
  if (!isGuid(v)) fail(path, 'must be a GUID');
  return v.toLowerCase();
}

/** A required GUID. */
export function reqGuid(obj: Json, key: string, path = key): string {
  if (!present(obj, key)) fail(path, 'required');
  return guidItem(obj[key], path);
}

/** An optional GUID. */
export function optGuid(obj: Json, key: string, path = key): string | undefined {
  return present(obj, key) ? guidItem(obj[key], path) : undefined;
}

/** A checker for one member of a string enum. */
export function enumItem<T extends string>(values: readonly T[]) {
  return (v: unknown, path: string): T => {
    if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) {
      fail(path, `must be one of ${values.join(', ')}`);
    }
    return v as T;
  };
}

/** A required enum value. */
export function reqEnum<T extends string>(obj: Json, key: string, values: readonly T[], path = key): T {
  if (!present(obj, key)) fail(path, 'required');
  return enumItem(values)(obj[key], path);
}

/** An optional enum value. */
export function optEnum<T extends string>(obj: Json, key: string, values: readonly T[], path = key): T | undefined {
  return present(obj, key) ? enumItem(values)(obj[key], path) : undefined;
}

/** Checks an ISO 8601 date-time and returns epoch ms; a value without offset is read as UTC. */
export function dateTimeItem(v: unknown, path: string): number {
  if (typeof v !== 'string' || !DATE_TIME.test(v)) fail(path, 'must be an ISO 8601 date-time');
  const withZone = /T.*(Z|[+-]\d{2}:?\d{2})$/.test(v) ? v : v.includes('T') ? `${v}Z` : `${v}T00:00:00Z`;
  const ms = Date.parse(withZone);
  if (Number.isNaN(ms)) fail(path, 'must be an ISO 8601 date-time');
  return ms;
}

/** An optional date-time in epoch ms. */
export function optDateTime(obj: Json, key: string, path = key): number | undefined {
  return present(obj, key) ? dateTimeItem(obj[key], path) : undefined;
}

interface ListRule<T> {
  max?: number;
  item: (v: unknown, path: string) => T;
}

/**
 * An optional list filter. OAS sets `minItems: 1`, so `[]` is a 400 (send null or omit it).
 * More than `max` (default 1000) items is a 400 too.
 */
export function optList<T>(obj: Json, key: string, rule: ListRule<T>, path = key): T[] | undefined {
  if (!present(obj, key)) return undefined;
  return listItems(obj[key], path, rule);
}

/** An optional list of GUIDs (the commonest filter), lower-cased. */
export function optGuids(obj: Json, key: string, max?: number): string[] | undefined {
  return optList(obj, key, { item: guidItem, max });
}

/** A required list (batch writes, tier program ids): absent, null or `[]` is a 400. */
export function reqList<T>(obj: Json, key: string, rule: ListRule<T>, path = key): T[] {
  if (!present(obj, key)) fail(path, 'required');
  return listItems(obj[key], path, rule);
}

function listItems<T>(v: unknown, path: string, rule: ListRule<T>): T[] {
  if (!Array.isArray(v)) fail(path, 'must be an array');
  if (v.length === 0) fail(path, 'must contain at least 1 item');
  const max = rule.max ?? MAX_ITEMS;
  if (v.length > max) fail(path, `must contain at most ${max} items`);
  return v.map((x, i) => rule.item(x, `${path}[${i}]`));
}

/** A checker for a nested object. */
export function objectItem(v: unknown, path: string): Json {
  if (!isObject(v)) fail(path, 'must be an object');
  return v;
}

/** A half-open time interval in epoch ms (`_objects.md#time-interval`). */
export interface Interval {
  start: number;
  end: number;
}

/**
 * An optional `{StartUtc, EndUtc}` filter, at most 3 calendar months long
 * (OAS `x-max-interval-in-months: 3`); End before Start is a 400.
 */
export function optInterval(obj: Json, key: string, path = key): Interval | undefined {
  if (!present(obj, key)) return undefined;
  const o = objectItem(obj[key], path);
  if (!present(o, 'StartUtc') || !present(o, 'EndUtc')) fail(path, 'StartUtc and EndUtc are required');
  const start = dateTimeItem(o.StartUtc, `${path}`);
  const end = dateTimeItem(o.EndUtc, `${path}`);
  if (end < start) fail(path, 'EndUtc is before StartUtc');
  const s = new Date(start);
  const limit = Date.UTC(s.getUTCFullYear(), s.getUTCMonth() + 3, s.getUTCDate(), s.getUTCHours(),
    s.getUTCMinutes(), s.getUTCSeconds(), s.getUTCMilliseconds());
  if (end > limit) fail(path, 'the interval is longer than 3 months');
  return { start, end };
}

/** Several optional interval filters at once, by name. */
export function optIntervals<K extends string>(obj: Json, keys: readonly K[]): Record<K, Interval | undefined> {
  return Object.fromEntries(keys.map((k) => [k, optInterval(obj, k)])) as Record<K, Interval | undefined>;
}

/** `_objects.md`: Start == End matches that instant exactly, else `Start <= t < End`. */
export function inInterval(t: number, iv: Interval | undefined): boolean {
  if (!iv) return true;
  return iv.start === iv.end ? t === iv.start : iv.start <= t && t < iv.end;
}

/** Like {@link inInterval} for a timestamp a record may lack: a filter never matches a missing one. */
export function stampedIn(t: number | null, iv: Interval | undefined): boolean {
  return !iv || (t !== null && inInterval(t, iv));
}

/** The parsed `Limitation {Count, Cursor}` of a paginated request. */
export interface Limitation {
  count: number;
  cursor: string | undefined;
}

/** `Limitation` is required; Count must be an integer 1..1000; Cursor null or a GUID. */
export function limitation(obj: Json): Limitation {
  if (!present(obj, 'Limitation')) fail('Limitation', 'required');
  const l = objectItem(obj.Limitation, 'Limitation');
  if (!present(l, 'Count')) fail('Limitation.Count', 'required');
  const count = l.Count;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > MAX_ITEMS) {
    fail('Limitation.Count', `must be an integer from 1 to ${MAX_ITEMS}`);
  }
  return { count, cursor: optGuid(l, 'Cursor', 'Limitation.Cursor') };
}

/** Activity states of a record. */
export type ActivityState = 'Active' | 'Deleted';

/**
 * Parses `ActivityStates` into a set. The docs do not say what an omitted filter means:
 * `absent` is the reading the sandbox plays (behaviour.ts; by default Active only, so deleted
 * records stay hidden).
 */
export function activityStates(obj: Json, absent: 'active' | 'both' = 'active'): Set<ActivityState> {
  const list = optList(obj, 'ActivityStates', { item: enumItem(['Active', 'Deleted'] as const) });
  return new Set(list ?? (absent === 'both' ? ['Active', 'Deleted'] : ['Active']));
}

/** The outcome of an update-value wrapper: untouched, or set to a value (null clears). */
export type Update<T> = { set: false } | { set: true; value: T | null };

/**
 * Reads a `{"Value": x}` wrapper (serialization.md). Absent or null wrapper: keep.
 * `{"Value": null}` clears, but only when `nullable`; otherwise it is a 400.
 */
export function updateValue<T>(
  obj: Json,
  key: string,
  path: string,
  rule: { nullable: boolean; item: (v: unknown, path: string) => T },
): Update<T> {
  if (!present(obj, key)) return { set: false };
  const w = objectItem(obj[key], path);
  if (w.Value === undefined || w.Value === null) {
    if (!rule.nullable) fail(path, 'Value must not be null');
    return { set: true, value: null };
  }
  return { set: true, value: rule.item(w.Value, path) };
}
