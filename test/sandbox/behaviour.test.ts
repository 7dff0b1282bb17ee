// The behaviour switches (`/_sandbox/behaviour`): the other readings of the docs where they are silent.
import { beforeEach, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../server/sandbox/app.ts';
import { DEFAULT_BEHAVIOUR } from '../../server/sandbox/core/behaviour.ts';
import { KEYCARD_PROGRAM_ID } from '../../server/sandbox/core/seed.ts';
import { DOCUMENTED_FIELDS } from '../../server/sandbox/operations/documented-fields.ts';
import { OPERATIONS } from '../../server/sandbox/operations/index.ts';
import { call, expectMewsError } from './helpers.ts';

let sb: Sandbox;
beforeEach(() => {
  sb = createSandbox({ customers: 200 });
});

const behave = async (settings: object) => {
  const res = await sb.app.request('/_sandbox/behaviour', { method: 'POST', body: JSON.stringify(settings) });
  return { status: res.status, json: await res.json() };
};
const someMembership = () => sb.state.store.memberships.all().find((m) => m.LoyaltyProgramId === KEYCARD_PROGRAM_ID)!;
const deleteOne = async () => {
  const m = someMembership();
  expect((await call(sb.app, 'loyaltyMemberships/delete', { LoyaltyMembershipIds: [m.Id] })).status).toBe(200);
  return m;
};
const ids = (r: { json: { LoyaltyMemberships: { Id: string }[] } }) => r.json.LoyaltyMemberships.map((m) => m.Id);

describe('/_sandbox/behaviour', () => {
  it('answers the defaults, merges a body over them, refuses unknown settings and values, and reset restores them', async () => {
    expect(await (await sb.app.request('/_sandbox/behaviour')).json()).toEqual(DEFAULT_BEHAVIOUR);
    expect((await behave({ absentActivityStates: 'both' })).json).toEqual({ ...DEFAULT_BEHAVIOUR, absentActivityStates: 'both' });
    expect(await behave({ absentActivityStates: 'some' })).toMatchObject({ status: 400, json: { Message: 'Invalid absentActivityStates.' } });
    expect(await behave({ deleteMovesUpdatedUtc: 'no' })).toMatchObject({ status: 400 });
    expect(await behave({ colour: 'blue' })).toMatchObject({ status: 400, json: { Message: 'Invalid colour.' } });
    expect(sb.state.behaviour.absentActivityStates).toBe('both');
    await sb.app.request('/_sandbox/reset', { method: 'POST' });
    expect(sb.state.behaviour).toEqual(DEFAULT_BEHAVIOUR);
  });
});

describe('absentActivityStates', () => {
  it('active (default): a getAll without ActivityStates hides deleted memberships; both: it shows them', async () => {
    const m = await deleteOne();
    const ask = () => call(sb.app, 'loyaltyMemberships/getAll', { AccountIds: [m.AccountId], Limitation: { Count: 100 } });
    expect(ids(await ask())).not.toContain(m.Id);
    await behave({ absentActivityStates: 'both' });
    expect(ids(await ask())).toContain(m.Id);
    // Saying it explicitly answers the same under either reading.
    const explicit = await call(sb.app, 'loyaltyMemberships/getAll', { AccountIds: [m.AccountId], ActivityStates: ['Active'], Limitation: { Count: 100 } });
    expect(ids(explicit)).not.toContain(m.Id);
  });
});

describe('deleteMovesUpdatedUtc', () => {
  const window = (start: number) => ({ StartUtc: new Date(start).toISOString(), EndUtc: new Date(Date.now() + 60_000).toISOString() });

  it('true (default): a delete shows in an UpdatedUtc window; false: only ActivityStates Deleted finds it', async () => {
    const since = Date.now() - 1000;
    const moved = await deleteOne();
    const deletedSince = () => call(sb.app, 'loyaltyMemberships/getAll', { UpdatedUtc: window(since), ActivityStates: ['Deleted'], Limitation: { Count: 100 } });
    expect(ids(await deletedSince())).toEqual([moved.Id]);

    await behave({ deleteMovesUpdatedUtc: false });
    const unmoved = sb.state.store.memberships.all().find((m) => m.LoyaltyProgramId === KEYCARD_PROGRAM_ID && m.DeletedUtc === null)!;
    const updatedBefore = unmoved.UpdatedUtc;
    expect((await call(sb.app, 'loyaltyMemberships/delete', { LoyaltyMembershipIds: [unmoved.Id] })).status).toBe(200);
    expect(sb.state.store.memberships.get(unmoved.Id)!.UpdatedUtc).toBe(updatedBefore);
    expect(ids(await deletedSince())).toEqual([moved.Id]);
    const byId = await call(sb.app, 'loyaltyMemberships/getAll', { LoyaltyMembershipIds: [unmoved.Id], ActivityStates: ['Deleted'], Limitation: { Count: 1 } });
    expect(ids(byId)).toEqual([unmoved.Id]);
  });
});

describe('unknownFields', () => {
  const m = () => someMembership();

  it('refuse (default): a misspelt field anywhere in the body is a 400 naming it, with its path', async () => {
    const nested = await call(sb.app, 'loyaltyMemberships/update', {
      LoyaltyMembershipUpdates: [{ LoyaltyMembershipId: m().Id, Points: { Value: 5 }, ExpiresAt: { Value: '2030-01-01T00:00:00Z' } }],
    });
    expect(expectMewsError(nested, 400, 'Invalid ExpiresAt.').Details).toContain('LoyaltyMembershipUpdates[0].ExpiresAt');
    const inWrapper = await call(sb.app, 'loyaltyMemberships/update', { LoyaltyMembershipUpdates: [{ LoyaltyMembershipId: m().Id, Points: { Value: 5, Add: true } }] });
    expectMewsError(inWrapper, 400, 'Invalid Add.');
    const inInterval = await call(sb.app, 'loyaltyMemberships/getAll', { UpdatedUtc: { StartUtc: '2026-01-01T00:00:00Z', EndUtc: '2026-01-02T00:00:00Z', Inclusive: true }, Limitation: { Count: 1 } });
    expectMewsError(inInterval, 400, 'Invalid Inclusive.');
    expect(m().Points).not.toBe(5);
  });

  it('accepts what only the newer markdown documents (MembershipNumber), deprecated fields and LanguageCode', async () => {
    const r = await call(sb.app, 'loyaltyMemberships/getAll', { MembershipNumbers: ['X1'], Codes: ['X1'], LanguageCode: 'en-US', CultureCode: 'en-US', Limitation: { Count: 1 } });
    expect(r.status).toBe(200);
  });

  it('ignore: the same misspelt field is dropped and the rest applied', async () => {
    await behave({ unknownFields: 'ignore' });
    const r = await call(sb.app, 'loyaltyMemberships/update', {
      LoyaltyMembershipUpdates: [{ LoyaltyMembershipId: m().Id, Points: { Value: 5 }, ExpiresAt: { Value: '2030-01-01T00:00:00Z' } }],
    });
    expect(r.status).toBe(200);
    expect(m().Points).toBe(5);
  });

  it('every operation has its documented fields', () => {
    expect(Object.keys(DOCUMENTED_FIELDS).sort()).toEqual(Object.keys(OPERATIONS).sort());
  });
});

describe('dateTimes', () => {
  const setExpiry = (value: string) => call(sb.app, 'loyaltyMemberships/update', {
    LoyaltyMembershipUpdates: [{ LoyaltyMembershipId: someMembership().Id, ExpirationDate: { Value: value } }],
  });

  it('lenient (default) takes any ISO 8601; documented only YYYY-MM-DDThh:mm:ssZ of a real day', async () => {
    for (const v of ['2027-12-31', '2027-12-31T10:00:00+02:00', '2027-12-31T00:00:00.000Z']) expect((await setExpiry(v)).status).toBe(200);
    await behave({ dateTimes: 'documented' });
    for (const v of ['2027-12-31', '2027-12-31T10:00:00+02:00', '2027-12-31T00:00:00.000Z', '2027-02-31T00:00:00Z']) {
      expect(expectMewsError(await setExpiry(v), 400, 'Invalid ExpirationDate.').Details).toContain('YYYY-MM-DDThh:mm:ssZ');
    }
    expect((await setExpiry('2027-12-31T00:00:00Z')).status).toBe(200);
    const interval = await call(sb.app, 'loyaltyMemberships/getAll', { UpdatedUtc: { StartUtc: '2026-01-01T00:00:00.123Z', EndUtc: '2026-01-02T00:00:00Z' }, Limitation: { Count: 1 } });
    expectMewsError(interval, 400, 'Invalid StartUtc.');
  });
});
