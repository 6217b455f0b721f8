// Downloads a provider recording with a timeout over the whole transfer, a byte cap enforced while
// streaming (a lying or missing Content-Length cannot make us buffer more), an audio content-type
// check, and redirects followed by hand so every hop passes the URL policy again.
import { RecordingDownloadError } from './errors';
import { assertAllowedRecordingUrl, type Resolver, type UrlPolicy } from './url-policy';

export interface DownloadOptions extends UrlPolicy {
  downloadTimeoutMs: number;
  maxRecordingBytes: number;
  fetch?: typeof fetch;
  resolve?: Resolver;
}

export interface DownloadedRecording {
  bytes: Buffer;
  contentType: string;
  extension: string;
}

const EXTENSIONS: Record<string, string> = {
  'audio/wav': 'wav', 'audio/x-wav': 'wav', 'audio/wave': 'wav', 'audio/vnd.wave': 'wav',
  'audio/mpeg': 'mp3', 'audio/mp3': 'mp3',
  'audio/mp4': 'm4a', 'audio/x-m4a': 'm4a', 'audio/m4a': 'm4a', 'audio/aac': 'aac',
  'audio/ogg': 'ogg', 'audio/opus': 'opus', 'audio/webm': 'webm', 'audio/flac': 'flac',
};

const MAX_REDIRECTS = 3;

export function extensionFor(contentType: string | null): string | null {
  const mime = (contentType ?? '').split(';')[0].trim().toLowerCase();
  return EXTENSIONS[mime] ?? null;
}

export async function downloadRecording(rawUrl: string, o: DownloadOptions): Promise<DownloadedRecording> {
  const doFetch = o.fetch ?? fetch;
  const signal = AbortSignal.timeout(o.downloadTimeoutMs);
  try {
    let url = await assertAllowedRecordingUrl(rawUrl, o, o.resolve);
    for (let hop = 0; ; hop++) {
      const res = await doFetch(url, { signal, redirect: 'manual', headers: { accept: 'audio/*' } });
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        await res.body?.cancel().catch(() => {});
        if (hop >= MAX_REDIRECTS) throw new RecordingDownloadError('http_status', 'too many redirects');
        url = await assertAllowedRecordingUrl(new URL(location, url).href, o, o.resolve);
        continue;
      }
      return await readRecording(res, o.maxRecordingBytes);
    }
  } catch (error) {
    if (error instanceof RecordingDownloadError) throw error;
    if (signal.aborted) throw new RecordingDownloadError('timeout', `download timed out after ${o.downloadTimeoutMs} ms`);
    throw new RecordingDownloadError('network', `download failed: ${(error as Error).message}`);
  }
}

async function readRecording(res: Response, maxBytes: number): Promise<DownloadedRecording> {
  const discard = () => res.body?.cancel().catch(() => {});
  if (res.status !== 200) {
    await discard();
    throw new RecordingDownloadError('http_status', `provider answered ${res.status}`);
  }
  const contentType = res.headers.get('content-type');
  const extension = extensionFor(contentType);
  if (!extension) {
    await discard();
    throw new RecordingDownloadError('content_type', `unexpected content type ${JSON.stringify(contentType ?? '')}`);
  }
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await discard();
    throw new RecordingDownloadError('too_large', `recording is ${declared} bytes; the limit is ${maxBytes}`);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (res.body) {
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => {});
        throw new RecordingDownloadError('too_large', `recording exceeds the limit of ${maxBytes} bytes`);
      }
      chunks.push(value);
    }
  }
  if (total === 0) throw new RecordingDownloadError('empty', 'recording is empty');
  return { bytes: Buffer.concat(chunks), contentType: contentType!.split(';')[0].trim().toLowerCase(), extension };
}
