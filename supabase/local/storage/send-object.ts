// Streams stored bytes with the headers upstream sends, including single HTTP ranges: an <audio>
// element seeks by asking for `Range: bytes=N-` and needs a 206 with Content-Range to do so.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { sendJson } from '../http.ts';
import { errors, storageError } from './errors.ts';

export interface ObjectMetadata {
  mimetype?: string;
  cacheControl?: string;
  eTag?: string;
  lastModified?: string;
}

type Range = { start: number; end: number } | 'unsatisfiable' | null;

/** One `bytes=a-b`, `bytes=a-` or `bytes=-n` range. Anything else (multiple ranges) → whole body. */
export function parseRange(header: string | undefined, size: number): Range {
  const match = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!match || (match[1] === '' && match[2] === '')) return null;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size || start > end) return 'unsatisfiable';
  return { start, end };
}

export async function sendObject(
  req: IncomingMessage,
  res: ServerResponse,
  file: string,
  metadata: ObjectMetadata,
  download: { requested: boolean; filename: string },
): Promise<void> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch {
    // A row without bytes (e.g. its upload was overwritten a moment ago) reads as missing.
    throw errors.noSuchKey();
  }
  const range = parseRange(req.headers.range, size);
  if (range === 'unsatisfiable') {
    // A real 416 with the size, as HTTP caches and media elements expect.
    const { status, body } = storageError(416, 'InvalidRange', 'invalid range provided', 'invalid_range', 416);
    sendJson(res, status, body, { 'content-range': `bytes */${size}` });
    return;
  }
  const headers: Record<string, string> = {
    'content-type': metadata.mimetype ?? 'application/octet-stream',
    'cache-control': metadata.cacheControl ?? 'no-cache',
    'accept-ranges': 'bytes',
  };
  if (metadata.eTag) headers.etag = metadata.eTag;
  if (metadata.lastModified) headers['last-modified'] = new Date(metadata.lastModified).toUTCString();
  if (download.requested) headers['content-disposition'] = attachment(download.filename);
  const start = range?.start ?? 0;
  const end = range?.end ?? size - 1;
  headers['content-length'] = String(Math.max(0, end - start + 1));
  if (range) headers['content-range'] = `bytes ${start}-${end}/${size}`;
  res.writeHead(range ? 206 : 200, headers);
  if (req.method === 'HEAD' || size === 0) {
    res.end();
    return;
  }
  await pipeline(createReadStream(file, { start, end }), res);
}

/** RFC 6266 header; the file name comes from a query string, so it is encoded, never trusted. */
function attachment(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
