import { describe, expect, it } from 'vitest';
import type { MemberRecord } from '@/lib/contract';
import { createMemberIndex, matchOf } from '@/lib/search/member-index';
import { normalizeEmail, normalizeName, normalizeNumber } from '@/lib/contract/search-keys';
import { member } from '../support/members';

const names = (hits: { record: MemberRecord }[]) => hits.map((hit) => `${hit.record.guest.firstName} ${hit.record.guest.lastName}`);

describe('normalization', () => {
  it('drops accents, case, apostrophes; other punctuation splits words', () => {
    expect(normalizeName('Novák')).toBe('novak');
    expect(normalizeName("O'Neil")).toBe('oneil');
    expect(normalizeName('O’Neil')).toBe('oneil');
    expect(normalizeName('  Smith-Jones ')).toBe('smith jones');
    expect(normalizeName('Ångström Øberg Weiß Łukasz')).toBe('angstrom oberg weiss lukasz');
    expect(normalizeName('Ó Briain')).toBe('o briain');
  });
  it('folds the letters a desk without them types as two or as their base (issue 18: "thordur olaf" found nothing)', () => {
    expect(normalizeName('Þórður Ólafsdóttir')).toBe('thordur olafsdottir');
    expect(normalizeName('Ævar Grønnæs Đorđević Straße Ćwikła')).toBe('aevar gronnaes dordevic strasse cwikla');
    expect(normalizeName('ĦĿŦ Ŋ ĸ')).toBe('hlt ng k');
  });
  it('keeps an email whole, without accents or case', () => {
    expect(normalizeEmail(' Jana.Nováková@Example.COM ')).toBe('jana.novakova@example.com');
  });
  it('reads a membership number as letters and digits only', () => {
    expect(normalizeNumber('kcr 1234-5678')).toBe('KCR12345678');
    expect(normalizeNumber('PMX-1 000 123')).toBe('PMX1000123');
  });
});

describe('member index', () => {
  const jana = member('Jana', 'Nováková', { email: 'jana@example.com', number: 'KCR12345678' });
  const petr = member('Petr', 'Novák', { email: 'petr.novak@example.com' });
  const novy = member('Nováček', 'Svoboda', { email: 'ns@example.com' });
  const siobhan = member('Siobhán', "O'Neil", { email: 'siobhan@example.ie' });
  const byEmail = member('Anna', 'Berg', { email: 'novakfan@example.com' });
  const numberTwin = member('Zoe', 'Kcr', { number: 'PMX-1000001' });
  const index = createMemberIndex();
  index.replaceAll([jana, petr, novy, siobhan, byEmail, numberTwin]);

  it('finds a last-name prefix typed without accents, last names before first names before emails', () => {
    expect(names(index.search('novak'))).toEqual(['Petr Novák', 'Jana Nováková', 'Anna Berg']);
    expect(names(index.search('nova'))).toEqual(['Petr Novák', 'Jana Nováková', 'Nováček Svoboda', 'Anna Berg']);
    expect(index.search('nova').map((hit) => hit.match)).toEqual(['last', 'last', 'first', 'email']);
  });
  it('finds apostrophe names with or without the apostrophe', () => {
    expect(names(index.search("o'neil"))).toEqual(["Siobhán O'Neil"]);
    expect(names(index.search('oneil'))).toEqual(["Siobhán O'Neil"]);
    expect(names(index.search('ONEI'))).toEqual(["Siobhán O'Neil"]);
  });
  it('finds a full name in either order', () => {
    expect(names(index.search('jana novak'))).toEqual(['Jana Nováková']);
    expect(names(index.search('novakova j'))).toEqual(['Jana Nováková']);
    expect(index.search('petr novakova')).toEqual([]);
  });
  it('puts an exact membership number first, with or without spaces and dashes', () => {
    for (const typed of ['KCR12345678', 'kcr 1234 5678', 'KCR-1234-5678']) {
      const hits = index.search(typed);
      expect(hits[0]).toMatchObject({ match: 'number', record: jana });
    }
    // A prefix of a number is not a number match.
    expect(index.search('KCR1234').some((hit) => hit.match === 'number')).toBe(false);
  });
  it('finds an email prefix', () => {
    expect(names(index.search('petr.nov'))).toEqual(['Petr Novák']);
  });
  it('stops at the limit', () => {
    const many = createMemberIndex();
    many.replaceAll(Array.from({ length: 120 }, (_, i) => member(`Guest${i}`, 'Dvořák')));
    expect(many.search('dvo')).toHaveLength(50);
    expect(many.search('dvo', 10)).toHaveLength(10);
  });
  it('updates in place: renamed, deleted and added members', () => {
    const live = createMemberIndex();
    const a = member('Eva', 'Černá');
    const b = member('Ivo', 'Černý');
    live.replaceAll([a, b]);
    expect(live.search('cern')).toHaveLength(2);
    live.apply({ upserted: [{ ...a, guest: { ...a.guest, lastName: 'Malá' } }], deleted: [b.membership.id] });
    expect(live.search('cern')).toEqual([]);
    expect(names(live.search('mala'))).toEqual(['Eva Malá']);
    live.apply({ upserted: [member('Ivo', 'Černý', { number: 'KCR 9' })] });
    expect(live.search('kcr9')[0]?.match).toBe('number');
    expect(live.size).toBe(2);
  });
  it('matchOf agrees with the index for one record', () => {
    expect(matchOf(siobhan, 'oneil')).toBe('last');
    expect(matchOf(jana, 'jana n')).toBe('first');
    expect(matchOf(jana, 'kcr 12345678')).toBe('number');
    expect(matchOf(jana, 'zzz')).toBeNull();
  });
});

describe('member index built in steps (the popup builds its own copy between frames)', () => {
  const surnames = ['Novák', 'Nováková', 'Dvořák', "O'Neil", 'Müller', 'Svoboda', 'Berg', 'Smith-Jones'];
  const many = Array.from({ length: 5_000 }, (_, i) =>
    member(`Guest${(i * 7919) % 5_000}`, `${surnames[i % surnames.length]}${(i * 31) % 97}`, { email: `g${(i * 13) % 5_000}@example.com` }),
  );

  it('answers exactly as the index built in one go, after pausing many times', () => {
    const whole = createMemberIndex();
    whole.replaceAll(many);
    const stepped = createMemberIndex();
    let pauses = 0;
    for (const steps = stepped.replaceAllInSteps(many); !steps.next().done; ) pauses++;
    expect(pauses).toBeGreaterThan(10);
    expect(stepped.size).toBe(5_000);
    for (const query of ['nov', 'novakova1', 'guest12', 'g4', 'oneil', 'smith j', many[42]!.membership.number!]) {
      const ids = (hits: { record: MemberRecord }[]) => hits.map((hit) => hit.record.membership.id);
      expect(ids(stepped.search(query))).toEqual(ids(whole.search(query)));
      expect(stepped.search(query).length).toBeGreaterThan(0);
    }
  });
});
