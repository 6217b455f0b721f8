// Reading, listing and deleting objects. Every lookup runs as the caller, so an object the caller's
// RLS does not show answers exactly like one that does not exist.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readJson, sendJson } from '../http.ts';
import { asCaller, bucketSettings, type StorageDeps } from './deps.ts';
import { errors } from './errors.ts';
import { checkObjectName, checkPrefix } from './names.ts';
import { sendObject, type ObjectMetadata } from './send-object.ts';

interface ObjectRow {
  id: string;
  version: string | null;
  metadata: ObjectMetadata | null;
}

const FIND_OBJECT = 'select id, version, metadata from storage.objects where bucket_id = $1 and name = $2';

/** GET|HEAD /object/:bucket/*name and /object/authenticated/:bucket/*name */
export async function downloadObject(deps: StorageDeps, req: IncomingMessage, res: ServerResponse, url: URL, bucketId: string, name: string) {
  const caller = await deps.verifyCaller(req);
  const row = await asCaller(deps, caller, async (db) => (await db.query<ObjectRow>(FIND_OBJECT, [bucketId, name])).rows[0]);
  await sendRow(deps, req, res, url, bucketId, name, row);
}

/** GET|HEAD /object/public/:bucket/*name: only for public buckets; a private bucket never serves bytes. */
export async function publicObject(deps: StorageDeps, req: IncomingMessage, res: ServerResponse, url: URL, bucketId: string, name: string) {
  const bucket = await bucketSettings(deps, bucketId);
  if (!bucket?.public) throw errors.noSuchBucket();
  const { rows } = await deps.ctx.pool.query<ObjectRow>(FIND_OBJECT, [bucketId, name]);
  await sendRow(deps, req, res, url, bucketId, name, rows[0]);
}

/** Serves a row found by a route that already decided the caller may read it. */
export async function sendRow(
  deps: StorageDeps,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  bucketId: string,
  name: string,
  row: ObjectRow | undefined,
) {
  if (!row?.version) throw errors.noSuchKey();
  const download = url.searchParams.get('download');
  await sendObject(req, res, deps.store.path(bucketId, row.version), row.metadata ?? {}, {
    requested: download !== null,
    filename: download || name.split('/').pop()!,
  });
}

/** GET /object/info/:bucket/*name */
export async function objectInfo(deps: StorageDeps, req: IncomingMessage, res: ServerResponse, bucketId: string, name: string) {
  const caller = await deps.verifyCaller(req);
  const row = await asCaller(deps, caller, async (db) => {
    const { rows } = await db.query(
      `select id, name, version, bucket_id, metadata, user_metadata, updated_at, created_at
       from storage.objects where bucket_id = $1 and name = $2`,
      [bucketId, name],
    );
    return rows[0];
  });
  if (!row) throw errors.noSuchKey();
  const meta = (row.metadata ?? {}) as Record<string, unknown>;
  sendJson(res, 200, {
    id: row.id,
    name: row.name,
    version: row.version,
    bucket_id: row.bucket_id,
    size: meta.size ?? null,
    content_type: meta.mimetype ?? null,
    cache_control: meta.cacheControl ?? null,
    etag: meta.eTag ?? null,
    metadata: row.user_metadata ?? null,
    last_modified: meta.lastModified ?? row.updated_at,
    created_at: row.created_at,
  });
}

const SORT_COLUMNS = new Set(['name', 'updated_at', 'created_at', 'last_accessed_at']);

