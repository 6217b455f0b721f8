// Signed URLs, as upstream: a short HS256 JWT {url: 'bucket/name', iat, exp} under a server-only
// secret. Issuing one requires that the caller can SELECT the object under RLS; fetching through it
// needs no other credential, and the token only ever opens the exact bucket/name it was signed for.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { jwtVerify, SignJWT } from 'jose';
import { readJson, sendJson } from '../http.ts';
import { jwtMessage } from './caller.ts';
import { asCaller, type StorageDeps } from './deps.ts';
import { errors } from './errors.ts';
import { checkObjectName } from './names.ts';
import { sendRow } from './objects.ts';

const NOT_VISIBLE = 'Either the object does not exist or you do not have access to it';

async function signedPath(deps: StorageDeps, bucketId: string, name: string, expiresIn: number): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({ url: `${bucketId}/${name}` })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(now)
    .setExpirationTime(now + expiresIn)
    .sign(deps.ctx.keys.urlSigningSecret);
  // Not percent-encoded: storage-js runs encodeURI over base URL + this path, as upstream expects.
  return `/object/sign/${bucketId}/${name}?token=${token}`;
}

function checkExpiresIn(value: unknown): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw errors.invalidParameter('expiresIn');
  return n;
}

/** POST /object/sign/:bucket/*name {expiresIn} → {signedURL} */
export async function createSignedUrl(deps: StorageDeps, req: IncomingMessage, res: ServerResponse, bucketId: string, name: string) {
  const caller = await deps.verifyCaller(req);
  const body = await readJson<{ expiresIn?: unknown }>(req);
  const expiresIn = checkExpiresIn(body.expiresIn);
  const visible = await asCaller(deps, caller, async (db) =>
    (await db.query('select 1 from storage.objects where bucket_id = $1 and name = $2', [bucketId, name])).rowCount,
  );
  if (!visible) throw errors.noSuchKey();
  sendJson(res, 200, { signedURL: await signedPath(deps, bucketId, name, expiresIn) });
}

/** POST /object/sign/:bucket {expiresIn, paths} → [{error, path, signedURL}] */
export async function createSignedUrls(deps: StorageDeps, req: IncomingMessage, res: ServerResponse, bucketId: string) {
  const caller = await deps.verifyCaller(req);
  const body = await readJson<{ expiresIn?: unknown; paths?: unknown }>(req);
  const expiresIn = checkExpiresIn(body.expiresIn);
  if (!Array.isArray(body.paths) || body.paths.length === 0 || body.paths.length > 1000) throw errors.invalidParameter('paths');
  const paths = body.paths.map(checkObjectName);
  const visible = await asCaller(deps, caller, async (db) => {
    const { rows } = await db.query<{ name: string }>(
      'select name from storage.objects where bucket_id = $1 and name = any($2::text[])',
      [bucketId, paths],
    );
    return new Set(rows.map((r) => r.name));
  });
  const result = await Promise.all(
    paths.map(async (path) =>
      visible.has(path)
        ? { error: null, path, signedURL: await signedPath(deps, bucketId, path, expiresIn) }
        : { error: NOT_VISIBLE, path, signedURL: null },
    ),
  );
  sendJson(res, 200, result);
}

/** GET|HEAD /object/sign/:bucket/*name?token=… */
export async function fetchSigned(deps: StorageDeps, req: IncomingMessage, res: ServerResponse, url: URL, bucketId: string, name: string) {
  const token = url.searchParams.get('token');
  if (!token) throw errors.invalidJwt('jwt must be provided');
  let claimedUrl: unknown;
  try {
    ({ payload: { url: claimedUrl } } = await jwtVerify(token, deps.ctx.keys.urlSigningSecret, { algorithms: ['HS256'] }));
  } catch (error) {
    throw errors.invalidJwt(jwtMessage(error));
  }
  if (claimedUrl !== `${bucketId}/${name}`) throw errors.invalidSignature();
  // The token is the authorization (checked under RLS when it was issued): read as the owner.
  const { rows } = await deps.ctx.pool.query(
    'select id, version, metadata from storage.objects where bucket_id = $1 and name = $2',
    [bucketId, name],
  );
  await sendRow(deps, req, res, url, bucketId, name, rows[0]);
}
