/**
 * Mews failures as the platform's ProblemError, so the app's error handler renders them as
 * problem+json like every other error. Anything else passes through untouched.
 */
import { ProblemError } from '../http/problems';
import { isMewsError, mewsProblem } from '../mews/errors';

export function toProblem(error: unknown): unknown {
  if (!isMewsError(error)) return error;
  const { type, title, status, detail, retryAfter, ...extensions } = mewsProblem(error);
  const headers: Record<string, string> = {};
  if (typeof retryAfter === 'number') headers['Retry-After'] = String(retryAfter);
  return new ProblemError(status, title, detail, { type, ...extensions, ...(retryAfter !== undefined ? { retryAfter } : {}), headers });
}

/**
 * Runs `fn`, turning Mews errors into problems.
 *
 * @example
 * handler: async (c, { params }) => c.json(await mewsGuard(() => lookups.accountLoyalty(params.accountId)))
 */
export async function mewsGuard<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw toProblem(error);
  }
}
