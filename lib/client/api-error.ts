// The one error type the browser sees from route handlers. Every handler answers errors as
// `{ error: { code, message } }`; anything else (a proxy's HTML 502, a dropped connection) is
// mapped to a code of our own so callers can branch on `code` alone.
import type { ErrorCode } from '@/lib/api/contract';

export type ApiErrorCode =
  | ErrorCode
  /** fetch() itself failed: offline, DNS, connection reset. status is 0. */
  | 'network_error'
  /** The server answered, but not with our error envelope. */
  | 'unexpected_response'
  | (string & {});

export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    /** HTTP status, or 0 when no response arrived. */
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
  }

  /** A client error that retrying the same request cannot fix. */
  get isClientError(): boolean {
    return this.status >= 400 && this.status < 500;
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}

/** True when `error` is an ApiError with one of `codes`. */
export function hasErrorCode(error: unknown, ...codes: ApiErrorCode[]): error is ApiError {
  return error instanceof ApiError && codes.includes(error.code);
}

const GENERIC: Record<number, string> = {
  400: 'The request was not valid.',
  401: 'You are not signed in.',
  403: 'You do not have access to this.',
  404: 'Not found.',
  429: 'Too many requests. Try again in a moment.',
};

/**
 * Turns a non-2xx response body into an ApiError. `body` is whatever JSON.parse gave (or undefined
 * when the body was not JSON).
 */
export function apiErrorFromBody(status: number, body: unknown): ApiError {
  if (body && typeof body === 'object' && 'error' in body) {
    const inner = (body as { error: unknown }).error;
    if (inner && typeof inner === 'object') {
      const { code, message } = inner as { code?: unknown; message?: unknown };
      if (typeof code === 'string' && code) {
        return new ApiError(status, code, typeof message === 'string' && message ? message : (GENERIC[status] ?? 'Request failed.'));
      }
    }
  }
  const fallback = GENERIC[status] ?? (status >= 500 ? 'The server had a problem. Try again.' : `Request failed (${status}).`);
  return new ApiError(status, 'unexpected_response', fallback);
}

export const NETWORK_ERROR_MESSAGE = "Can't reach the server. Check your connection and try again.";

/** Query retry policy: never retry 4xx (they will not change), retry others up to twice. */
export function shouldRetryQuery(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError && error.isClientError) return false;
  return failureCount < 2;
}
