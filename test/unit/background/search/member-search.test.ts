import { describe, expect, it } from 'vitest';
import { createMemberSearch } from '@/lib/background/search/member-search';
import { memoryMemberSource } from '@/lib/background/search/member-source';
import { member } from '../../support/members';

describe('background member search', () => {
  it('builds the index on first search and follows the cache’s changes', async () => {
    const eva = member('Eva', 'Dvořáková');
    const source = memoryMemberSource([eva]);
    const search = createMemberSearch(source);
    expect((await search.search('dvor')).hits.map((hit) => hit.record)).toEqual([eva]);
    const ivo = member('Ivo', 'Dvořák');
    source.write({ upserted: [ivo], deleted: [eva.membership.id] });
    const after = await search.search('dvor');
    expect(after.hits.map((hit) => hit.record)).toEqual([ivo]);
    expect(after.cachedMembers).toBe(1);
    source.write({ reset: true });
    expect((await search.search('dvor')).hits).toEqual([]);
  });
});
