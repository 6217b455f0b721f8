// /bucket routes. storage.buckets has RLS and (here) no policies, so in practice only the service
// role creates, sees and deletes buckets; that is decided by Postgres, not by this file.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readJson, sendJson } from '../http.ts';
import { asCaller, type StorageDeps } from './deps.ts';
import { errors, fromDbError } from './errors.ts';
import { checkBucketId } from './names.ts';

// file_size_limit is bigint, which node-postgres returns as a string; the API returns a number.
const COLUMNS = `id, name, owner, owner_id, public, file_size_limit::float8 as file_size_limit, allowed_mime_types,
  created_at, updated_at, 'STANDARD' as type`;
const SORT_COLUMNS = new Set(['id', 'name', 'created_at', 'updated_at']);
const UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** `file_size_limit` as upstream accepts it: bytes, or a string such as "50MB". */
function parseSizeLimit(value: unknown): number | null {
  if (value === undefined || value === null || value === '' || value === 0) return null;
  let bytes = NaN;
  if (typeof value === 'number') bytes = value;
  else {
    const match = /^(\d+)\s*(b|kb|mb|gb)?$/i.exec(String(value));
    if (match) bytes = Number(match[1]) * UNITS[(match[2] ?? 'b').toLowerCase()];
  }
  if (!Number.isSafeInteger(bytes) || bytes < 1) throw errors.invalidParameter('file_size_limit');
  return bytes;
}

function parseMimeTypes(value: unknown): string[] | null {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && /^[\w.+-]+\/[\w.+*-]+$/.test(v))) {
    throw errors.invalidParameter('allowed_mime_types');
  }
  return value.length ? value : null;
}

/** POST /bucket {id, name, public, file_size_limit, allowed_mime_types} → {name} */
export async function createBucket(deps: StorageDeps, req: IncomingMessage, res: ServerResponse) {
  const caller = await deps.verifyCaller(req);
  const body = await readJson<Record<string, unknown>>(req);
  const id = checkBucketId(body.id ?? body.name);
  const fileSizeLimit = parseSizeLimit(body.file_size_limit);
  const mimeTypes = parseMimeTypes(body.allowed_mime_types);
  const sub = typeof caller.claims.sub === 'string' ? caller.claims.sub : null;
  try {
    await asCaller(deps, caller, (db) =>
      db.query(
        `insert into storage.buckets (id, name, owner_id, public, file_size_limit, allowed_mime_types)
         values ($1, $1, $2, $3, $4, $5)`,
        [id, sub, body.public === true, fileSizeLimit, mimeTypes],
      ),
    );
  } catch (error) {
    if ((error as { code?: string }).code === '23505') throw errors.bucketExists();
    throw fromDbError(error) ?? error;
  }
  sendJson(res, 200, { name: id });
}

/** GET /bucket?limit&offset&sortColumn&sortOrder&search */
export async function listBuckets(deps: StorageDeps, req: IncomingMessage, res: ServerResponse, url: URL) {
  const caller = await deps.verifyCaller(req);
  const q = url.searchParams;
  const column = q.get('sortColumn') ?? 'name';
  const order = (q.get('sortOrder') ?? 'asc').toLowerCase();
  if (!SORT_COLUMNS.has(column) || (order !== 'asc' && order !== 'desc')) throw errors.invalidParameter('sort');
  const limit = Math.min(Math.max(Number(q.get('limit') ?? 1000) || 1000, 1), 1000);
  const offset = Math.max(Number(q.get('offset') ?? 0) || 0, 0);
  const search = (q.get('search') ?? '').replace(/[\\%_]/g, (c) => `\\${c}`);
  const rows = await asCaller(deps, caller, async (db) =>
    (
      await db.query(
        `select ${COLUMNS} from storage.buckets where name ilike $1 escape '\\'
         order by ${column} ${order} limit $2 offset $3`,
        [`%${search}%`, limit, offset],
      )
    ).rows,
  );
  sendJson(res, 200, rows);
}

/** GET /bucket/:id */
export async function getBucket(deps: StorageDeps, req: IncomingMessage, res: ServerResponse, bucketId: string) {
  const caller = await deps.verifyCaller(req);
  const row = await asCaller(deps, caller, async (db) =>
    (await db.query(`select ${COLUMNS} from storage.buckets where id = $1`, [bucketId])).rows[0],
  );
  if (!row) throw errors.noSuchBucket();
  sendJson(res, 200, row);
}

/** POST /bucket/:id/empty: deletes the objects the caller may delete, then their bytes. */
export async function emptyBucket(deps: StorageDeps, req: IncomingMessage, res: ServerResponse, bucketId: string) {
  const caller = await deps.verifyCaller(req);
  const deleted = await asCaller(deps, caller, async (db) => {
    const found = await db.query('select 1 from storage.buckets where id = $1', [bucketId]);
    if (!found.rowCount) throw errors.noSuchBucket();
    return (await db.query<{ version: string | null }>('delete from storage.objects where bucket_id = $1 returning version', [bucketId])).rows;
  });
  for (const row of deleted) await deps.store.remove(bucketId, row.version);
  sendJson(res, 200, { message: 'Successfully emptied' });
}

/** DELETE /bucket/:id: only an empty bucket (the objects' foreign key enforces it). */
export async function deleteBucket(deps: StorageDeps, req: IncomingMessage, res: ServerResponse, bucketId: string) {
  const caller = await deps.verifyCaller(req);
  let deleted: number;
  try {
    deleted = await asCaller(deps, caller, async (db) =>
      (await db.query('delete from storage.buckets where id = $1', [bucketId])).rowCount ?? 0,
    );
  } catch (error) {
    if ((error as { code?: string }).code === '23503') throw errors.bucketNotEmpty();
    throw fromDbError(error) ?? error;
  }
  if (!deleted) throw errors.noSuchBucket();
  await deps.store.removeBucketDir(bucketId);
  sendJson(res, 200, { message: 'Successfully deleted' });
}