/** POST /object/list/:bucket {prefix, limit, offset, sortBy, search}: one folder level, folders first. */
export async function listObjects(deps: StorageDeps, req: IncomingMessage, res: ServerResponse, bucketId: string) {
  const caller = await deps.verifyCaller(req);
  const body = await readJson<Record<string, unknown>>(req);
  const prefix = checkPrefix(body.prefix);
  const folder = prefix && !prefix.endsWith('/') ? `${prefix}/` : prefix;
  const limit = intInRange(body.limit, 100, 1, 1000, 'limit');
  const offset = intInRange(body.offset, 0, 0, Number.MAX_SAFE_INTEGER, 'offset');
  const sortBy = (body.sortBy ?? {}) as { column?: unknown; order?: unknown };
  const column = sortBy.column ?? 'name';
  const order = String(sortBy.order ?? 'asc').toLowerCase();
  if (typeof column !== 'string' || !SORT_COLUMNS.has(column)) throw errors.invalidParameter('sortBy.column');
  if (order !== 'asc' && order !== 'desc') throw errors.invalidParameter('sortBy.order');
  const search = body.search ?? '';
  if (typeof search !== 'string') throw errors.invalidParameter('search');

  // Column and order are whitelisted above; every user string is a bind parameter, with LIKE
  // wildcards escaped so `%` or `_` in a prefix cannot widen the match.
  const rows = await asCaller(deps, caller, async (db) =>
    (
      await db.query(
        `with matched as (
           select substr(name, $3) as rest, id, updated_at, created_at, last_accessed_at, metadata
           from storage.objects
           where bucket_id = $1 and name like $2 escape '\\' and substr(name, $3) ilike $4 escape '\\'
         ), entries as (
           select split_part(rest, '/', 1) as name, null::uuid as id, null::timestamptz as updated_at,
                  null::timestamptz as created_at, null::timestamptz as last_accessed_at, null::jsonb as metadata, 0 as kind
           from matched where position('/' in rest) > 0 group by 1
           union all
           select rest, id, updated_at, created_at, last_accessed_at, metadata, 1
           from matched where position('/' in rest) = 0
         )
         select name, id, updated_at, created_at, last_accessed_at, metadata from entries
         order by kind, ${column} ${order}, name ${order}
         limit $5 offset $6`,
        [bucketId, `${escapeLike(folder)}%`, folder.length + 1, `${escapeLike(search)}%`, limit, offset],
      )
    ).rows,
  );
  sendJson(res, 200, rows);
}

/** DELETE /object/:bucket {prefixes}: deletes what the caller's RLS lets it delete, returns those rows. */
export async function removeObjects(deps: StorageDeps, req: IncomingMessage, res: ServerResponse, bucketId: string) {
  const caller = await deps.verifyCaller(req);
  const body = await readJson<{ prefixes?: unknown }>(req);
  if (!Array.isArray(body.prefixes) || body.prefixes.length === 0 || body.prefixes.length > 1000) {
    throw errors.invalidParameter('prefixes');
  }
  const names: string[] = [];
  const versions: (string | null)[] = [];
  for (const entry of body.prefixes as unknown[]) {
    const target = typeof entry === 'string' ? { path: entry } : ((entry ?? {}) as { path?: unknown; versionId?: unknown });
    names.push(checkObjectName(target.path));
    versions.push(typeof target.versionId === 'string' ? target.versionId : null);
  }
  const deleted = await asCaller(deps, caller, async (db) =>
    (
      await db.query(
        `delete from storage.objects o
         using unnest($2::text[], $3::text[]) as t(name, version)
         where o.bucket_id = $1 and o.name = t.name and (t.version is null or o.version = t.version)
         returning o.id, o.name, o.bucket_id, o.owner, o.owner_id, o.version, o.metadata, o.user_metadata,
                   o.created_at, o.updated_at, o.last_accessed_at`,
        [bucketId, names, versions],
      )
    ).rows,
  );
  // After the commit: a failed delete keeps the bytes its surviving row points at.
  for (const row of deleted) {
    await deps.store.remove(bucketId, row.version).catch((e) => deps.ctx.log(`storage: could not delete file: ${e}`));
  }
  sendJson(res, 200, deleted);
}

function intInRange(value: unknown, fallback: number, min: number, max: number, name: string): number {
  if (value === undefined || value === null) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw errors.invalidParameter(name);
  return Math.min(n, max);
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
