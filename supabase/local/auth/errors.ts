// Errors in Supabase Auth's (GoTrue's) wire format, so supabase-js turns them into the same
// AuthApiError (status, code, message) it produces against hosted Supabase.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '../http.ts';

/** An upstream `HTTPError`: an HTTP status, a machine-readable code and a message. */
export class AuthError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra top-level fields, e.g. `weak_password`. */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** An upstream `OAuthError` (`{error, error_description}`, always 400), used by a few /token paths. */
export class OAuthError extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
  ) {
    super(description);
  }
}

export const badRequest = (code: string, message: string) => new AuthError(400, code, message);
export const forbidden = (code: string, message: string) => new AuthError(403, code, message);
export const notFound = (code: string, message: string) => new AuthError(404, code, message);
export const unprocessable = (code: string, message: string) => new AuthError(422, code, message);

const API_VERSION_HEADER = 'x-supabase-api-version';
const API_VERSION_2024 = '2024-01-01';

/**
 * Upstream's DetermineClosestAPIVersion: a client that sends `X-Supabase-Api-Version: 2024-01-01`
 * or later (auth-js always does) gets `{code, message}` bodies and the header echoed back, which is
 * what makes auth-js read `code` as the error code. Older or absent versions get `{code: status,
 * error_code, msg}`.
 */
function requestApiVersion(req: IncomingMessage): string | null {
  const raw = req.headers[API_VERSION_HEADER];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const date = Date.parse(`${value}T00:00:00Z`);
  if (Number.isNaN(date) || date < Date.parse(`${API_VERSION_2024}T00:00:00Z`)) return null;
  return API_VERSION_2024;
}

export function sendError(req: IncomingMessage, res: ServerResponse, error: AuthError | OAuthError) {
  const version = requestApiVersion(req);
  const headers: Record<string, string> = version ? { [API_VERSION_HEADER]: version } : {};
  if (error instanceof OAuthError) {
    sendJson(res, 400, { error: error.error, error_description: error.description }, headers);
    return;
  }
  if (error.status === 429) headers['retry-after'] = String(error.extra.retry_after ?? 60);
  const { retry_after: _retryAfter, ...extra } = error.extra;
  const body = version
    ? { code: error.code, message: error.message, ...extra }
    : { code: error.status, error_code: error.code, msg: error.message, ...extra };
  sendJson(res, error.status, body, headers);
}
