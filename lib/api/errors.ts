// One error shape for every route: { error: { code, message } }. Unknown errors become a 500
// without internals; the details go to the server log only.
import { NextResponse } from 'next/server';
import { ZodError } from 'zod';
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

export function errorResponse(code: ErrorCode, message: string, headers?: HeadersInit) {
  return NextResponse.json({ error: { code, message } }, { status: STATUS[code], headers });
}

export function toErrorResponse(error: unknown): NextResponse {
  if (error instanceof ApiError) return errorResponse(error.code, error.message);
  if (error instanceof ZodError) {
    const issue = error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    return errorResponse('invalid_request', `${where}${issue?.message ?? 'invalid request'}`);
  }
  console.error('unhandled API error', error);
  return errorResponse('internal_error', 'Something went wrong on our side. Please try again.');
}
