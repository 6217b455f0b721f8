// What every storage route needs, and the one way routes touch tenant data: as the caller.
import type { IncomingMessage } from 'node:http';
import type { PoolClient } from 'pg';
import type { StackContext } from '../context.ts';
import { withClaims } from '../db.ts';
import type { BlobStore } from './blob-store.ts';
import type { Caller } from './caller.ts';

export interface StorageDeps {
  ctx: StackContext;
  store: BlobStore;
  verifyCaller: (req: IncomingMessage) => Promise<Caller>;
}

/** A transaction as the caller's role with the caller's claims: RLS on storage.* decides. */
export function asCaller<T>(deps: StorageDeps, caller: Caller, fn: (db: PoolClient) => Promise<T>): Promise<T> {
  return withClaims(deps.ctx.pool, caller.role, caller.claims, fn);
}

export interface BucketRow {
  id: string;
  public: boolean;
  file_size_limit: string | null;
  allowed_mime_types: string[] | null;
}

/**
 * Bucket settings read as the owner, as upstream does (`asSuperUser().findBucket`): upload limits
 * and the public flag must apply even though API roles cannot read storage.buckets themselves.
 */
export async function bucketSettings(deps: StorageDeps, bucketId: string): Promise<BucketRow | null> {
  const { rows } = await deps.ctx.pool.query<BucketRow>(
    'select id, public, file_size_limit, allowed_mime_types from storage.buckets where id = $1',
    [bucketId],
  );
  return rows[0] ?? null;
}
