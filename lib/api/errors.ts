// One error shape for every route: { error: { code, message } }. Unknown errors become a 500
// without internals; the details go to the server log only.
import { NextResponse } from 'next/server';
import { ZodError } from 'zod';
import { log } from '@/lib/observability/log';
import type { ErrorCode } from './contract';

export type { ErrorCode };

const STATUS: Record<ErrorCode, number> = {
  invalid_request: 400,
  unauthorized: 401,
  invalid_token: 401,
  session_expired: 401,
  stale_session: 401,
  no_organization: 403,
  organization_suspended: 403,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  invitation_unavailable: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal_error: 500,
  service_unavailable: 503,
};

export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.status = STATUS[code];
  }
}

/** Seconds a client should wait before retrying a 503 (every service_unavailable carries it). */
export const RETRY_AFTER_SECONDS = 2;

export function errorResponse(code: ErrorCode, message: string, headers?: HeadersInit) {
  const all = new Headers(headers);
  if (code === 'service_unavailable') all.set('retry-after', String(RETRY_AFTER_SECONDS));
  return NextResponse.json({ error: { code, message } }, { status: STATUS[code], headers: all });
}

/** The one "try again" answer for a backend part (database, Data API, Auth, Storage) that is down. */
export function serviceUnavailable(): ApiError {
  return new ApiError('service_unavailable', 'The service is not reachable right now. Please try again.');
}

/** An invitation that can no longer be accepted (status: expired, revoked or accepted). */
export function invitationUnavailable(status: string): ApiError {
  const why = status === 'expired' ? 'has expired' : status === 'revoked' ? 'was revoked' : status === 'accepted' ? 'was already used' : 'is no longer valid';
  return new ApiError('invitation_unavailable', `This invitation ${why}. Ask an admin of the organization for a new one.`);
}

// What the database's request gate and the ledgered functions raise (PostgREST passes the PTxyz
// status on; the message is the reason), as the API's own errors.
const DATABASE_REFUSALS: Record<string, (details: string) => ApiError> = {
  session_ended: () => new ApiError('session_expired', 'Your session has ended. Please sign in again.'),
  access_changed: () => new ApiError('stale_session', 'Your access changed. Refresh the session to continue.'),
  organization_suspended: (org) => new ApiError('organization_suspended', `${org || 'Your organization'} is suspended. Contact support to restore access.`),
  no_organization: () => new ApiError('no_organization', 'Your account is not a member of any organization.'),
  forbidden: () => new ApiError('forbidden', 'Only admins of your organization can do this.'),
  // Org administration (20261130000500_org_members.sql): the detail is the user-facing reason.
  invalid_email: (d) => new ApiError('invalid_request', d || 'Enter a valid email address.'),
  invalid_role: (d) => new ApiError('invalid_request', d || 'The role must be admin or staff.'),
  not_found: (d) => new ApiError('not_found', d || 'Not found.'),
  already_member: (email) => new ApiError('conflict', `${email || 'This address'} is already a member of your organization.`),
  last_admin: () => new ApiError('conflict', 'Your organization needs at least one admin: make someone else an admin first.'),
  invitation_accepted: () => new ApiError('conflict', 'This invitation was already accepted.'),
  invitation_unavailable: (status) => invitationUnavailable(status),
  invitation_email_mismatch: (email) => new ApiError('forbidden', `This invitation is for ${email || 'another address'}. Sign in with that address to accept it.`),
  member_elsewhere: () => new ApiError('conflict', 'Your account belongs to another organization. Ask its admin to remove you first.'),
  legal_hold: () => new ApiError('conflict', 'This call is on legal hold. Release the hold before deleting it.'),
  count_not_allowed: () => new ApiError('invalid_request', 'This count mode is not available.'),
  prefer_not_allowed: () => new ApiError('invalid_request', 'Reads take no Prefer header.'),
  rotation_in_progress: () => new ApiError('conflict', 'Two secrets are valid. Retire the old one before rotating again.'),
  invalid_api_key: (d) => new ApiError('invalid_request', d || 'This is not a valid API key.'),
  credential_unchanged: (d) => new ApiError('conflict', d || 'This is already the current key.'),
  // The overview and its time zone (20261130001200_call_overview.sql).
  invalid_time_zone: (d) => new ApiError('invalid_request', d || 'This is not a time zone name. Use an IANA name such as Europe/Berlin, or UTC.'),
  invalid_overview: (d) => new ApiError('invalid_request', d || 'This period or direction is not valid.'),
};

/** A refusal of the database gate, or an unreachable database API, as an ApiError; else null. */
export function fromDatabaseError(error: unknown): ApiError | null {
  if (!error || typeof error !== 'object') return null;
  const { code, message, details, status } = error as { code?: unknown; message?: unknown; details?: unknown; status?: unknown };
  if (typeof code === 'string' && /^PT\d{3}$/.test(code) && typeof message === 'string' && Object.hasOwn(DATABASE_REFUSALS, message)) {
    return DATABASE_REFUSALS[message](typeof details === 'string' ? details : '');
  }
  // supabase-js reports a failed fetch (connection refused, reset, timeout) as an error whose message
  // starts with the fetch error's name; the gateway answers 502 while PostgREST is down. PostgREST
  // itself answers PGRST000-003 while it cannot reach Postgres (connection lost, schema cache not
  // loaded yet, pool timeout), and a statement cut off by a shutdown fails with SQLSTATE class 08
  // or 57P01-57P03. All mean "try again", never "signed out".
  if (typeof message === 'string' && (/^(TypeError|FetchError|AbortError)\b/.test(message) || message === 'An invalid response was received from the upstream server')) {
    return serviceUnavailable();
  }
  // 57014 (statement timeout) is the database too busy to answer in time: also "try again".
  if (typeof code === 'string' && (/^PGRST00[0-3]$/.test(code) || /^08...$/.test(code) || /^(57P0[1-3]|57014)$/.test(code))) {
    return serviceUnavailable();
  }
  // A bodiless answer (HEAD, as the list's count request) carries only its HTTP status.
  if (!code && typeof status === 'number' && status >= 502 && status <= 504) return serviceUnavailable();
  return null;
}

/** Storage that cannot be reached (fetch failed, or the gateway's 5xx) as a 503; else null. */
export function fromStorageError(error: unknown): ApiError | null {
  if (!error || typeof error !== 'object') return null;
  const { name, status } = error as { name?: unknown; status?: unknown };
  return name === 'StorageUnknownError' || (typeof status === 'number' && status >= 500) ? serviceUnavailable() : null;
}

export function toErrorResponse(error: unknown): NextResponse {
  if (error instanceof ApiError) return errorResponse(error.code, error.message);
  const refused = fromDatabaseError(error);
  if (refused) {
    // Operators need to see outages and overload; users get the retryable 503.
    if (refused.code === 'service_unavailable') log.warn({ err: error }, 'backend unavailable');
    return errorResponse(refused.code, refused.message);
  }
  if (error instanceof ZodError) {
    const issue = error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    return errorResponse('invalid_request', `${where}${issue?.message ?? 'invalid request'}`);
  }
  log.error({ err: error }, 'unhandled API error');
  return errorResponse('internal_error', 'Something went wrong on our side. Please try again.');
}
