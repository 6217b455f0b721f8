// Opens a provider recording as a stream: a timeout over the whole transfer, a byte cap enforced
// while streaming (a lying or missing Content-Length cannot make us hold more), an audio
// content-type check, and redirects followed by hand so every hop passes the URL policy again and
// connects through the guarded lookup (url-policy.ts). The body is never buffered: the caller pipes
// it into Storage, and backpressure keeps memory bounded whatever the recording's size.
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { pipeline, Transform, type Readable } from 'node:stream';
import { RecordingDownloadError } from './errors';
import { assertAllowedRecordingUrl, guardedLookup, type Resolver, type UrlPolicy } from './url-policy';

export interface DownloadOptions extends UrlPolicy {
  downloadTimeoutMs: number;
  maxRecordingBytes: number;
  resolve?: Resolver;
}

export interface RecordingDownload {
  /** The bytes, capped; errors (and stops the transfer) when the cap or the timeout is hit. */
  body: Readable;
  contentType: string;
  extension: string;
  /** Set when the body failed: the download's own reason, as opposed to the consumer's. */
  failure(): RecordingDownloadError | null;
  bytesRead(): number;
}

const EXTENSIONS: Record<string, string> = {
  'audio/wav': 'wav', 'audio/x-wav': 'wav', 'audio/wave': 'wav', 'audio/vnd.wave': 'wav',
  'audio/mpeg': 'mp3', 'audio/mp3': 'mp3',
  'audio/mp4': 'm4a', 'audio/x-m4a': 'm4a', 'audio/m4a': 'm4a', 'audio/aac': 'aac',
  'audio/ogg': 'ogg', 'audio/opus': 'opus', 'audio/webm': 'webm', 'audio/flac': 'flac',
};

const MAX_REDIRECTS = 3;

export function extensionFor(contentType: string | null | undefined): string | null {
  const mime = (contentType ?? '').split(';')[0].trim().toLowerCase();
  return EXTENSIONS[mime] ?? null;
}

export async function openRecording(rawUrl: string, o: DownloadOptions): Promise<RecordingDownload> {
  const signal = AbortSignal.timeout(o.downloadTimeoutMs);
  const lookup = guardedLookup(o, o.resolve);
  try {
    let url = assertAllowedRecordingUrl(rawUrl, o);
    for (let hop = 0; ; hop++) {
      const res = await get(url, lookup, signal);
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if (status >= 300 && status < 400 && location) {
        res.destroy();
        if (hop >= MAX_REDIRECTS) throw new RecordingDownloadError('http_status', 'too many redirects');
        url = assertAllowedRecordingUrl(new URL(location, url).href, o);
        continue;
      }
      return capped(res, o, signal);
    }
  } catch (error) {
    throw asDownloadError(error, signal, o);
  }
}

function get(url: URL, lookup: LookupFunction, signal: AbortSignal): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const request = (url.protocol === 'https:' ? https : http).request(url, {
      method: 'GET',
      headers: { accept: 'audio/*' },
      // A connection of its own (no pooled socket from another hop) that resolves through the guard.
      agent: false,
      lookup,
      signal,
    });
    request.once('response', resolve);
    request.once('error', reject);
    request.end();
  });
}

function capped(res: IncomingMessage, o: DownloadOptions, signal: AbortSignal): RecordingDownload {
  const refuse = (error: RecordingDownloadError) => {
    res.destroy();
    throw error;
  };
  const status = res.statusCode ?? 0;
  if (status !== 200) refuse(new RecordingDownloadError('http_status', `provider answered ${status}`));
  const contentType = res.headers['content-type'];
  const extension = extensionFor(contentType);
  if (!extension) refuse(new RecordingDownloadError('content_type', `unexpected content type ${JSON.stringify(contentType ?? '')}`));
  const declared = Number(res.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > o.maxRecordingBytes) {
    refuse(new RecordingDownloadError('too_large', `recording is ${declared} bytes; the limit is ${o.maxRecordingBytes}`));
  }
  if (declared === 0) refuse(new RecordingDownloadError('empty', 'recording is empty'));

  let total = 0;
  let failure: RecordingDownloadError | null = null;
  const fail = (error: RecordingDownloadError) => (failure ??= error);
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      total += chunk.length;
      if (total > o.maxRecordingBytes) done(fail(new RecordingDownloadError('too_large', `recording exceeds the limit of ${o.maxRecordingBytes} bytes`)));
      else done(null, chunk);
    },
    flush(done) {
      if (total === 0) done(fail(new RecordingDownloadError('empty', 'recording is empty')));
      else done();
    },
  });
  // pipeline destroys the response (closing the connection) when the counter fails, and the
  // counter when the response fails (timeout, reset), so the consumer sees the error either way.
  pipeline(res, counter, (error) => {
    if (error) fail(asDownloadError(error, signal, o));
  });
  return {
    body: counter,
    contentType: contentType!.split(';')[0].trim().toLowerCase(),
    extension: extension!,
    failure: () => failure,
    bytesRead: () => total,
  };
}

function asDownloadError(error: unknown, signal: AbortSignal, o: DownloadOptions): RecordingDownloadError {
  if (error instanceof RecordingDownloadError) return error;
  if (signal.aborted) return new RecordingDownloadError('timeout', `download timed out after ${o.downloadTimeoutMs} ms`);
  return new RecordingDownloadError('network', `download failed: ${(error as Error).message}`);
}
