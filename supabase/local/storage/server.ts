// Local Storage: the subset of the Supabase Storage HTTP API the app and tests use, over the same
// storage.buckets / storage.objects tables. Every query about tenant data runs as the caller's role
// with the caller's claims, so storage.objects RLS decides, as on hosted Supabase.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServiceHandler, StackContext } from '../context.ts';
import { databaseUnreachable } from '../db.ts';
import { HttpError, sendJson } from '../http.ts';
import { BlobStore } from './blob-store.ts';
import { createBucket, deleteBucket, emptyBucket, getBucket, listBuckets } from './buckets.ts';
import { createCallerVerifier } from './caller.ts';
import type { StorageDeps } from './deps.ts';
import { errors, fromDbError } from './errors.ts';
import { bucketIdFromRawSegment, objectNameFromRawSegments } from './names.ts';
import { downloadObject, listObjects, objectInfo, publicObject, removeObjects } from './objects.ts';
import { createSignedUrl, createSignedUrls, fetchSigned } from './signed-urls.ts';
import { uploadObject } from './upload.ts';

const PREFIX = '/storage/v1/';

export function createStorageService(ctx: StackContext): ServiceHandler {
  const deps: StorageDeps = { ctx, store: new BlobStore(ctx.dataDir), verifyCaller: createCallerVerifier(ctx.keys) };
  return async (req, res, _path, url) => {
    try {
      await route(deps, req, res, url);
    } catch (error) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const known = error instanceof HttpError ? error : fromDbError(error);
      if (known) {
        sendJson(res, known.status, known.body);
        return;
      }
      if (databaseUnreachable(error)) {
        sendJson(res, 503, { statusCode: '503', error: 'service_unavailable', message: 'Service Unavailable' });
        return;
      }
      ctx.log(`storage: ${req.method} ${url.pathname} failed: ${(error as Error).stack ?? String(error)}`);
      const internal = errors.internal();
      sendJson(res, internal.status, internal.body);
    }
  };
}

async function route(deps: StorageDeps, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  // Route on the raw path: the gateway's URL has already resolved dot segments, which would turn
  // `org-a/../org-b/x` into `org-b/x` instead of refusing it.
  const raw = (req.url ?? '/').split('?')[0];
  if (!raw.startsWith(PREFIX)) throw raw === '/storage/v1' ? errors.notFoundRoute(req.method ?? 'GET', raw) : errors.invalidKey(raw);
  const segs = raw.slice(PREFIX.length).split('/');
  const method = req.method ?? 'GET';
  const read = method === 'GET' || method === 'HEAD';
  const bucket = (i: number) => bucketIdFromRawSegment(segs[i]);
  const name = (from: number) => objectNameFromRawSegments(segs.slice(from));

  if (segs[0] === 'bucket') {
    if (segs.length === 1 && method === 'GET') return listBuckets(deps, req, res, url);
    if (segs.length === 1 && method === 'POST') return createBucket(deps, req, res);
    if (segs.length === 2 && method === 'GET') return getBucket(deps, req, res, bucket(1));
    if (segs.length === 2 && method === 'DELETE') return deleteBucket(deps, req, res, bucket(1));
    if (segs.length === 3 && segs[2] === 'empty' && method === 'POST') return emptyBucket(deps, req, res, bucket(1));
  }
  if (segs[0] === 'object' && segs.length >= 2) {
    const [, kind] = segs;
    if (kind === 'list' && segs.length === 3 && method === 'POST') return listObjects(deps, req, res, bucket(2));
    if (kind === 'sign' && segs.length === 3 && method === 'POST') return createSignedUrls(deps, req, res, bucket(2));
    if (kind === 'sign' && segs.length > 3 && method === 'POST') return createSignedUrl(deps, req, res, bucket(2), name(3));
    if (kind === 'sign' && segs.length > 3 && read) return fetchSigned(deps, req, res, url, bucket(2), name(3));
    if (kind === 'public' && segs.length > 3 && read) return publicObject(deps, req, res, url, bucket(2), name(3));
    if (kind === 'authenticated' && segs.length > 3 && read) return downloadObject(deps, req, res, url, bucket(2), name(3));
    if (kind === 'info' && segs[2] === 'authenticated' && segs.length > 4 && method === 'GET') {
      return objectInfo(deps, req, res, bucket(3), name(4));
    }
    if (kind === 'info' && segs.length > 3 && method === 'GET') return objectInfo(deps, req, res, bucket(2), name(3));
    if (!RESERVED.has(kind)) {
      if (segs.length === 2 && method === 'DELETE') return removeObjects(deps, req, res, bucket(1));
      if (segs.length > 2 && method === 'POST') {
        return uploadObject(deps, req, res, bucket(1), name(2), req.headers['x-upsert'] === 'true');
      }
      // PUT replaces (and, as upstream, creates when missing).
      if (segs.length > 2 && method === 'PUT') return uploadObject(deps, req, res, bucket(1), name(2), true);
      if (segs.length > 2 && read) return downloadObject(deps, req, res, url, bucket(1), name(2));
    }
  }
  throw errors.notFoundRoute(method, raw);
}

// First segments after /object/ that are routes, never bucket ids (as upstream's static routes).
const RESERVED = new Set(['list', 'sign', 'public', 'authenticated', 'info', 'move', 'copy', 'upload', 'list-v2']);
