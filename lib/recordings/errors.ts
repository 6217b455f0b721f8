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

export type DownloadFailure = 'url_refused' | 'http_status' | 'content_type' | 'too_large' | 'timeout' | 'network' | 'empty';

export class RecordingDownloadError extends Error {
  constructor(
    readonly kind: DownloadFailure,
    message: string,
  ) {
    super(message);
    this.name = 'RecordingDownloadError';
  }
}
