/** Shared secrets presented at the edge (the webhook's `?token=`, the metrics scraper's bearer). */
import { timingSafeEqual } from 'node:crypto';

/** Compares a presented secret with the configured one in constant time. */
export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
