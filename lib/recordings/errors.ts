// Errors the jobs distinguish. A cross-org refusal is an Inngest NonRetriableError: retrying a
// request to touch another org's data can never succeed and must never be attempted again.
import { NonRetriableError } from 'inngest';

export class CrossOrgRefusedError extends NonRetriableError {
  constructor(orgId: string, what: string) {
    super(`refused: ${what} does not belong to organization ${orgId}`);
    // Keep the SDK's name: Inngest also recognises non-retriable errors by name across module copies.
    this.name = 'NonRetriableError';
  }
}

export type DownloadFailure =
  | 'url_refused'
  | 'forbidden_address'
  | 'http_status'
  | 'content_type'
  | 'too_large'
  | 'timeout'
  | 'network'
  | 'empty';

export class RecordingDownloadError extends Error {
  constructor(
    readonly kind: DownloadFailure,
    message: string,
  ) {
    super(message);
    this.name = 'RecordingDownloadError';
  }
}

/** Storage refused or failed the upload of a downloaded recording. */
export class RecordingStoreError extends Error {
  name = 'RecordingStoreError';
}

/**
 * The coarse code stored in org-visible columns (`last_error`). Org members can read those, so
 * they never carry what an internal host answered (status text, content type, addresses): the
 * detail goes to the server log only.
 */
export type RecordingFailureCode =
  | 'download_url_refused'
  | 'download_forbidden_address'
  | 'download_http_error'
  | 'download_bad_content_type'
  | 'download_too_large'
  | 'download_timeout'
  | 'download_network_error'
  | 'download_empty'
  | 'storage_upload_failed'
  | 'download_failed';

const CODES: Record<DownloadFailure, RecordingFailureCode> = {
  url_refused: 'download_url_refused',
  forbidden_address: 'download_forbidden_address',
  http_status: 'download_http_error',
  content_type: 'download_bad_content_type',
  too_large: 'download_too_large',
  timeout: 'download_timeout',
  network: 'download_network_error',
  empty: 'download_empty',
};

export function failureCode(error: unknown): RecordingFailureCode {
  if (error instanceof RecordingDownloadError) return CODES[error.kind];
  if (error instanceof RecordingStoreError) return 'storage_upload_failed';
  return 'download_failed';
}
