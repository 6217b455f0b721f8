// POST /object/:bucket/*name (x-upsert: true|false) and PUT /object/:bucket/*name (upsert).
// Order of work, so that a row never exists without its bytes and failed uploads leave nothing:
// body → temp file; transaction as the caller { insert/upsert row (RLS decides), rename temp to the
// new version's file }; commit; only then delete the replaced version's file.
import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isUuid } from '../../../lib/uuid.ts';
import { HttpError, readBody, sendJson } from '../http.ts';
import { asCaller, bucketSettings, type StorageDeps } from './deps.ts';
import { errors, fromDbError, storageError } from './errors.ts';

/** Global cap on one upload, like hosted Supabase's default (50 MB on the free plan). */
export const UPLOAD_LIMIT_BYTES = 50 * 1024 * 1024;

interface Upload {
  bytes: Buffer;
  contentType: string;
  cacheControl: string;
  userMetadata: Record<string, unknown> | null;
}


export async function uploadObject(
  deps: StorageDeps,
  req: IncomingMessage,
  res: ServerResponse,
  bucketId: string,
  name: string,
  upsert: boolean,
): Promise<void> {
  const caller = await deps.verifyCaller(req);
  const bucket = await bucketSettings(deps, bucketId);
  if (!bucket) throw errors.noSuchBucket();
  const bucketLimit = bucket.file_size_limit === null ? Infinity : Number(bucket.file_size_limit);
  const upload = await readUpload(req, Math.min(UPLOAD_LIMIT_BYTES, bucketLimit));
  if (!mimeAllowed(bucket.allowed_mime_types, upload.contentType)) throw errors.invalidMimeType(upload.contentType);

  const version = randomUUID();
  const metadata = {
    eTag: `"${createHash('md5').update(upload.bytes).digest('hex')}"`,
    size: upload.bytes.length,
    mimetype: upload.contentType,
    cacheControl: upload.cacheControl,
    lastModified: new Date().toISOString(),
    contentLength: upload.bytes.length,
    httpStatusCode: 200,
  };
  const sub = typeof caller.claims.sub === 'string' ? caller.claims.sub : null;
  const tmp = await deps.store.writeTemp(upload.bytes);
  let result: { id: string; replaced: string | null };
  try {
    result = await asCaller(deps, caller, async (db) => {
      // Serialises writers of one name, so an upsert sees the version it replaces and no replaced
      // file is left behind. Under RLS the row is only found if the caller may update it.
      await db.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [`${bucketId}/${name}`]);
      let replaced: string | null = null;
      if (upsert) {
        const old = await db.query<{ version: string | null }>(
          'select version from storage.objects where bucket_id = $1 and name = $2 for update',
          [bucketId, name],
        );
        replaced = old.rows[0]?.version ?? null;
      }
      const { rows } = await db.query<{ id: string }>(
        `insert into storage.objects (bucket_id, name, owner, owner_id, metadata, user_metadata, version)
         values ($1, $2, $3, $4, $5, $6, $7)
         ${upsert ? UPSERT_CLAUSE : ''}
         returning id`,
        [bucketId, name, isUuid(sub) ? sub : null, sub, metadata, upload.userMetadata, version],
      );
      await deps.store.promote(tmp, bucketId, version);
      return { id: rows[0].id, replaced };
    });
  } catch (error) {
    // Rolled back: neither the temp file nor a promoted file may survive.
    await deps.store.discardTemp(tmp);
    await deps.store.remove(bucketId, version);
    throw fromDbError(error) ?? error;
  }
  if (result.replaced && result.replaced !== version) {
    await deps.store
      .remove(bucketId, result.replaced)
      .catch((e) => deps.ctx.log(`storage: could not delete replaced file: ${e}`));
  }
  sendJson(res, 200, { Id: result.id, Key: `${bucketId}/${name}` });
}

const UPSERT_CLAUSE = `on conflict (bucket_id, name) do update set
  owner = excluded.owner, owner_id = excluded.owner_id, metadata = excluded.metadata,
  user_metadata = excluded.user_metadata, version = excluded.version,
  updated_at = now(), last_accessed_at = now()`;

async function readUpload(req: IncomingMessage, limit: number): Promise<Upload> {
  let body: Buffer;
  try {
    body = await readBody(req, limit);
  } catch (error) {
    if (error instanceof HttpError && error.status === 413) throw errors.entityTooLarge();
    throw error;
  }
  const type = req.headers['content-type'] ?? '';
  // storage-js sends Blob/File/FormData bodies as multipart (file + cacheControl/metadata fields).
  if (/^multipart\/form-data/i.test(type)) {
    const form = await new Response(new Uint8Array(body), { headers: { 'content-type': type } }).formData().catch(() => {
      throw errors.invalidParameter('body');
    });
    const file = [...form.values()].find((v): v is File => typeof v !== 'string');
    if (!file) throw storageError(400, 'InvalidRequest', 'No content provided');
    const cacheControl = form.get('cacheControl');
    return {
      bytes: Buffer.from(await file.arrayBuffer()),
      contentType: file.type || 'application/octet-stream',
      cacheControl: typeof cacheControl === 'string' && cacheControl ? `max-age=${cacheControl}` : 'no-cache',
      userMetadata: parseUserMetadata(form.get('metadata'), false),
    };
  }
  return {
    bytes: body,
    contentType: type || 'application/octet-stream',
    cacheControl: req.headers['cache-control'] ?? 'no-cache',
    userMetadata: parseUserMetadata(req.headers['x-metadata'], true),
  };
}

function parseUserMetadata(value: unknown, base64: boolean): Record<string, unknown> | null {
  if (typeof value !== 'string' || value === '') return null;
  try {
    const parsed: unknown = JSON.parse(base64 ? Buffer.from(value, 'base64').toString('utf8') : value);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw errors.invalidParameter('metadata');
}

/** Bucket `allowed_mime_types` entries are exact types or `type/*` wildcards, as upstream. */
export function mimeAllowed(allowed: string[] | null, contentType: string): boolean {
  if (!allowed || allowed.length === 0) return true;
  const mime = contentType.split(';')[0].trim().toLowerCase();
  return allowed.some((entry) => {
    const rule = entry.trim().toLowerCase();
    return rule === mime || (rule.endsWith('/*') && mime.startsWith(rule.slice(0, -1)));
  });
}
