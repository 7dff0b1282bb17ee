/**
 * Readings of the docs where they are silent (`POST /_sandbox/behaviour`). The sandbox plays one
 * reading by default; a test switches to the other to prove Keycard is right either way, and
 * `/_sandbox/reset` switches back. Unlike faults, these are not failures: each setting is a way
 * the real Mews may well behave.
 */
import { MewsError } from './errors.ts';

export interface Behaviour {
  /**
   * What a getAll answers when the request leaves `ActivityStates` out. The docs say only
   * "whether to return only active, only deleted or both records": `active` (the default
   * here) or `both`.
   */
  absentActivityStates: 'active' | 'both';
  /** Whether deleting a membership moves its `UpdatedUtc` (the docs do not say). */
  deleteMovesUpdatedUtc: boolean;
  /**
   * Date-times accepted in requests: `lenient` takes any ISO 8601 date or date-time (offsets,
   * fractions, date-only); `documented` only the format serialization.md names,
   * `YYYY-MM-DDThh:mm:ssZ`.
   */
  dateTimes: 'lenient' | 'documented';
  /**
   * Request fields the docs do not list: `refuse` (400, as the swagger's
   * `additionalProperties: false` says) or `ignore`.
   */
  unknownFields: 'refuse' | 'ignore';
  /**
   * What the demo AccessToken reaches: `enterprise`, one enterprise (the default), or
   * `portfolio`, a Portfolio Access Token over two enterprises of the sandbox's chain and one
   * of a second chain, with the docs' rules for such tokens enforced (core/portfolio.ts).
   */
  accessToken: 'enterprise' | 'portfolio';
}

/** The sandbox's own readings. */
export const DEFAULT_BEHAVIOUR: Behaviour = {
  absentActivityStates: 'active',
  deleteMovesUpdatedUtc: true,
  dateTimes: 'lenient',
  unknownFields: 'refuse',
  accessToken: 'enterprise',
};

const CHOICES: { [K in keyof Behaviour]: readonly Behaviour[K][] } = {
  absentActivityStates: ['active', 'both'],
  deleteMovesUpdatedUtc: [true, false],
  dateTimes: ['lenient', 'documented'],
  unknownFields: ['refuse', 'ignore'],
  accessToken: ['enterprise', 'portfolio'],
};

/** Validates a `/_sandbox/behaviour` body, merging it over `current`; 400 names the bad setting. */
export function parseBehaviour(body: Record<string, unknown>, current: Behaviour): Behaviour {
  const next: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(body)) {
    const choices = (CHOICES as Record<string, readonly unknown[]>)[key];
    if (!choices) throw new MewsError(400, `Invalid ${key}.`, `Unknown setting; the settings are ${Object.keys(CHOICES).join(', ')}.`);
    if (!choices.includes(value)) throw new MewsError(400, `Invalid ${key}.`, `Must be one of ${choices.map((c) => JSON.stringify(c)).join(', ')}.`);
    next[key] = value;
  }
  return next as unknown as Behaviour;
}
