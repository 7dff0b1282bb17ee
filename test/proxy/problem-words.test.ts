// @vitest-environment node
/**
 * Every refusal a desk or manager device can receive is in the catalogue of
 * lib/contract/problem-texts.ts, so the proxy can say it in the desk's language (issue 18).
 * A static scan finds problems still worded in code; runtime checks send Czech and German
 * and read the answers of a few representative refusals.
 *
 * Not scanned: the Loyalty Partner API (loyalty/partner/members.ts, auth/partner-guard.ts,
 * http/partner-problems.ts), which answers Mews in Mews's English vocabulary; the Mews webhook
 * (Mews sends it, nobody reads its refusals); /metrics (a Prometheus scraper's route).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROBLEM_TEXTS, fieldText, type ProblemLanguage } from '../../lib/contract/problem-texts';
import { MewsError } from '../../server/proxy/mews/errors';
import { toProblemError } from '../../server/proxy/http/problems';
import { KEYCARD_PROGRAM_ID } from '../../server/sandbox/core/seed';
import { startLoyaltyEnv, type LoyaltyEnv } from './support/loyalty-env';

const ROOT = join(__dirname, '../../server/proxy');
const NOT_DESK_FACING = [
  'loyalty/partner/members.ts',
  'auth/partner-guard.ts',
  'http/partner-problems.ts',
  'loyalty/mews-sync/webhooks.ts',
  'platform/system-routes.ts',
];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** The code without comments (a JSDoc example is not a problem anyone receives). */
const withoutComments = (code: string) =>
  code.replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ' ')).replace(/^\s*\/\/.*$/gm, '');

/** The text of the balanced `( … )` starting at `open`, skipping string and template literals. */
function callArguments(code: string, open: number): string {
  let depth = 0;
  for (let i = open; i < code.length; i++) {
    const ch = code[i];
    if (ch === "'" || ch === '"') {
      i = code.indexOf(ch, i + 1);
      continue;
    }
    if (ch === '`') {
      i = templateEnd(code, i);
      continue;
    }
    if (ch === '(') depth++;
    if (ch === ')' && --depth === 0) return code.slice(open + 1, i);
  }
  return code.slice(open + 1);
}

function templateEnd(code: string, start: number): number {
  for (let i = start + 1; i < code.length; i++) {
    if (code[i] === '\\') i++;
    else if (code[i] === '`') return i;
    else if (code[i] === '$' && code[i + 1] === '{') {
      let depth = 0;
      for (i += 1; i < code.length; i++) {
        if (code[i] === '`') i = templateEnd(code, i);
        else if (code[i] === '{') depth++;
        else if (code[i] === '}' && --depth === 0) break;
      }
    }
  }
  return code.length;
}

