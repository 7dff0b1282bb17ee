/** Members for search tests: each call a new guest with one membership. */
import type { MemberRecord } from '@/lib/contract';
import { membership } from './fixtures';

let seq = 0;
export function member(firstName: string | null, lastName: string, extra: { email?: string; number?: string } = {}): MemberRecord {
  const id = `mem-${++seq}`;
  return {
    guest: { id: `cus-${seq}`, firstName, lastName, email: extra.email ?? null },
    membership: membership({ id, accountId: `cus-${seq}`, number: extra.number ?? `KCR${10_000_000 + seq}` }),
  };
}

