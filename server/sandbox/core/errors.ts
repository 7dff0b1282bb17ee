/**
 * The one error type of the sandbox and its wire shape.
 *
 * Mews answers every failure with `{Message, RequestId, Details}` (guidelines/responses.md).
 * Operations throw {@link MewsError}; the app turns it into that body, so no handler ever
 * builds an error response by hand.
 */

/** An error body exactly as the Connector API sends it. */
export interface MewsErrorBody {
  Message: string;
  RequestId: string | null;
  /** Mews fills this only on development environments; the sandbox is one, so it explains. */
  Details: string | null;
}

/** A failure that maps to one HTTP status and a Mews error body. */
export class MewsError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 408 | 409 | 413 | 429 | 500 | 503,
    message: string,
    readonly details: string | null = null,
    /** Extra response headers, e.g. `Retry-After` on 429. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/**
 * 400 naming the parameter the way Mews does: `Invalid LoyaltyProgramId.`
 * `path` (e.g. `LoyaltyMemberships[0].LoyaltyProgramId`) goes to Details for debugging.
 *
 * @example throw invalid('LoyaltyProgramId', 'LoyaltyMemberships[0].LoyaltyProgramId', 'unknown id')
 */
export function invalid(name: string, path: string = name, why?: string): MewsError {
  return new MewsError(400, `Invalid ${name}.`, why ? `${path}: ${why}` : path);
}

/** 403: a business rule refused the request; the message is meant for the hotel's staff. */
export function forbidden(message: string, details: string | null = null): MewsError {
  return new MewsError(403, message, details);
}

/** 401 with a message the integrator can act on. */
export function unauthorized(message: string): MewsError {
  return new MewsError(401, message);
}

/** Builds the JSON error body. */
export function errorBody(err: MewsError, requestId: string): MewsErrorBody {
  return { Message: err.message, RequestId: requestId, Details: err.details };
}
