// Errors shaped like Supabase Storage's (storage-api `ERRORS` + its fastify error handler):
// the body carries the semantic status as a string (`statusCode: '404'`) plus a `code`, while the
// HTTP status is 400 for every 4xx and 500 for server faults. storage-js builds its
// StorageApiError from exactly these fields (status = HTTP status, statusCode, code, message).
import { HttpError } from '../http.ts';

/** `httpStatus` overrides the upstream "every 4xx is HTTP 400" rule (used for 413 and 416). */
export function storageError(statusCode: number, code: string, message: string, error?: string, httpStatus?: number) {
  const status = httpStatus ?? (statusCode >= 500 ? 500 : 400);
  return new HttpError(status, { statusCode: String(statusCode), code, error: error ?? code, message });
}

export const errors = {
  accessDenied: (message = 'Access denied') => storageError(403, 'AccessDenied', message, 'Unauthorized'),
  invalidJwt: (message = 'Invalid JWT') => storageError(400, 'InvalidJWT', message),
  invalidSignature: () => storageError(400, 'InvalidSignature', 'The url do not match the signature'),
  invalidKey: (key: string) => storageError(400, 'InvalidKey', `Invalid key: ${encodeURIComponent(key).slice(0, 300)}`),
  invalidBucketName: () => storageError(400, 'InvalidBucketName', 'Bucket name invalid', 'Invalid Input'),
  invalidParameter: (name: string) => storageError(400, 'InvalidParameter', `Invalid Parameter ${name}`),
  noSuchKey: () => storageError(404, 'NoSuchKey', 'Object not found', 'not_found'),
  noSuchBucket: () => storageError(404, 'NoSuchBucket', 'Bucket not found', 'Bucket not found'),
  duplicate: () => storageError(409, 'KeyAlreadyExists', 'The resource already exists', 'Duplicate'),
  bucketExists: () => storageError(409, 'BucketAlreadyExists', 'The resource already exists', 'Duplicate'),
  bucketNotEmpty: () => storageError(409, 'ResourceNotEmpty', 'The bucket you tried to delete is not empty'),
  invalidMimeType: (mime: string) => storageError(415, 'InvalidMimeType', `mime type ${mime} is not supported`, 'invalid_mime_type'),
  // Hosted Supabase answers an over-limit upload with a real 413; clients and proxies rely on it.
  entityTooLarge: () => storageError(413, 'EntityTooLarge', 'The object exceeded the maximum allowed size', 'Payload too large', 413),
  notFoundRoute: (method: string, path: string) =>
    storageError(404, 'NotFound', `Route ${method}:${path.slice(0, 200)} not found`, 'Not Found', 404),
  internal: () => storageError(500, 'InternalError', 'Internal server error'),
};

/**
 * Maps a Postgres error raised while running as the caller to the storage error upstream returns.
 * Unknown errors return null: the caller logs them and answers a bare 500 (no internals leak).
 */
export function fromDbError(error: unknown): HttpError | null {
  const code = (error as { code?: string } | null)?.code;
  // 42501: RLS refused the row (or the role lacks the privilege). Upstream passes this text on.
  if (code === '42501') return errors.accessDenied('new row violates row-level security policy');
  if (code === '23505') return errors.duplicate();
  return null;
}
