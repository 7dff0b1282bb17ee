/**
 * The documented properties of a request, checked before the operation runs. The swagger sets
 * `additionalProperties: false` on every request object (FACTS §19), so by default a property
 * the docs do not list is a 400 naming it: a misspelt field fails in tests instead of being
 * silently dropped. Date-time properties can also be held to the one format serialization.md
 * names (behaviour `dateTimes: 'documented'`).
 */
import type { Behaviour } from './behaviour.ts';
import { invalid } from './errors.ts';
import { isObject, type Json } from './validate.ts';

/**
 * One property's rule: `value` (any value; the operation checks it), `utc` (a date-time), a
 * nested object's shape, or `[shape]` for an array of such objects.
 */
export type FieldRule = 'value' | 'utc' | FieldShape | readonly [FieldShape];
export interface FieldShape {
  readonly [property: string]: FieldRule;
}

const DOCUMENTED_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** `YYYY-MM-DDThh:mm:ssZ` naming a real instant (no 31 February). */
export function isDocumentedUtc(v: unknown): boolean {
  if (typeof v !== 'string' || !DOCUMENTED_UTC.test(v)) return false;
  const ms = Date.parse(v);
  return !Number.isNaN(ms) && new Date(ms).toISOString().replace('.000Z', 'Z') === v;
}

function walk(obj: Json, shape: FieldShape, prefix: string, behaviour: Behaviour, parent = ''): void {
  for (const [key, value] of Object.entries(obj)) {
    const path = prefix ? `${prefix}.${key}` : key;
    // An update value's `Value` is named after its property, as Mews names parameters.
    const name = key === 'Value' && parent ? parent : key;
    const rule = Object.hasOwn(shape, key) ? shape[key] : undefined;
    if (rule === undefined) {
      if (behaviour.unknownFields === 'refuse') throw invalid(key, path, 'not a property of this request (the swagger sets additionalProperties: false)');
      continue;
    }
    if (value === null || value === undefined || rule === 'value') continue;
    if (rule === 'utc') {
      if (behaviour.dateTimes === 'documented' && !isDocumentedUtc(value)) throw invalid(name, path, 'must be YYYY-MM-DDThh:mm:ssZ (serialization.md)');
    } else if (Array.isArray(rule)) {
      if (Array.isArray(value)) value.forEach((item, i) => isObject(item) && walk(item, rule[0], `${path}[${i}]`, behaviour, key));
    } else if (isObject(value)) {
      walk(value, rule as FieldShape, path, behaviour, key);
    }
  }
}

/**
 * Throws the 400 for the first property `shape` does not document (unless the behaviour
 * ignores them) or, in `documented` mode, the first date-time in another format. Types and
 * values are left to the operation.
 */
export function checkFields(body: Json, shape: FieldShape, behaviour: Behaviour): void {
  walk(body, shape, '', behaviour);
}