/** English words in a literal: a quoted or template text of two words or more ending a sentence. */
const SENTENCE = /'[A-Za-z$][^']*\s[^']*[.?!]'|"[A-Za-z$][^"]*\s[^"]*[.?!]"|`[A-Za-z$][^`]*\s[^`]*[.?!]`/;
const CONSTRUCTION = /\b(badRequest|unauthorized|forbidden|notFound|conflict|unprocessable|tooManyRequests|badGateway|serviceUnavailable|new ProblemError)\s*\(/g;

/** Each place in the desk-facing proxy that words a problem in English code instead of the catalogue. */
function uncataloguedProblems(): string[] {
  const found: string[] = [];
  for (const file of sources(ROOT)) {
    const name = relative(ROOT, file).replaceAll('\\', '/');
    if (NOT_DESK_FACING.includes(name)) continue;
    const code = withoutComments(readFileSync(file, 'utf8'));
    const line = (index: number) => code.slice(0, index).split('\n').length;
    for (const match of code.matchAll(CONSTRUCTION)) {
      let args = callArguments(code, match.index + match[0].length - 1);
      // `new ProblemError(status, 'Title', …)`: the title stays English, clients branch on it.
      if (match[1] === 'new ProblemError') args = args.replace(/^[^,]*,\s*(['"`])[^'"`]*\1/, '');
      if (SENTENCE.test(args) && !/\btext\s*:/.test(args)) found.push(`${name}:${line(match.index)} ${match[1]}`);
    }
    // A detail held in a variable or a field: `detail = '…'`, `detail: '…'`, `bad('/to', '…')`.
    for (const match of code.matchAll(/\bdetail\s*[:=]\s*(['"`])(?:[A-Z$][^'"`]*\s[^'"`]*|[^'"`]*\s[^'"`]*\.)\1|(['"])\/\w+\2\s*,\s*(['"`])[A-Za-z][^'"`]*\s[^'"`]*\3/g)) {
      found.push(`${name}:${line(match.index)} detail`);
    }
  }
  return [...new Set(found)];
}

/** Whether `detail` is one of `language`'s catalogued texts, its placeholders filled. */
function catalogued(language: ProblemLanguage, detail: string | undefined): boolean {
  if (!detail) return false;
  return Object.values(PROBLEM_TEXTS[language]).some((text) => {
    const pattern = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\\{\w+\\\}/g, '[\\s\\S]+');
    return new RegExp(`^${pattern}$`).test(detail);
  });
}

interface Answer {
  status: number;
  language: string | null;
  detail?: string;
  errors?: { detail: string }[];
}

const answer = async (res: Response): Promise<Answer> => {
  const body = (await res.json()) as { detail?: string; errors?: { detail: string }[] };
  return { status: res.status, language: res.headers.get('Content-Language'), detail: body.detail, errors: body.errors };
};

/** The answer in `language` is in its catalogue, and so is each field's, and differs from English. */
function expectSaid(language: 'cs' | 'de', said: Answer, english: Answer): void {
  expect(said.language).toBe(language);
  expect(said.status).toBe(english.status);
  expect(catalogued('en', english.detail), `English: ${english.detail}`).toBe(true);
  expect(catalogued(language, said.detail), `${language}: ${said.detail}`).toBe(true);
  expect(said.detail).not.toBe(english.detail);
  for (const [i, field] of (said.errors ?? []).entries()) {
    expect(catalogued('en', english.errors?.[i]?.detail), `English field: ${english.errors?.[i]?.detail}`).toBe(true);
    expect(catalogued(language, field.detail), `${language} field: ${field.detail}`).toBe(true);
  }
}

describe('every problem a desk or manager receives has catalogued words', () => {
  it('finds no problem worded in code in the desk-facing proxy', () => {
    expect(uncataloguedProblems()).toEqual([]);
  });

  it('has the words of every message the request schemas give a field', () => {
    const schemas = ['requests.ts', 'manager-requests.ts', 'earning.ts'].map((name) => join(__dirname, '../../lib/contract', name));
    const messages = schemas.flatMap((file) => [...withoutComments(readFileSync(file, 'utf8')).matchAll(/'([^'\n]*\s[^'\n]*\.)'|`([^`\n]*\s[^`\n]*\.)`/g)]
      .map((m) => (m[1] ?? m[2]!).replace(/\$\{[^}]+\}/g, 'x')));
    expect(messages.length).toBeGreaterThan(20);
    expect(messages.filter((message) => !fieldText(message))).toEqual([]);
    // valibot's own words, where a schema gives none.
    expect(fieldText('Invalid type: Expected number but received "many"')).toEqual({ key: 'fieldInvalidType', params: { expected: 'number', received: '"many"' } });
  });

  it('words every Mews failure, keeping Mews’s own message as it is', () => {
    const failures = [
      new MewsError({ kind: 'http', status: 403, operation: 'loyaltyMemberships/add', mewsMessage: 'Customer is already a member.' }),
      new MewsError({ kind: 'http', status: 403, operation: 'loyaltyMemberships/add' }),
      new MewsError({ kind: 'http', status: 409, operation: 'loyaltyMemberships/update', mewsMessage: 'Concurrent update.' }),
      new MewsError({ kind: 'http', status: 401, operation: 'customers/getAll' }),
      new MewsError({ kind: 'http', status: 408, operation: 'customers/getAll' }),
      new MewsError({ kind: 'http', status: 400, operation: 'customers/getAll', mewsMessage: 'Invalid Limitation.' }),
      new MewsError({ kind: 'http', status: 500, operation: 'customers/getAll' }),
      new MewsError({ kind: 'timeout', operation: 'customers/getAll' }),
      new MewsError({ kind: 'rate-limited', operation: 'customers/getAll', retryAfterMs: 3000 }),
      new MewsError({ kind: 'invalid-response', operation: 'customers/getAll' }),
      new MewsError({ kind: 'network', operation: 'customers/getAll' }),
    ];
    for (const failure of failures) {
      const problem = toProblemError(failure)!;
      const english = problem.toProblem('en');
      for (const language of ['cs', 'de'] as const) {
        const said = problem.toProblem(language);
        expect(said.title).toBe(english.title);
        expectSaid(language, { status: said.status, language, detail: said.detail }, { status: english.status, language: 'en', detail: english.detail });
        if (failure.mewsMessage) expect(said.detail).toContain(failure.mewsMessage);
      }
    }
  });

  describe('over HTTP', () => {
    let env: LoyaltyEnv;
    let limited: LoyaltyEnv;
    let desk: string;

    beforeAll(async () => {
      [env, limited] = await Promise.all([
        startLoyaltyEnv('sqlite', { customers: 10 }),
        startLoyaltyEnv('sqlite', { customers: 2, env: { DEVICE_RATE_LIMIT: '1' } }),
      ]);
      desk = (await env.harness.pair('desk')).token;
    });
    afterAll(async () => {
      await env?.close();
      await limited?.close();
    });

    /** The same request in English, Czech and German. */
    async function inEachLanguage(send: (headers: Record<string, string>) => Promise<Response>): Promise<void> {
      const english = await answer(await send({ 'Accept-Language': 'en' }));
      for (const language of ['cs', 'de'] as const) expectSaid(language, await answer(await send({ 'Accept-Language': language })), english);
    }

    it('refuses an unknown device token', () =>
      inEachLanguage((headers) => env.harness.request(`/v1/accounts/${randomUUID()}/loyalty`, { token: 'not-a-token', headers })));

    it('refuses invalid fields, each field in the language too', () =>
      inEachLanguage((headers) => env.harness.request(`/v1/memberships/${randomUUID()}/adjustments`, {
        method: 'POST', token: desk, json: { delta: 'many', reason: 'goodwill' }, headers: { ...headers, 'Idempotency-Key': randomUUID() },
      })));

    it('says a body is not JSON, in words a desk can tell apart from other unreadable requests', async () => {
      const send = (headers: Record<string, string>) => env.harness.request(`/v1/memberships/${randomUUID()}/adjustments`, {
        method: 'POST', token: desk, body: '{"delta": ', headers: { ...headers, 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
      });
      await inEachLanguage(send);
      expect((await answer(await send({}))).detail).toMatch(/JSON/);
    });

    it('says a guest Mews does not know is not found', () =>
      inEachLanguage((headers) => env.harness.request(`/v1/accounts/${randomUUID()}/loyalty`, { token: desk, headers })));

    it('says Mews is unavailable', async () => {
      await env.faults({ rate5xx: 1 });
      try {
        await inEachLanguage((headers) => env.harness.request(`/v1/accounts/${randomUUID()}/loyalty`, { token: desk, headers }));
      } finally {
        await env.faults({ rate5xx: 0 });
      }
    });

    it('says a device is sending too much', async () => {
      const { token } = await limited.harness.pair('desk');
      await limited.harness.request('/v1/context', { token });
      await inEachLanguage((headers) => limited.harness.request('/v1/context', { token, headers }));
    });

    it('says a refusal again in the language of the retry, not of the first request', async () => {
      const { LoyaltyMemberships } = await env.mews<{ LoyaltyMemberships: { Id: string; Points: number | null; State: string }[] }>(
        'loyaltyMemberships/getAll', { LoyaltyProgramIds: [KEYCARD_PROGRAM_ID], ActivityStates: ['Active'], Limitation: { Count: 100 } });
      const member = LoyaltyMemberships.find((m) => !['Canceled', 'Declined'].includes(m.State))!;
      // A manager: the desk's limit per change would answer first.
      const manager = (await env.harness.pair('manager')).token;
      const key = randomUUID();
      const redeem = (language: string) => env.harness.request(`/v1/memberships/${member.Id}/adjustments`, {
        method: 'POST', token: manager, json: { delta: -((member.Points ?? 0) + 1), reason: 'redemption' },
        headers: { 'Accept-Language': language, 'Idempotency-Key': key },
      });
      const english = await answer(await redeem('en'));
      expect(english.status).toBe(409);
      for (const language of ['cs', 'de'] as const) expectSaid(language, await answer(await redeem(language)), english);
    });

    it('says a route does not exist', () =>
      inEachLanguage((headers) => env.harness.request('/v1/no-such-route', { token: desk, headers })));
  });
});
