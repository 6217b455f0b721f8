// How a call's recording pipeline state reads to a person. Pure, so the wording is unit-tested.
import type { RecordingPipeline } from './api-types';

export type Tone = 'success' | 'info' | 'warning' | 'danger' | 'neutral';

export interface RecordingStateView {
  label: string;
  detail: string | null;
  tone: Tone;
}

// The pipeline stores coarse codes only (lib/recordings/errors.ts); older rows may hold free text,
// shown as is.
const FAILURE_TEXT: Record<string, string> = {
  download_url_refused: 'the recording URL is not allowed',
  download_forbidden_address: 'the recording URL points to a non-public address',
  download_http_error: 'the provider answered with an error',
  download_bad_content_type: 'the provider did not send audio',
  download_too_large: 'the recording is larger than the limit',
  download_timeout: 'the download timed out',
  download_network_error: 'the provider could not be reached',
  download_empty: 'the recording was empty',
  storage_upload_failed: 'storing the recording failed',
  download_failed: 'the download failed',
  lease_expired: 'the worker ran out of time too often',
};

export function failureText(code: string | null): string | null {
  if (!code) return null;
  return FAILURE_TEXT[code] ?? code;
}

export function describeRecordingState(
  rec: RecordingPipeline,
  formatTime: (iso: string) => string,
): RecordingStateView {
  const max = rec.maxAttempts > 0 ? rec.maxAttempts : 3;
  switch (rec.state) {
    case 'stored':
      return { label: 'Stored', detail: null, tone: 'success' };
    case 'pending':
      return rec.attempts > 0
        ? { label: `Pending upload — attempt ${rec.attempts + 1} of ${max} next`, detail: failureText(rec.lastError), tone: 'warning' }
        : { label: 'Pending upload', detail: null, tone: 'info' };
    case 'processing':
      return { label: `Uploading — attempt ${Math.max(1, rec.attempts)} of ${max}`, detail: null, tone: 'info' };
    case 'failed': {
      // `attempts` counts the retries already made; the next one is attempts + 1 of max.
      const when = rec.nextRetryAt ? `, next at ${formatTime(rec.nextRetryAt)}` : '';
      return { label: `Failed — retry ${Math.min(rec.attempts + 1, max)} of ${max}${when}`, detail: failureText(rec.lastError), tone: 'warning' };
    }
    case 'dead_lettered':
      return {
        label: `Gave up after ${rec.attempts} ${rec.attempts === 1 ? 'retry' : 'retries'}${rec.lastError ? `: ${failureText(rec.lastError)}` : ''}`,
        detail: null,
        tone: 'danger',
      };
    case 'erased':
      return { label: 'Erased (retention or a deletion request)', detail: null, tone: 'neutral' };
    case 'none':
    default:
      return { label: 'No recording', detail: null, tone: 'neutral' };
  }
}
